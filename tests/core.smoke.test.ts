import { afterEach, expect, test } from 'vitest'
import { WebSocket } from 'ws'
import { connect, type Connection } from 'react-glock/core'
import { startServer, type TestServer } from './support/server'

let server: TestServer
afterEach(() => server?.close())

function until<S>(connection: Connection<S>, predicate: (s: ReturnType<Connection<S>['getSnapshot']>) => boolean) {
  return new Promise<void>((resolve) => {
    if (predicate(connection.getSnapshot())) return resolve()
    const stop = connection.subscribe(() => predicate(connection.getSnapshot()) && (stop(), resolve()))
  })
}

test('smoke', async () => {
  server = await startServer()
  const c = connect(server.url, undefined, { WebSocket: WebSocket as never, logger: { debug() {}, warn() {}, error() {} } })
  expect(c.push('queued')).toBe(true)
  await until(c, (s) => s.status === 'open')
  await until(c, (s) => (s.state as any)?.data === 'queued')
  c.close()
  await until(c, (s) => s.status === 'closed')
  expect(c.getSnapshot().lastClose).toEqual({ code: 1000, reason: '', wasClean: true })
})
