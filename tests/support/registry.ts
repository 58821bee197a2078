import type { Connection } from 'react-glock/core'

/** Closes whatever the hook's registry still holds, so no socket outlives its test. */
export function closeAllConnections() {
  const registry = (globalThis as Record<symbol, Map<string, { connection: Connection }> | undefined>)[
    Symbol.for('react-glock.registry')
  ]
  registry?.forEach(({ connection }) => connection.close())
  registry?.clear()
}
