import { jest } from '@jest/globals'

// timers.ts for Jest: its default (modern) fake timers.
export const timers = {
  useFake: () => void jest.useFakeTimers(),
  useReal: () => void jest.useRealTimers(),
  advance: (ms: number) => void jest.advanceTimersByTime(ms),
}
