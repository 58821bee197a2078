/** @vitest-environment jsdom */
import { afterEach, expect, test, vi } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { connect, type Connection } from 'react-glock/core'
import { countingWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startServer, type TestServer } from '../support/server'
import { until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

let server: TestServer | undefined
let connection: Connection | undefined
afterEach(async () => {
  connection?.close()
  await server?.close()
})

const AN_HOUR = 3_600_000

function setOnline(online: boolean) {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online)
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

function setVisibility(state: DocumentVisibilityState) {
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(state)
  document.dispatchEvent(new Event('visibilitychange'))
}

/** A connection through a real server, with a long fixed retry delay so that "at once" is unmistakable. */
async function connected(delay: number) {
  server = await startServer({ echo: false })
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  connection = connect(
    server.url,
    {},
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: silentLogger,
      onError() {},
      reconnect: { minDelay: delay, maxDelay: delay },
    },
  )
  await until(connection, (s) => s.status === 'open')
  return { clock, traced, connection, server }
}

const BACKOFF = 10_000

test('8. offline while waiting to retry calls the retry off; online reconnects at once, without waiting out the backoff', async () => {
  const { clock, traced, connection, server } = await connected(BACKOFF)

  // Dropped, then offline while waiting to retry: the retry is called off.
  server.kill()
  const waiting = await until(connection, (s) => s.nextRetryAt !== null)
  expect(waiting.nextRetryAt! - clock.now()).toBe(BACKOFF)
  setOnline(false)
  expect(connection.getSnapshot()).toMatchObject({ status: 'connecting', attempt: 1, nextRetryAt: null })
  const timersWhileOffline = clock.pending
  expect(timersWhileOffline).toBe(0)
  clock.advance(AN_HOUR)
  expect(traced.made).toHaveLength(1)
  const attemptsWhileOffline = traced.attempts - 1

  // Online: a new socket at once, no time passing, the attempt not burned by the hour offline.
  const offlineFor = AN_HOUR
  setOnline(true)
  // Opened inside the 'online' event handler itself: no timer stands between them.
  const openedInHandler = traced.made.length - 1
  expect(openedInHandler).toBe(1)
  const reopened = await until(connection, (s) => s.status === 'open')
  expect(reopened.attempt).toBe(1)

  record('08-offline-online', {
    backoffMs: BACKOFF,
    offlineMs: offlineFor,
    timersWhileOffline,
    attemptsWhileOffline,
    socketsOpenedInOnlineHandler: openedInHandler,
    retryAfterFirstOffline: reopened.attempt,
  })
})

test('8a. offline before the drop: no retry is scheduled until the network returns, and online reconnects at once', async () => {
  const { clock, traced, connection, server } = await connected(BACKOFF)
  // As in 8: a drop, an hour offline, back online (retry 1).
  server.kill()
  await until(connection, (s) => s.nextRetryAt !== null)
  setOnline(false)
  clock.advance(AN_HOUR)
  setOnline(true)
  await until(connection, (s) => s.status === 'open')

  // Offline first, then the drop: no retry is scheduled at all until the network returns.
  setOnline(false)
  expect(connection.getSnapshot().status).toBe('open')
  server.sockets[1]!.terminate()
  const paused = await until(connection, (s) => s.lastClose !== null && s.status === 'connecting' && s.attempt === 2)
  expect(paused.nextRetryAt).toBeNull()
  const timersAfterDrop = clock.pending
  expect(timersAfterDrop).toBe(0)
  clock.advance(AN_HOUR)
  expect(traced.made).toHaveLength(2)
  setOnline(true)
  expect(traced.made).toHaveLength(3)
  await until(connection, (s) => s.status === 'open')

  record('08-offline-online', {
    timersAfterDropWhileOffline: timersAfterDrop,
    retryAfterSecondOffline: paused.attempt,
  })
})

test('8b. the page becoming visible reconnects a waiting connection at once; a hidden page does not', async () => {
  const { traced, connection, server } = await connected(BACKOFF)
  server.kill()
  await until(connection, (s) => s.nextRetryAt !== null)
  setVisibility('hidden')
  const openedWhileHidden = traced.made.length - 1
  expect(openedWhileHidden).toBe(0)
  expect(connection.getSnapshot().nextRetryAt).not.toBeNull()
  setVisibility('visible')
  // Opened inside the 'visibilitychange' handler itself: no timer stands between them.
  const openedWhenVisible = traced.made.length - 1
  expect(openedWhenVisible).toBe(1)
  await until(connection, (s) => s.status === 'open')

  record('08b-visible', { backoffMs: BACKOFF, openedWhileHidden, openedWhenVisible })
})

test('8c. a simulated sleep (the retry-wait timer firing far later than asked) reconnects at once', async () => {
  const LONG_BACKOFF = 600_000
  const { clock, traced, connection, server } = await connected(LONG_BACKOFF)
  server.kill()
  const waiting = await until(connection, (s) => s.nextRetryAt !== null)
  const retryAt = waiting.nextRetryAt!

  // Awake, the wait is checked every few seconds and goes on: no early attempt.
  const checks = clock.requested.length
  const AWAKE = 60_000
  clock.advance(AWAKE)
  expect(traced.made).toHaveLength(1)
  const checkEvery = clock.requested.slice(checks).at(-1)!

  // Asleep for five minutes: wall time jumps, the pending check fires late on waking.
  const SLEEP = 5 * 60_000
  clock.sleep(SLEEP)
  clock.advance(clock.nextIn!)
  expect(traced.made).toHaveLength(2)
  const early = retryAt - clock.now()
  expect(early).toBeGreaterThan(0)
  await until(connection, (s) => s.status === 'open')

  record('08c-sleep', {
    backoffMs: LONG_BACKOFF,
    awakeMs: AWAKE,
    sleepMs: SLEEP,
    checkEveryMs: checkEvery,
    reconnectedBeforeBackoffEndMs: early,
  })
})
