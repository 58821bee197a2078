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
  /** The clock the pending callback was set on: options may bring another clock meanwhile. */
  let owner: Clock | undefined
  const clear = () => {
    owner?.clearTimeout(handle)
    owner = undefined
  }
  return {
    set(callback: () => void, ms: number) {
      clear()
      // setTimeout fires at once past 2^31 − 1 ms: Infinity, or anything that long, means never.
      if (!(ms <= 0x7fffffff)) return
      const current = (owner = clock())
      handle = current.setTimeout(() => {
        if (owner === current) owner = undefined
        callback()
      }, ms)
    },
    clear,
  }
}
