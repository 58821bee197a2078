import type { Clock } from 'react-glock/core'

interface Pending {
  due: number
  order: number
  callback: () => void
}

/**
 * A clock the test moves by hand. `now()` is wall time (what `nextRetryAt` is measured in);
 * timers run on a monotonic time that only `advance` moves, so `sleep` can model a laptop
 * lid: wall time jumps, timers fire late.
 */
export class ManualClock implements Clock {
  /** Wall time, ms since the epoch. */
  wall = Date.UTC(2025, 0, 1)
  /** Monotonic time that timers are scheduled on, ms since the clock was made. */
  monotonic = 0
  /** Every delay ever asked for, in order. */
  readonly requested: number[] = []
  private timers = new Map<number, Pending>()
  private made = 0

  now = () => this.wall

  setTimeout = (callback: () => void, ms: number): unknown => {
    const handle = ++this.made
    this.requested.push(ms)
    this.timers.set(handle, { due: this.monotonic + Math.max(0, ms), order: handle, callback })
    return handle
  }

  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number)
  }

  /** Timers scheduled and not yet fired or cleared. */
  get pending(): number {
    return this.timers.size
  }

  /** How long until the next timer is due, or null when none is pending. */
  get nextIn(): number | null {
    let next: number | null = null
    for (const timer of this.timers.values()) if (next === null || timer.due < next) next = timer.due
    return next === null ? null : next - this.monotonic
  }

  /** Moves both times forward by `ms`, firing due timers in order (timers they schedule included). */
  advance(ms: number) {
    const target = this.monotonic + ms
    for (;;) {
      let first: [number, Pending] | undefined
      for (const entry of this.timers) {
        if (
          entry[1].due <= target &&
          (!first || entry[1].due < first[1].due || (entry[1].due === first[1].due && entry[1].order < first[1].order))
        )
          first = entry
      }
      if (!first) break
      const [handle, timer] = first
      this.timers.delete(handle)
      this.wall += timer.due - this.monotonic
      this.monotonic = timer.due
      timer.callback()
    }
    this.wall += target - this.monotonic
    this.monotonic = target
  }

  /** The machine sleeps for `ms`: wall time moves on, timers do not fire (they fire late on `advance`). */
  sleep(ms: number) {
    this.wall += ms
  }
}
