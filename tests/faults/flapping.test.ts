import { afterEach, expect, test } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { connect } from 'react-glock/core'
import { countingWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startServer, type TestServer } from '../support/server'
import { until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

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

const FLAPS = 20
const policy = { attempts: 25, minDelay: 100, maxDelay: 30_000, factor: 2, minUptime: 5_000 }

/**
 * A server that drops its first FLAPS connections at once, and a client retrying through them all
 * to the next connection, which stays up. Measures every retry; asserts nothing.
 */
async function flapThrough() {
  server = await startServer({ echo: false })
  const flapping = server
  let connections = 0
  flapping.wss.on('connection', (socket) => {
    if (++connections <= FLAPS) socket.terminate()
  })
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  const random = seeded(4)
  const opens: number[] = []
  const connection = connect(
    flapping.url,
    {
      open: (state, info) => {
        opens.push(info.attempt)
        return { state }
      },
    },
    {
      WebSocket: traced.WebSocket,
      clock,
      random: random.next,
      notify: 'sync',
      logger: silentLogger,
      reconnect: policy,
    },
  )

  const retries: Array<{
    retry: number
    delay: number
    bound: number
    draw: number
    closeCode: number | undefined
    drawsSoFar: number
  }> = []
  for (let retry = 1; retry <= FLAPS; retry++) {
    const waiting = await until(connection, (s) => s.attempt === retry && s.nextRetryAt !== null)
    const delay = waiting.nextRetryAt! - clock.now()
    retries.push({
      retry,
      delay,
      bound: Math.min(policy.maxDelay, policy.minDelay * policy.factor ** (retry - 1)),
      draw: random.draws[retry - 1]!,
      closeCode: waiting.lastClose?.code,
      drawsSoFar: random.draws.length,
    })
    clock.advance(delay)
  }
  // The connection after the flaps stays up.
  await until(connection, (s) => s.status === 'open')
  return { server: flapping, clock, connection, opens, retries, connections }
}

test('4. flapping server (accepts then drops at once, 20 times): each delay is drawn within its doubling jitter bound, and the retry count never resets', async () => {
  const { connection, opens, retries, connections } = await flapThrough()
  connection.close()

  for (const { retry, delay, bound, draw, closeCode, drawsSoFar } of retries) {
    expect(closeCode).toBe(1006)
    expect(drawsSoFar).toBe(retry)
    expect(delay).toBeGreaterThanOrEqual(policy.minDelay)
    expect(delay).toBeLessThanOrEqual(bound)
    // nextRetryAt is a whole number of milliseconds: the drawn delay, rounded.
    expect(delay).toBe(Math.round(policy.minDelay + draw * (bound - policy.minDelay)))
  }
  // The 21st connection stays up: it opens as retry 20, the count never having reset.
  expect(connections).toBe(FLAPS + 1)
  expect(opens).toEqual(Array.from({ length: FLAPS + 1 }, (_, n) => n))
  expect(retries.map((row) => row.retry)).toEqual(Array.from({ length: FLAPS }, (_, n) => n + 1))
  // The upper bound doubled from 100 ms until maxDelay capped it.
  expect(retries.map((row) => row.bound)).toEqual([
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

  record('04-flapping', {
    flaps: FLAPS,
    attempts: policy.attempts,
    minDelayMs: policy.minDelay,
    maxDelayMs: policy.maxDelay,
    minUptimeMs: policy.minUptime,
    retries: retries.map(({ retry, delay, bound, draw }) => ({ retry, delay, bound, draw })),
    totalWaitMs: Math.round(retries.reduce((sum, row) => sum + row.delay, 0)),
    openedAsRetry: opens.at(-1) ?? null,
    serverConnections: connections,
  })
})

test('4b. minUptime: a drop after minUptime − 1 ms up keeps counting, a drop after minUptime restarts at retry 1', async () => {
  const { server, clock, connection } = await flapThrough()

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

  record('04-flapping', {
    shortUptimeMs: policy.minUptime - 1,
    afterShortUptime: notReset.attempt,
    afterMinUptime: reset.attempt,
  })
})
