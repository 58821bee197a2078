import type { Clock } from './types'

/** Reads the globals when called, not at import, so fake timers installed later still apply. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** A timer slot: at most one pending callback, replaced by the next `set`. */
export function createTimer(clock: () => Clock) {
  let handle: unknown
  let pending = false
  const clear = () => {
    if (pending) clock().clearTimeout(handle)
    pending = false
  }
  return {
    set(callback: () => void, ms: number) {
      clear()
      // setTimeout fires at once past 2^31 − 1 ms: Infinity, or anything that long, means never.
      if (!(ms <= 0x7fffffff)) return
      pending = true
      handle = clock().setTimeout(() => {
        pending = false
        callback()
      }, ms)
    },
    clear,
  }
}
