import { once, type EventEmitter } from 'node:events'
import type { Connection, Snapshot } from 'react-glock/core'

// The one place tests wait. Every wait here ends on an event or a state change, never on a timer.

/** Resolves with the first snapshot that satisfies `predicate`, checked now and on every notification. */
export function until<S>(
  connection: Connection<S, any>,
  predicate: (snapshot: Snapshot<S>) => boolean,
): Promise<Snapshot<S>> {
  return new Promise((resolve) => {
    let stop = () => {}
    const check = () => {
      const snapshot = connection.getSnapshot()
      if (!predicate(snapshot)) return
      stop()
      resolve(snapshot)
    }
    stop = connection.subscribe(check)
    check()
  })
}

/** A count that can be awaited: whatever changes it calls `bump()`; `reached(n)` resolves with the count once it is `n` or more. */
export function counter() {
  let value = 0
  let waiters: Array<{ count: number; resolve: (value: number) => void }> = []
  return {
    get value() {
      return value
    },
    bump() {
      value++
      waiters = waiters.filter((waiter) => (value >= waiter.count ? (waiter.resolve(value), false) : true))
    },
    reached: (count: number) =>
      new Promise<number>((resolve) => (value >= count ? resolve(value) : waiters.push({ count, resolve }))),
  }
}

/** Lets pending I/O callbacks run: one trip round the event loop (not a timed wait). */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Takes event-loop turns until `condition()` holds; resolves with how many it took, or Infinity if `limit` turns were not enough. */
export async function turnsUntil(condition: () => boolean, limit: number): Promise<number> {
  for (let turns = 0; turns <= limit; turns++) {
    if (condition()) return turns
    if (turns < limit) await turn()
  }
  return Infinity
}

/** Resolves when a `ws` socket (client or server side) has closed. */
export function closedOf(socket: EventEmitter & { readonly readyState: number }): Promise<unknown> {
  return socket.readyState === 3 ? Promise.resolve() : once(socket, 'close')
}
