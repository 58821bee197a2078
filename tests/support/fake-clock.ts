import { vi } from 'vitest'
import type { Clock } from 'react-glock/core'

/**
 * A clock the test drives, for the core's parts. `advance` moves time and fires the timers that fall due, in the
 * order they fall due; `sleep` moves time without firing anything, as a machine that was asleep does, and the late
 * timers fire on the next `advance`.
 */
export function fakeClock(start = 0) {
  let time = start
  let nextHandle = 0
  const timers = new Map<number, { at: number; callback: () => void }>()
  const clock: Clock = {
    now: () => time,
    setTimeout: vi.fn((callback: () => void, ms: number) => {
      timers.set(++nextHandle, { at: time + ms, callback })
      return nextHandle
    }),
    clearTimeout: (handle) => void timers.delete(handle as number),
  }
  return {
    clock,
    now: () => time,
    /** The delays of the timers still pending, from now, soonest first. */
    pending: () => [...timers.values()].map((timer) => timer.at - time).sort((a, b) => a - b),
    advance(ms: number) {
      const end = time + ms
      for (;;) {
        const due = [...timers].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        time = Math.max(time, due[1].at)
        due[1].callback()
      }
      time = end
    },
    sleep(ms: number) {
      time += ms
    },
  }
}
