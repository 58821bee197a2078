import type { Connection, Snapshot } from 'react-glock/core'

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

/** Lets pending I/O callbacks run: one trip round the event loop (not a timed wait). */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
