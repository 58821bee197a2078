import type { Connection, Snapshot } from 'react-glock/core'

/** Resolves when the connection's snapshot satisfies `predicate` (checked now and on every notification). */
export function until<S>(
  connection: Connection<S, any>,
  predicate: (snapshot: Snapshot<S>) => boolean,
): Promise<Snapshot<S>> {
  return new Promise((resolve) => {
    const check = () => {
      const snapshot = connection.getSnapshot()
      if (!predicate(snapshot)) return false
      stop()
      resolve(snapshot)
      return true
    }
    const stop = connection.subscribe(check)
    check()
  })
}
