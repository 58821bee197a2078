/** @vitest-environment jsdom */
import { afterEach, expect, test, vi } from 'vitest'
import { connect, type Connection } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { ManualClock } from './support/clock'
import { quiet, record } from './support/figures'
import { tracedWebSocket } from './support/sockets'
import { until } from './support/wait'

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
  const traced = tracedWebSocket()
  connection = connect(
    server.url,
    {},
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: quiet,
      onError() {},
      reconnect: { minDelay: delay, maxDelay: delay },
    },
  )
  await until(connection, (s) => s.status === 'open')
  return { clock, traced, connection, server }
}

test('8. offline stops the attempts; online reconnects at once, without waiting out the backoff', async () => {
  const { clock, traced, connection, server } = await connected(10_000)

  // Dropped, then offline while waiting to retry: the retry is called off.
  server.kill()
  const waiting = await until(connection, (s) => s.nextRetryAt !== null)
  expect(waiting.nextRetryAt! - clock.now()).toBe(10_000)
  setOnline(false)
  expect(connection.getSnapshot()).toMatchObject({ status: 'connecting', attempt: 1, nextRetryAt: null })
  const timersWhileOffline = clock.pending
  expect(timersWhileOffline).toBe(0)
  clock.advance(AN_HOUR)
  expect(traced.sockets).toHaveLength(1)
  const attemptsWhileOffline = traced.attempts - 1

  // Online: a new socket at once, no time passing, the attempt not burned by the hour offline.
  const offlineFor = AN_HOUR
  setOnline(true)
  // Opened inside the 'online' event handler itself: no timer stands between them.
  const openedInHandler = traced.sockets.length - 1
  expect(openedInHandler).toBe(1)
  const reopened = await until(connection, (s) => s.status === 'open')
  expect(reopened.attempt).toBe(1)

  // Offline first, then the drop: no retry is scheduled at all until the network returns.
  setOnline(false)
  expect(connection.getSnapshot().status).toBe('open')
  server.sockets[1]!.terminate()
  const paused = await until(connection, (s) => s.lastClose !== null && s.status === 'connecting' && s.attempt === 2)
  expect(paused.nextRetryAt).toBeNull()
  expect(clock.pending).toBe(0)
  clock.advance(AN_HOUR)
  expect(traced.sockets).toHaveLength(2)
  setOnline(true)
  expect(traced.sockets).toHaveLength(3)
  await until(connection, (s) => s.status === 'open')

  record('08-offline-online', {
    order: 8,
    fault: '`offline` while waiting to retry (10 s backoff), and `offline` before the drop; `online` an hour later',
    did: `cancelled the pending retry on 'offline' (nextRetryAt null, ${timersWhileOffline} timers); made ${attemptsWhileOffline} attempts in ${offlineFor / 60_000} min offline; on 'online' opened ${openedInHandler} socket synchronously in the event handler (not after the 10 000 ms backoff); a drop while offline scheduled nothing until 'online'`,
    lost: `no attempts burned: the retry count was ${reopened.attempt} after the first hour offline and ${paused.attempt} after the second`,
    figures: {
      backoffMs: 10_000,
      offlineMs: offlineFor,
      timersWhileOffline,
      attemptsWhileOffline,
      socketsOpenedInOnlineHandler: openedInHandler,
    },
  })
})

test('8b. the page becoming visible reconnects a waiting connection at once; a hidden page does not', async () => {
  const { traced, connection, server } = await connected(10_000)
  server.kill()
  await until(connection, (s) => s.nextRetryAt !== null)
  setVisibility('hidden')
  const openedWhileHidden = traced.sockets.length - 1
  expect(openedWhileHidden).toBe(0)
  expect(connection.getSnapshot().nextRetryAt).not.toBeNull()
  setVisibility('visible')
  // Opened inside the 'visibilitychange' handler itself: no timer stands between them.
  const openedWhenVisible = traced.sockets.length - 1
  expect(openedWhenVisible).toBe(1)
  await until(connection, (s) => s.status === 'open')

  record('08b-visible', {
    order: 8.1,
    fault: 'Page hidden, then visible again, while waiting 10 s to retry',
    did: `hidden: opened ${openedWhileHidden} sockets, kept waiting; visible: opened ${openedWhenVisible} socket synchronously in the event handler (not after the 10 s backoff)`,
    lost: 'nothing',
    figures: { backoffMs: 10_000, openedWhileHidden, openedWhenVisible },
  })
})

test('8c. a simulated sleep (the retry-wait timer firing far later than asked) reconnects at once', async () => {
  const BACKOFF = 600_000
  const { clock, traced, connection, server } = await connected(BACKOFF)
  server.kill()
  const waiting = await until(connection, (s) => s.nextRetryAt !== null)
  const retryAt = waiting.nextRetryAt!

  // Awake, the wait is checked every few seconds and goes on: no early attempt.
  const checks = clock.requested.length
  clock.advance(60_000)
  expect(traced.sockets).toHaveLength(1)
  const checkEvery = clock.requested.slice(checks).at(-1)!

  // Asleep for five minutes: wall time jumps, the pending check fires late on waking.
  const SLEEP = 5 * 60_000
  clock.sleep(SLEEP)
  clock.advance(clock.nextIn!)
  expect(traced.sockets).toHaveLength(2)
  const early = retryAt - clock.now()
  expect(early).toBeGreaterThan(0)
  await until(connection, (s) => s.status === 'open')

  record('08c-sleep', {
    order: 8.2,
    fault: `Laptop sleep: ${SLEEP / 60_000} min asleep while waiting out a ${BACKOFF / 60_000} min backoff`,
    did: `checked the wait every ${checkEvery} ms while awake (no early attempt in 60 s); on waking (timer ${SLEEP / 1000} s late) reconnected at once, ${Math.round(early / 1000)} s before the backoff would have ended`,
    lost: 'nothing',
    figures: { backoffMs: BACKOFF, sleepMs: SLEEP, checkEveryMs: checkEvery, reconnectedBeforeBackoffEndMs: early },
  })
})
