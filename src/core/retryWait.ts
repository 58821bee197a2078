import { createTimer } from './clock'
import type { Clock } from './types'

/** A retry wait is checked at least this often, so a wake from sleep retries without waiting out the backoff. */
export const WAKE_CHECK = 5_000

/**
 * Waits until a time on the clock, in steps of at most `WAKE_CHECK`. A step that fires far later than asked
 * means the machine slept: the wait ends at once.
 */
export function createRetryWait(clock: () => Clock) {
  const timer = createTimer(clock)
  function wait(at: number, onDue: () => void) {
    const now = clock().now()
    // A time already past is due at once.
    const step = Math.max(0, Math.min(at - now, WAKE_CHECK))
    timer.set(() => {
      const time = clock().now()
      // Later than asked by more than WAKE_CHECK: the machine slept.
      if (time >= at || time - now - step > WAKE_CHECK) onDue()
      else wait(at, onDue)
    }, step)
  }
  return { wait, cancel: timer.clear }
}
