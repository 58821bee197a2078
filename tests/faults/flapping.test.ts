import { afterEach, expect, test } from 'vitest'
import { connect } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { ManualClock } from './support/clock'
import { quiet, record } from './support/figures'
import { tracedWebSocket } from './support/sockets'
import { until } from './support/wait'

let server: TestServer | undefined
afterEach(() => server?.close())

/** A small seeded generator (mulberry32), so the jitter draws are the same on every run. */
function seeded(seed: number) {
  const draws: number[] = []
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296
    draws.push(value)
    return value
  }
  return { next, draws }
}

test('4. flapping server (accepts then drops at once, 20 times): delays grow within their jitter bounds and minUptime keeps the count from resetting', async () => {
  const FLAPS = 20
  server = await startServer({ echo: false })
  let connections = 0
  server.wss.on('connection', (socket) => {
    if (++connections <= FLAPS) socket.terminate()
  })
  const clock = new ManualClock()
  const traced = tracedWebSocket()
  const random = seeded(4)
  const policy = { attempts: 25, minDelay: 100, maxDelay: 30_000, factor: 2, minUptime: 5_000 }
  const opens: number[] = []
  const connection = connect(
    server.url,
    {
      open: (state, info) => {
        opens.push(info.attempt)
        return { state }
      },
    },
    { WebSocket: traced.WebSocket, clock, random: random.next, notify: 'sync', logger: quiet, reconnect: policy },
  )

  const rows: Array<{ retry: number; delay: number; bound: number; draw: number }> = []
  for (let retry = 1; retry <= FLAPS; retry++) {
    const waiting = await until(connection, (s) => s.attempt === retry && s.nextRetryAt !== null)
    expect(waiting.lastClose?.code).toBe(1006)
    const delay = waiting.nextRetryAt! - clock.now()
    const bound = Math.min(policy.maxDelay, policy.minDelay * policy.factor ** (retry - 1))
    const draw = random.draws[retry - 1]!
    expect(random.draws).toHaveLength(retry)
    expect(delay).toBeGreaterThanOrEqual(policy.minDelay)
    expect(delay).toBeLessThanOrEqual(bound)
    // nextRetryAt is ms since the epoch, so sub-millisecond digits round off.
    expect(delay).toBeCloseTo(policy.minDelay + draw * (bound - policy.minDelay), 2)
    rows.push({ retry, delay, bound, draw })
    clock.advance(delay)
  }

  // The 21st connection stays up: it opens as retry 20, the count never having reset.
  await until(connection, (s) => s.status === 'open')
  expect(connections).toBe(FLAPS + 1)
  expect(opens).toEqual(Array.from({ length: FLAPS + 1 }, (_, n) => n))
  expect(rows.map((row) => row.retry)).toEqual(Array.from({ length: FLAPS }, (_, n) => n + 1))
  // The upper bound doubled from 100 ms until maxDelay capped it.
  expect(rows.map((row) => row.bound)).toEqual([
    100,
    200,
    400,
    800,
    1600,
    3200,
    6400,
    12800,
    25600,
    ...Array(11).fill(30_000),
  ])

  // Up for 1 ms less than minUptime, then dropped: the count goes on (retry 21) …
  clock.advance(policy.minUptime - 1)
  server.sockets[FLAPS]!.terminate()
  const notReset = await until(connection, (s) => s.nextRetryAt !== null)
  expect(notReset.attempt).toBe(FLAPS + 1)
  clock.advance(notReset.nextRetryAt! - clock.now())
  await until(connection, (s) => s.status === 'open')
  // … up for minUptime, then dropped: the count starts again at retry 1, waiting minDelay.
  clock.advance(policy.minUptime)
  server.sockets[FLAPS + 1]!.terminate()
  const reset = await until(connection, (s) => s.nextRetryAt !== null)
  expect(reset.attempt).toBe(1)
  expect(reset.nextRetryAt! - clock.now()).toBe(policy.minDelay)
  connection.close()

  const delays = rows.map((row) => Math.round(row.delay))
  const total = rows.reduce((sum, row) => sum + row.delay, 0)
  record('04-flapping', {
    order: 4,
    fault: `Flapping server: accepts, then drops at once (1006), ${FLAPS} times; attempts ${policy.attempts}, minDelay ${policy.minDelay}, maxDelay ${policy.maxDelay}, minUptime ${policy.minUptime}`,
    did: `retried ${FLAPS} times, count never reset (retry 1 → ${FLAPS}); each delay drawn afresh within [${policy.minDelay}, bound] as the bound doubled ${rows[0]!.bound} → ${rows.at(-1)!.bound} ms (delays ${delays.slice(0, 5).join(', ')}, … ${delays.at(-1)} ms; ${Math.round(total / 1000)} s in all, injected clock, seeded jitter); the 21st connection stayed up; a drop after ${policy.minUptime - 1} ms up kept counting (retry ${notReset.attempt}), a drop after ${policy.minUptime} ms restarted at retry ${reset.attempt}`,
    lost: `nothing pushed; ${FLAPS} opens and ${FLAPS} drops, ${FLAPS + 1} attempts spread over ${Math.round(total / 1000)} s`,
    figures: {
      flaps: FLAPS,
      retries: rows,
      totalWaitMs: Math.round(total),
      openedAsRetry: opens.at(-1),
      afterShortUptime: notReset.attempt,
      afterMinUptime: reset.attempt,
    },
  })
})
