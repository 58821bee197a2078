// TEMP (lead): replaced by the helper's shim at merge.
import { vi } from 'vitest'
export const timers = {
  useFake: () => void vi.useFakeTimers(),
  useReal: () => void vi.useRealTimers(),
  advance: (ms: number) => void vi.advanceTimersByTime(ms),
  runPending: () => void vi.runOnlyPendingTimers(),
}
