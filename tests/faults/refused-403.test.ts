import { afterEach, expect, test } from 'vitest'
import { connect, type GlockError } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { ManualClock } from './support/clock'
import { quiet, record } from './support/figures'
import { tracedWebSocket } from './support/sockets'
import { until } from './support/wait'

let server: TestServer | undefined
afterEach(() => server?.close())

test('3. upgrade refused with HTTP 403: reported with the status (from ws), retried per policy, retries_exhausted at the end', async () => {
  let upgrades = 0
  server = await startServer({
    verifyClient: (_info, callback) => {
      upgrades++
      callback(false, 403)
    },
  })
  const clock = new ManualClock()
  const traced = tracedWebSocket()
  const errors: GlockError[] = []
  const policy = { attempts: 3, minDelay: 200, maxDelay: 5_000, jitter: false }
  const connection = connect(
    server.url,
    {},
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: quiet,
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
  expect(traced.sockets).toHaveLength(policy.attempts + 1)
  const refusals = errors.filter((error) => error.code === 'socket_error')
  expect(refusals).toHaveLength(policy.attempts + 1)
  // ws reports the HTTP status; a browser would only see a 1006 close with no detail.
  for (const refusal of refusals) expect(refusal.message).toMatch(/Unexpected server response: 403/)
  expect(end.error?.code).toBe('retries_exhausted')
  expect(end.error?.message).toContain(`Gave up after ${policy.attempts} retries; the last close was 1006`)
  expect(errors.at(-1)).toBe(end.error)
  expect(delays).toEqual([200, 400, 800])
  expect(clock.pending).toBe(0)
  expect(traced.live).toBe(0)

  record('03-refused-403', {
    order: 3,
    fault: 'Upgrade refused with HTTP 403 (Node, ws client)',
    did: `reported 'socket_error' with "${refusals[0]!.message.replace('[react-glock] ', '').replace(server.url, 'ws://127.0.0.1:PORT')}" on each of ${upgrades} attempts, retried after ${delays.join(', ')} ms (no jitter), then 'retries_exhausted', status 'closed' (a browser sees only close 1006 with no status)`,
    lost: `nothing pushed; ${traced.live} sockets and ${clock.pending} timers left`,
    figures: {
      upgrades,
      socketErrors: refusals.length,
      delaysMs: delays,
      finalError: end.error?.code,
      lastClose: end.lastClose,
    },
  })
})
