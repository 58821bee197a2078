import { afterAll, afterEach, expect, test } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { connect, type Connection, type GlockError } from 'react-glock/core'
import { countingWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startServer, type TestServer } from '../support/server'
import { turn, until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

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

const THROWS = 2
const RETRY_DELAY = 100

test('10. the WebSocket constructor throwing is a socket_error and a failed attempt, retried by the policy', async () => {
  server = await startServer()
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket, { throwFirst: THROWS })
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
        logger: silentLogger,
        onError: (error) => errors.push(error),
        reconnect: { minDelay: RETRY_DELAY, maxDelay: RETRY_DELAY },
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
  clock.advance(RETRY_DELAY)
  const second = connection!.getSnapshot()
  expect(second).toMatchObject({ status: 'connecting', attempt: 2 })
  clock.advance(RETRY_DELAY)
  const opened = await until(connection!, (s) => s.status === 'open')
  expect(opens).toEqual([2])
  expect(opened.error).toBeNull()
  expect(traced.attempts).toBe(3)
  expect(errors.map((error) => error.code)).toEqual(['socket_error', 'socket_error'])

  record('10-constructor-throws', {
    throws: THROWS,
    thrownByConnect: thrown !== null,
    constructorCalls: traced.attempts,
    failedAttempts: [first.attempt, second.attempt],
    retryDelayMs: RETRY_DELAY,
    openedOnRetry: opens[0] ?? null,
    errors: errors.map((error) => error.code),
  })
})

test('10b. with reconnect off, a throwing WebSocket constructor ends the connection with socket_error, still without an exception', () => {
  const once = countingWebSocket(NodeWebSocket, { throwFirst: 1 })
  const ended = connect(
    'ws://never.invalid/',
    {},
    { WebSocket: once.WebSocket, logger: silentLogger, onError() {}, reconnect: false },
  )
  expect(ended.getSnapshot()).toMatchObject({ status: 'closed' })
  expect(ended.getSnapshot().error?.code).toBe('socket_error')

  record('10-constructor-throws', {
    withoutReconnect: { status: ended.getSnapshot().status, error: ended.getSnapshot().error?.code ?? null },
  })
})

test('a constructor that throws after an async URL function is no unhandled rejection', async () => {
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket, { throwFirst: 1 })
  const before = rejections.length
  connection = connect(
    async () => 'ws://never.invalid/',
    {},
    {
      key: 'throwing',
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: silentLogger,
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
])('11. a $kind url function is called before every attempt (a fresh token each time)', async ({ kind, make }) => {
  server = await startServer()
  const paths: string[] = []
  server.wss.on('connection', (_socket, request) => paths.push(request.url!))
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  let calls = 0
  connection = connect(
    () => make(`${server!.url}/?token=t${++calls}`),
    {},
    {
      key: 'tokens',
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: silentLogger,
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
  expect(traced.made.map((socket) => new URL(socket.url).search)).toEqual(['?token=t1', '?token=t2', '?token=t3'])

  record(`11-url-function-${kind}`, { kind, calls, attempts: traced.made.length, paths })
})

test('a slow async url function cannot open a socket after close()', async () => {
  const traced = countingWebSocket(NodeWebSocket)
  let resolveUrl: (url: string) => void = () => {}
  connection = connect(
    () => new Promise<string>((resolve) => (resolveUrl = resolve)),
    {},
    {
      key: 'slow',
      WebSocket: traced.WebSocket,
      notify: 'sync',
      logger: silentLogger,
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
  const traced = countingWebSocket(NodeWebSocket)
  let calls = 0
  connection = connect(
    () => (calls++, new Promise<string>(() => {})),
    {},
    {
      key: 'hanging',
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: silentLogger,
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
