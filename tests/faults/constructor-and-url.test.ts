import { afterAll, afterEach, expect, test } from 'vitest'
import { connect, type Connection, type GlockError } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { ManualClock } from './support/clock'
import { quiet, record } from './support/figures'
import { tracedWebSocket } from './support/sockets'
import { turn, until } from './support/wait'

let server: TestServer | undefined
let connection: Connection<any, any> | undefined
const rejections: unknown[] = []
const onRejection = (reason: unknown) => rejections.push(reason)
process.on('unhandledRejection', onRejection)
afterAll(() => void process.off('unhandledRejection', onRejection))
afterEach(async () => {
  connection?.close()
  connection = undefined
  await server?.close()
  server = undefined
})

test('the WebSocket constructor throwing is a socket_error and a failed attempt, retried by the policy', async () => {
  server = await startServer()
  const clock = new ManualClock()
  const traced = tracedWebSocket({ throwFirst: 2 })
  const errors: GlockError[] = []
  const opens: number[] = []
  let thrown: unknown = null
  try {
    connection = connect(
      server.url,
      { open: (state, info) => (opens.push(info.attempt), { state }) },
      {
        WebSocket: traced.WebSocket,
        clock,
        notify: 'sync',
        logger: quiet,
        onError: (error) => errors.push(error),
        reconnect: { minDelay: 100, maxDelay: 100 },
      },
    )
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeNull()
  const first = connection!.getSnapshot()
  expect(first).toMatchObject({ status: 'connecting', attempt: 1, lastClose: { code: 1006, wasClean: false } })
  expect(first.error?.code).toBe('socket_error')
  expect(first.error?.message).toContain('threw: Refused to connect because it violates the Content Security Policy')
  expect(first.error?.cause).toBeInstanceOf(SyntaxError)
  clock.advance(100)
  expect(connection!.getSnapshot()).toMatchObject({ status: 'connecting', attempt: 2 })
  clock.advance(100)
  const opened = await until(connection!, (s) => s.status === 'open')
  expect(opens).toEqual([2])
  expect(opened.error).toBeNull()
  expect(traced.attempts).toBe(3)
  expect(errors.map((error) => error.code)).toEqual(['socket_error', 'socket_error'])

  // With reconnect off, the same throw ends the connection, still without an exception.
  const once = tracedWebSocket({ throwFirst: 1 })
  const ended = connect(server.url, {}, { WebSocket: once.WebSocket, logger: quiet, onError() {}, reconnect: false })
  expect(ended.getSnapshot()).toMatchObject({ status: 'closed' })
  expect(ended.getSnapshot().error?.code).toBe('socket_error')

  record('10-constructor-throws', {
    order: 10,
    fault: 'The WebSocket constructor throws (CSP block, bad protocols) on the first 2 attempts',
    did: `no exception from connect(); 'socket_error' on the snapshot and onError each time, each counted as a failed attempt (retry 1, 2 after 100 ms), opened on retry ${opens[0]}; with reconnect: false, status 'closed' with 'socket_error'`,
    lost: 'nothing',
    figures: {
      throws: 2,
      constructorCalls: traced.attempts,
      openedOnRetry: opens[0],
      errors: errors.map((error) => error.code),
    },
  })
})

test('a constructor that throws after an async URL function is no unhandled rejection', async () => {
  const clock = new ManualClock()
  const traced = tracedWebSocket({ throwFirst: 1 })
  const before = rejections.length
  connection = connect(
    async () => 'ws://never.invalid/',
    {},
    {
      key: 'throwing',
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: quiet,
      onError() {},
      reconnect: { minDelay: 100, maxDelay: 100 },
    },
  )
  const failed = await until(connection, (s) => s.error !== null)
  expect(failed.error?.code).toBe('socket_error')
  // Rejections are reported after the microtask queue drains: give the event loop two turns.
  await turn()
  await turn()
  expect(rejections.slice(before)).toEqual([])
  expect(connection.getSnapshot()).toMatchObject({ status: 'connecting', attempt: 1 })
})

test.each([
  { kind: 'sync', make: (url: string) => url },
  { kind: 'async', make: (url: string) => new Promise<string>((resolve) => setImmediate(() => resolve(url))) },
])('a $kind url function is called before every attempt (a fresh token each time)', async ({ kind, make }) => {
  server = await startServer()
  const paths: string[] = []
  server.wss.on('connection', (_socket, request) => paths.push(request.url!))
  const clock = new ManualClock()
  const traced = tracedWebSocket()
  let calls = 0
  connection = connect(
    () => make(`${server!.url}/?token=t${++calls}`),
    {},
    {
      key: 'tokens',
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: quiet,
      onError() {},
      reconnect: { minDelay: 100, maxDelay: 100 },
    },
  )
  await until(connection, (s) => s.status === 'open')
  expect(calls).toBe(1)
  // A drop and a retry: called again, once.
  server.kill()
  await until(connection, (s) => s.nextRetryAt !== null)
  expect(calls).toBe(1)
  clock.advance(100)
  await until(connection, (s) => s.status === 'open')
  expect(calls).toBe(2)
  // reconnect(): called again, once.
  connection.reconnect()
  await until(connection, (s) => s.status === 'open' && paths.length === 3)
  expect(calls).toBe(3)
  expect(paths).toEqual(['/?token=t1', '/?token=t2', '/?token=t3'])
  expect(traced.sockets.map((socket) => new URL(socket.url).search)).toEqual(['?token=t1', '?token=t2', '?token=t3'])

  record(`11-url-function-${kind}`, {
    order: kind === 'sync' ? 11 : 11.1,
    fault: `url given as a${kind === 'async' ? 'n async' : ''} function (fresh token per attempt); a drop, then reconnect()`,
    did: `called it ${calls} times for ${traced.sockets.length} attempts (first connect, retry after the drop, reconnect()); the server saw tokens ${paths.map((path) => path.split('=')[1]).join(', ')}`,
    lost: 'nothing',
    figures: { calls, attempts: traced.sockets.length, paths },
  })
})

test('a slow async url function cannot open a socket after close()', async () => {
  const traced = tracedWebSocket()
  let resolveUrl: (url: string) => void = () => {}
  connection = connect(
    () => new Promise<string>((resolve) => (resolveUrl = resolve)),
    {},
    {
      key: 'slow',
      WebSocket: traced.WebSocket,
      notify: 'sync',
      logger: quiet,
    },
  )
  expect(connection.getSnapshot().status).toBe('connecting')
  connection.close()
  expect(connection.getSnapshot().status).toBe('closed')
  resolveUrl('ws://never.invalid/')
  await turn()
  expect(traced.attempts).toBe(0)
  expect(connection.getSnapshot().status).toBe('closed')
})

test('a url function that never settles is a failed attempt after connectTimeout, then retried', async () => {
  const clock = new ManualClock()
  const traced = tracedWebSocket()
  let calls = 0
  connection = connect(
    () => (calls++, new Promise<string>(() => {})),
    {},
    {
      key: 'hanging',
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: quiet,
      onError() {},
      connectTimeout: 1_000,
      reconnect: { minDelay: 100, maxDelay: 100 },
    },
  )
  await turn()
  expect(calls).toBe(1)
  clock.advance(999)
  expect(connection.getSnapshot()).toMatchObject({ status: 'connecting', attempt: 0 })
  clock.advance(1)
  const failed = connection.getSnapshot()
  expect(failed).toMatchObject({ status: 'connecting', attempt: 1 })
  expect(failed.error?.code).toBe('connect_timeout')
  clock.advance(100)
  await turn()
  expect(calls).toBe(2)
  expect(traced.attempts).toBe(0)
})
