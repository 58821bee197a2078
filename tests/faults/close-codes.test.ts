import { afterAll, afterEach, expect, test } from 'vitest'
import { connect, type CloseFrame } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { ManualClock } from './support/clock'
import { quiet, record } from './support/figures'
import { tracedWebSocket } from './support/sockets'
import { until } from './support/wait'

let server: TestServer | undefined
afterEach(() => server?.close())

const RETRY_DELAY = 400
/** Long enough for any retry the policy could have scheduled. */
const AN_HOUR = 3_600_000

interface Outcome {
  code: number
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
  const traced = tracedWebSocket()
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
      logger: quiet,
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
    expect(traced.sockets).toHaveLength(2)
    await second
  } else {
    expect(after).toMatchObject({ status: 'closed', attempt: 0, nextRetryAt: null })
    expect(after.error).toBeNull()
    expect(clock.pending).toBe(0)
    clock.advance(AN_HOUR)
    expect(traced.sockets).toHaveLength(1)
  }
  connection.close()
  outcomes.push({
    code,
    override,
    reconnected: traced.sockets.length > 1,
    asked: asked.map(([frame, attempt]) => [frame.code, attempt]),
  })
})

test('7b. no reconnect after close() or a handler close step, whatever shouldReconnect says', async () => {
  server = await startServer()
  const clock = new ManualClock()
  const traced = tracedWebSocket()
  let asked = 0
  const options = {
    WebSocket: traced.WebSocket,
    clock,
    notify: 'sync' as const,
    logger: quiet,
    reconnect: { shouldReconnect: () => (asked++, true) },
  }
  const byCall = connect(server.url, {}, options)
  await until(byCall, (s) => s.status === 'open')
  byCall.close(4001, 'done')
  const called = await until(byCall, (s) => s.status === 'closed')
  expect(called.lastClose).toEqual({ code: 4001, reason: 'done', wasClean: true })

  const byStep = connect<null, string>(
    server.url,
    {
      receive: (frame, state) => ({
        state,
        ...(frame.type === 'text' && frame.data === 'stop' && { close: { code: 4002, reason: 'told to' } }),
      }),
    },
    options,
  )
  await until(byStep, (s) => s.status === 'open')
  byStep.push('stop')
  const stepped = await until(byStep, (s) => s.status === 'closed')
  expect(stepped.lastClose).toEqual({ code: 4002, reason: 'told to', wasClean: true })

  clock.advance(AN_HOUR)
  // Measured, not assumed: any socket past the two first ones would be a reconnect.
  const reconnected = traced.sockets.length > 2
  expect(reconnected).toBe(false)
  expect(asked).toBe(0)
  expect(clock.pending).toBe(0)
  // shouldReconnect was asked nothing (asserted above).
  outcomes.push(
    { code: 4001, override: true, reconnected, asked: [] },
    { code: 4002, override: true, reconnected, asked: [] },
  )
})

afterAll(() => {
  const row = (code: number, override: boolean) => outcomes.find((o) => o.code === code && o.override === override)
  const verdict = (o: Outcome | undefined) =>
    o === undefined ? 'not measured' : o.reconnected ? 'reconnect' : 'no reconnect'
  if (outcomes.length !== cases.length * 2 + 2) return
  record('07-close-codes', {
    order: 7,
    fault: 'Server closes with 1000, 4000, 1001, 1012 (clean close frames)',
    did: `default policy: ${cases.map((c) => `${c.code} → ${verdict(row(c.code, false))}`).join(', ')}; with shouldReconnect returning the opposite (asked once, with the close frame and retry 1): ${cases.map((c) => `${c.code} → ${verdict(row(c.code, true))}`).join(', ')}; close() (4001) and a receive close step (4002) never reconnect, shouldReconnect not asked`,
    lost: 'nothing: every close frame reached receive once; no retry timer left after a close that does not reconnect',
    figures: { outcomes },
  })
})
