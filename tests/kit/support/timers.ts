// Fake timers for the kit's tests, the same calls under Vitest and Jest (jest.config.cjs maps this file to
// timers.jest.ts), so one test file runs in both runners.
import { vi } from 'vitest'

export const timers = {
  useFake: () => void vi.useFakeTimers(),
  useReal: () => void vi.useRealTimers(),
  advance: (ms: number) => void vi.advanceTimersByTime(ms),
}
