import { afterEach, expect, test } from 'vitest'
import { connect, type GlockError } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { ManualClock } from './support/clock'
import { quiet, record } from './support/figures'
import { tracedWebSocket } from './support/sockets'
import { turn, until } from './support/wait'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** Pushes `m0`, `m1`, … on a real interval, `batch` at a time, like a component sending every few ms. */
function pusher(push: (message: string) => boolean, everyMs: number, batch: number, afterTick: () => void) {
  const pushed: string[] = []
  const refused: string[] = []
  let waiters: Array<{ count: number; resolve: () => void }> = []
  const timer = setInterval(() => {
    for (let i = 0; i < batch; i++) {
      const message = `m${pushed.length + refused.length}`
      ;(push(message) ? pushed : refused).push(message)
    }
    afterTick()
    waiters = waiters.filter((waiter) => (pushed.length >= waiter.count ? (waiter.resolve(), false) : true))
  }, everyMs)
  return {
    pushed,
    refused,
    /** Resolves once `count` messages have been accepted by `push`. */
    reached: (count: number) =>
      new Promise<void>((resolve) => (pushed.length >= count ? resolve() : waiters.push({ count, resolve }))),
    stop: () => clearInterval(timer),
  }
}

const RETRY_DELAY = 500
const PUSH_EVERY = 2
const DROP_AFTER = 100

test.each([
  {
    kind: 'crash',
    batch: 1,
    order: 1.1,
    fault:
      'Server crashes mid-stream (TCP destroyed, no close frame: 1006) and restarts on the same port; one push every 2 ms',
  },
  { kind: 'crash', batch: 20, order: 1.2, fault: 'The same crash under a burstier stream: 20 pushes every 2 ms' },
  {
    kind: 'deploy',
    batch: 1,
    order: 1.3,
    fault:
      'Server restarts gracefully mid-stream (close 1012 to every client, new process on the same port); one push every 2 ms',
  },
])(
  '1. server restart mid-stream ($kind, $batch per tick): every message pushed after the drop was seen arrives after reconnect, in order',
  async ({ kind, batch, order, fault }) => {
    const first = await startServer({ echo: false })
    servers.push(first)
    const clock = new ManualClock()
    const traced = tracedWebSocket()
    const errors: GlockError[] = []
    /** How many pushes had been accepted when the close reached the client. */
    let seenAt = -1
    const pushed: string[] = []
    const connection = connect<null, string>(
      first.url,
      {
        receive(frame, state) {
          if (frame.type === 'close' && seenAt < 0) seenAt = pushed.length
          return { state }
        },
      },
      {
        WebSocket: traced.WebSocket,
        clock,
        notify: 'sync',
        logger: quiet,
        onError: (error) => errors.push(error),
        reconnect: { minDelay: RETRY_DELAY, maxDelay: RETRY_DELAY, jitter: false },
      },
    )
    await until(connection, (s) => s.status === 'open')

    const stream = pusher(
      (message) => {
        const accepted = connection.push(message)
        if (accepted) pushed.push(message)
        return accepted
      },
      PUSH_EVERY,
      batch,
      () => {
        // The server goes down in the same tick as a push, before it could read it: that push is in flight.
        if (pushed.length < DROP_AFTER || restarted) return
        restarted = true
        if (kind === 'crash') first.kill()
        else first.sockets.forEach((socket) => socket.close(1012, 'restart'))
      },
    )
    let restarted = false
    const dropped = await until(connection, (s) => s.status === 'connecting' && s.nextRetryAt !== null)
    await first.close()
    expect(seenAt).toBeGreaterThan(0)
    expect(dropped.lastClose?.code).toBe(kind === 'crash' ? 1006 : 1012)
    expect(dropped.nextRetryAt).toBe(clock.now() + RETRY_DELAY)

    // The stream goes on while the server is down: these pushes wait in the queue.
    await stream.reached(seenAt + 20 * batch)
    const second = await startServer({ echo: false, port: first.port })
    servers.push(second)
    expect(traced.sockets).toHaveLength(1)
    clock.advance(RETRY_DELAY)
    expect(traced.sockets).toHaveLength(2)
    const reopened = await until(connection, (s) => s.status === 'open')
    const queuedWhileDown = pushed.length - seenAt
    await stream.reached(pushed.length + 100 * batch)
    stream.stop()

    const afterDrop = pushed.slice(seenAt)
    await second.messages(pushed.length - traced.sockets[0]!.sent.length)
    connection.close()

    // What the old socket was handed is the start of the stream; everything else reached the new
    // server, in order, and nothing else did. That includes every push after the client saw the drop.
    const oldSocket = traced.sockets[0]!
    const handed = oldSocket.sent.length
    expect(oldSocket.sent).toEqual(pushed.slice(0, handed))
    expect(handed).toBeLessThanOrEqual(seenAt)
    expect(second.received).toEqual(pushed.slice(handed))
    expect(stream.refused).toEqual([])
    // What reached the old server is the start of the stream, in order; the rest of what it was handed was in flight.
    expect(first.received).toEqual(pushed.slice(0, first.received.length))
    const inFlight = handed - first.received.length
    const lostAfterSeen = afterDrop.filter((message) => !second.received.includes(message)).length
    expect(lostAfterSeen).toBe(0)
    const arrived = first.received.length + second.received.length
    expect(arrived + inFlight).toBe(pushed.length)
    expect(reopened.attempt).toBe(1)

    const figures = {
      pushEveryMs: PUSH_EVERY,
      perTick: batch,
      pushed: pushed.length,
      arrived,
      arrivedBeforeDrop: first.received.length,
      inFlightAtDrop: inFlight,
      handedToClosingSocket: oldSocket.sentWhileClosing,
      queuedWhileDown,
      pushedAfterDropSeen: afterDrop.length,
      arrivedAfterReconnect: second.received.length,
      lostAfterDropSeen: lostAfterSeen,
      retries: reopened.attempt,
      retryDelayMs: RETRY_DELAY,
      errors: errors.map((error) => error.code),
    }
    record(`01-restart-${kind}-${batch}`, {
      order,
      fault,
      did: `saw close ${dropped.lastClose?.code}, queued the ${queuedWhileDown} pushes made while down, reconnected on retry ${reopened.attempt} (${RETRY_DELAY} ms, injected clock) and flushed them in order; ${figures.pushedAfterDropSeen - lostAfterSeen} of ${figures.pushedAfterDropSeen} pushed after the drop was seen arrived, in order (${batch} push${batch > 1 ? 'es' : ''} every ${PUSH_EVERY} ms: ${pushed.length} pushed, ${arrived} arrived)`,
      lost: `${inFlight} in flight at the drop (handed to the old socket, never received${oldSocket.sentWhileClosing > 0 ? `; ${oldSocket.sentWhileClosing} of them handed over after the socket was already closing` : ''}); ${lostAfterSeen} of those pushed after the drop was seen`,
      figures,
    })
  },
)

test("1b. frames pushed after the server's close frame arrived (socket already closing) wait for the reconnect instead of being dropped", async () => {
  const first = await startServer({ echo: false })
  servers.push(first)
  const clock = new ManualClock()
  const traced = tracedWebSocket()
  const connection = connect<null, string>(
    first.url,
    {},
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: quiet,
      onError() {},
      reconnect: { minDelay: RETRY_DELAY, maxDelay: RETRY_DELAY, jitter: false },
    },
  )
  await until(connection, (s) => s.status === 'open')
  expect(connection.push('before')).toBe(true)
  expect(await first.messages(1)).toEqual(['before'])

  // A server (or a proxy in front of it) that sends its close frame and is slow to end the TCP
  // connection: the client's socket sits in CLOSING, where the WebSocket API drops every send.
  const serverSide = first.sockets[0]! as unknown as {
    _socket: { end: () => unknown }
    close: (code: number, reason: string) => void
  }
  serverSide._socket.end = () => serverSide._socket
  serverSide.close(1012, 'restart')
  const client = traced.sockets[0]!
  for (let turns = 0; client.readyState !== client.CLOSING; turns++) {
    expect(turns, 'the client socket should reach CLOSING').toBeLessThan(10_000)
    await turn()
  }
  const during = ['during-1', 'during-2']
  const accepted = during.map((message) => connection.push(message))
  expect(accepted).toEqual([true, true])

  // The TCP connection finally goes; the client reconnects to the restarted server.
  first.kill()
  await until(connection, (s) => s.nextRetryAt !== null)
  await first.close()
  const second = await startServer({ echo: false, port: first.port })
  servers.push(second)
  clock.advance(RETRY_DELAY)
  await until(connection, (s) => s.status === 'open')
  expect(connection.push('after')).toBe(true)
  await second.messages(1)
  connection.close()
  await until(connection, (s) => s.status === 'closed')

  const handedToClosingSocket = client.sentWhileClosing
  const arrivedOfDuring = during.filter((message) => second.received.includes(message)).length
  // The row records what happened, then the test asserts what should have.
  record('01b-restart-closing-window', {
    order: 1.4,
    fault: `Server sends its close frame (1012) and is slow to end the TCP connection; ${during.length} pushes while the client socket is CLOSING`,
    did:
      handedToClosingSocket === 0
        ? `queued the ${during.length} pushes made while the socket was closing and sent them in order after the reconnect`
        : `handed ${handedToClosingSocket} of the ${during.length} pushes to the closing socket, where the WebSocket API drops them (push returned true); ${arrivedOfDuring} arrived after the reconnect`,
    lost: `${during.length - arrivedOfDuring} of ${during.length}${handedToClosingSocket > 0 ? ', silently' : ''}`,
    figures: { pushedWhileClosing: during.length, handedToClosingSocket, arrivedAfterReconnect: second.received },
  })
  expect({ handedToClosingSocket, arrivedAfterReconnect: second.received }).toEqual({
    handedToClosingSocket: 0,
    arrivedAfterReconnect: [...during, 'after'],
  })
})
