import { afterEach, expect, test } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { connect, type GlockError } from 'react-glock/core'
import { countingWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startServer, type TestServer } from '../support/server'
import { until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

let server: TestServer | undefined
afterEach(() => server?.close())

const HTTP_STATUS = 403

test('3. upgrade refused with HTTP 403: reported with the status (from ws), retried per policy, retries_exhausted at the end', async () => {
  let upgrades = 0
  server = await startServer({
    verifyClient: (_info, callback) => {
      upgrades++
      callback(false, HTTP_STATUS)
    },
  })
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  const errors: GlockError[] = []
  const policy = { attempts: 3, minDelay: 200, maxDelay: 5_000, jitter: false }
  const connection = connect(
    server.url,
    {},
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: silentLogger,
      onError: (error) => errors.push(error),
      reconnect: policy,
    },
  )

  const delays: number[] = []
  for (let retry = 1; retry <= policy.attempts; retry++) {
    const waiting = await until(connection, (s) => s.attempt === retry && s.nextRetryAt !== null)
    expect(waiting.status).toBe('connecting')
    expect(waiting.error?.code).toBe('socket_error')
    expect(waiting.lastClose).toEqual({ code: 1006, reason: '', wasClean: false })
    delays.push(waiting.nextRetryAt! - clock.now())
    clock.advance(waiting.nextRetryAt! - clock.now())
  }
  await until(connection, (s) => s.status === 'closed')
  const end = connection.getSnapshot()

  expect(upgrades).toBe(policy.attempts + 1)
  expect(traced.made).toHaveLength(policy.attempts + 1)
  const refusals = errors.filter((error) => error.code === 'socket_error')
  expect(refusals).toHaveLength(policy.attempts + 1)
  // ws reports the HTTP status; a browser would only see a 1006 close with no detail.
  for (const refusal of refusals) expect(refusal.message).toMatch(/Unexpected server response: 403/)
  expect(end.error?.code).toBe('retries_exhausted')
  expect(end.error?.message).toContain(`Gave up after ${policy.attempts} retries; the last close was 1006`)
  expect(errors.at(-1)).toBe(end.error)
  expect(delays).toEqual([200, 400, 800])
  expect(clock.pending).toBe(0)
  expect(traced.unclosed()).toBe(0)

  record('03-refused-403', {
    httpStatus: HTTP_STATUS,
    serverUrl: server.url,
    upgrades,
    socketErrors: refusals.length,
    refusalError: refusals[0]!.code,
    refusalMessage: refusals[0]!.message,
    delaysMs: delays,
    jitter: policy.jitter,
    finalError: end.error?.code ?? null,
    status: end.status,
    lastClose: end.lastClose && { ...end.lastClose },
    socketsLeft: traced.unclosed(),
    timersLeft: clock.pending,
  })
})
