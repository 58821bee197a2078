import { afterAll, afterEach, expect, test } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { connect, type CloseFrame, type Handlers } from 'react-glock/core'
import { countingWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startServer, type TestServer } from '../support/server'
import { until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

let server: TestServer | undefined
afterEach(() => server?.close())

const RETRY_DELAY = 400
/** Long enough for any retry the policy could have scheduled. */
const AN_HOUR = 3_600_000

type Outcome = {
  code: number
  /** Who closed: the server (a close frame), the app (`close()`) or a handler (a `close` step). */
  by: 'server' | 'close()' | 'close step'
  override: boolean
  reconnected: boolean
  asked: Array<[number, number]>
}
const outcomes: Outcome[] = []

const cases = [
  { code: 1000, byDefault: false },
  { code: 4000, byDefault: false },
  { code: 1001, byDefault: true },
  { code: 1012, byDefault: true },
]

test.each(
  cases.flatMap((c) => [
    { ...c, override: false },
    { ...c, override: true },
  ]),
)('7. the server closes with $code (shouldReconnect overriding: $override)', async ({ code, byDefault, override }) => {
  server = await startServer({ echo: false })
  server.wss.on('connection', (socket) => socket.close(code, 'server says bye'))
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  const asked: Array<[CloseFrame, number]> = []
  const frames: CloseFrame[] = []
  const connection = connect(
    server.url,
    {
      receive: (frame, state) => {
        if (frame.type === 'close') frames.push(frame)
        return { state }
      },
    },
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: silentLogger,
      reconnect: {
        minDelay: RETRY_DELAY,
        maxDelay: RETRY_DELAY,
        ...(override && {
          shouldReconnect: (close: CloseFrame, attempt: number) => {
            asked.push([close, attempt])
            return !byDefault
          },
        }),
      },
    },
  )
  const expectRetry = override ? !byDefault : byDefault
  const after = await until(
    connection,
    (s) => s.lastClose !== null && (s.status === 'closed' || s.nextRetryAt !== null),
  )
  const close = { type: 'close', code, reason: 'server says bye', wasClean: true }
  expect(frames).toEqual([close])
  if (override) expect(asked).toEqual([[close, 1]])

  if (expectRetry) {
    expect(after).toMatchObject({ status: 'connecting', attempt: 1, nextRetryAt: clock.now() + RETRY_DELAY })
    const second = server.nextConnection()
    clock.advance(RETRY_DELAY)
    expect(traced.made).toHaveLength(2)
    await second
  } else {
    expect(after).toMatchObject({ status: 'closed', attempt: 0, nextRetryAt: null })
    expect(after.error).toBeNull()
    expect(clock.pending).toBe(0)
    clock.advance(AN_HOUR)
    expect(traced.made).toHaveLength(1)
  }
  connection.close()
  outcomes.push({
    code,
    by: 'server',
    override,
    reconnected: traced.made.length > 1,
    asked: asked.map(([frame, attempt]) => [frame.code, attempt]),
  })
})

/** A connection to the echo server with a shouldReconnect that counts its calls and always says yes. */
async function askingConnection<M>(handlers: Handlers<null, M>) {
  server = await startServer()
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  const asked = { count: 0 }
  const connection = connect<null, M>(server.url, handlers, {
    WebSocket: traced.WebSocket,
    clock,
    notify: 'sync',
    logger: silentLogger,
    reconnect: { shouldReconnect: () => (asked.count++, true) },
  })
  await until(connection, (s) => s.status === 'open')
  return { clock, traced, asked, connection }
}

test('7b. close() never reconnects and never asks shouldReconnect', async () => {
  const { clock, traced, asked, connection } = await askingConnection({})
  connection.close(4001, 'done')
  const called = await until(connection, (s) => s.status === 'closed')
  expect(called.lastClose).toEqual({ code: 4001, reason: 'done', wasClean: true })

  clock.advance(AN_HOUR)
  // Measured, not assumed: any socket past the first would be a reconnect.
  const reconnected = traced.made.length > 1
  expect(reconnected).toBe(false)
  expect(asked.count).toBe(0)
  expect(clock.pending).toBe(0)
  outcomes.push({ code: 4001, by: 'close()', override: true, reconnected, asked: [] })
})

test('7c. a close step from receive never reconnects and never asks shouldReconnect', async () => {
  const { clock, traced, asked, connection } = await askingConnection<string>({
    receive: (frame, state) => ({
      state,
      ...(frame.type === 'text' && frame.data === 'stop' && { close: { code: 4002, reason: 'told to' } }),
    }),
  })
  connection.push('stop')
  const stepped = await until(connection, (s) => s.status === 'closed')
  expect(stepped.lastClose).toEqual({ code: 4002, reason: 'told to', wasClean: true })

  clock.advance(AN_HOUR)
  // Measured, not assumed: any socket past the first would be a reconnect.
  const reconnected = traced.made.length > 1
  expect(reconnected).toBe(false)
  expect(asked.count).toBe(0)
  expect(clock.pending).toBe(0)
  outcomes.push({ code: 4002, by: 'close step', override: true, reconnected, asked: [] })
})

afterAll(() => {
  if (outcomes.length !== cases.length * 2 + 2) return
  record('07-close-codes', { codes: cases.map((c) => c.code), outcomes })
})
