import { afterEach, expect, test } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { connect, type GlockError } from 'react-glock/core'
import { countingWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startServer, type TestServer } from '../support/server'
import { counter, turnsUntil, until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** Pushes `m0`, `m1`, … on a real interval, `batch` at a time, like a component sending every few ms. */
function pusher(push: (message: string) => boolean, everyMs: number, batch: number, afterTick: () => void) {
  const pushed: string[] = []
  const refused: string[] = []
  const accepted = counter()
  const timer = setInterval(() => {
    for (let i = 0; i < batch; i++) {
      const message = `m${pushed.length + refused.length}`
      if (push(message)) {
        pushed.push(message)
        accepted.bump()
      } else refused.push(message)
    }
    afterTick()
  }, everyMs)
  return {
    pushed,
    refused,
    /** Resolves once `count` messages have been accepted by `push`. */
    reached: accepted.reached,
    stop: () => clearInterval(timer),
  }
}

const RETRY_DELAY = 500
const PUSH_EVERY = 2
const DROP_AFTER = 100
const SERVER_CLOSE_CODE = 1012

test.each([
  { kind: 'crash', batch: 1 },
  { kind: 'crash', batch: 20 },
  { kind: 'deploy', batch: 1 },
])(
  '1. server restart mid-stream ($kind, $batch per tick): every message pushed after the drop was seen arrives after reconnect, in order',
  async ({ kind, batch }) => {
    const first = await startServer({ echo: false })
    servers.push(first)
    const clock = new ManualClock()
    const traced = countingWebSocket(NodeWebSocket)
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
        logger: silentLogger,
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
    expect(traced.made).toHaveLength(1)
    clock.advance(RETRY_DELAY)
    expect(traced.made).toHaveLength(2)
    const reopened = await until(connection, (s) => s.status === 'open')
    const queuedWhileDown = pushed.length - seenAt
    await stream.reached(pushed.length + 100 * batch)
    stream.stop()

    const afterDrop = pushed.slice(seenAt)
    await second.messages(pushed.length - traced.made[0]!.sent.length)
    connection.close()

    // What the old socket was handed is the start of the stream; everything else reached the new
    // server, in order, and nothing else did. That includes every push after the client saw the drop.
    const oldSocket = traced.made[0]!
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

    record(`01-restart-${kind}-${batch}`, {
      kind,
      closeCode: dropped.lastClose?.code ?? null,
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
    })
  },
)

test("1b. frames pushed after the server's close frame arrived (socket already closing) wait for the reconnect instead of being dropped", async () => {
  const first = await startServer({ echo: false })
  servers.push(first)
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  const connection = connect<null, string>(
    first.url,
    {},
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: silentLogger,
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
  serverSide.close(SERVER_CLOSE_CODE, 'restart')
  const client = traced.made[0]!
  const turnsToClosing = await turnsUntil(() => client.readyState === client.CLOSING, 10_000)
  expect(turnsToClosing).toBeLessThanOrEqual(10_000)
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
  // The figures record what happened, then the test asserts what should have.
  record('01b-restart-closing-window', {
    serverCloseCode: SERVER_CLOSE_CODE,
    pushedWhileClosing: during.length,
    handedToClosingSocket,
    arrivedOfPushedWhileClosing: arrivedOfDuring,
    arrivedAfterReconnect: second.received,
  })
  expect({ handedToClosingSocket, arrivedAfterReconnect: second.received }).toEqual({
    handedToClosingSocket: 0,
    arrivedAfterReconnect: [...during, 'after'],
  })
})
