import { afterEach, expect, test } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { connect, type Frame, type GlockError } from 'react-glock/core'
import { countingWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startServer, type TestServer } from '../support/server'
import { closedOf, counter, until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

let server: TestServer | undefined
afterEach(() => server?.close())

const heartbeat = { interval: 1_000, timeout: 500 }

test('5. silent server with heartbeat on: the dead connection is detected within interval + timeout and reconnected', async () => {
  server = await startServer({ echo: false })
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  const errors: GlockError[] = []
  const frames: Frame[] = []
  const connection = connect(
    server.url,
    {
      receive: (frame, state) => {
        frames.push(frame)
        return { state }
      },
    },
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: silentLogger,
      onError: (error) => errors.push(error),
      heartbeat,
      reconnect: { minDelay: 300, maxDelay: 300 },
    },
  )
  await until(connection, (s) => s.status === 'open')
  const openedAt = clock.now()
  const [serverSide] = server.sockets

  // Nothing goes out before `interval` of silence …
  clock.advance(heartbeat.interval - 1)
  expect(traced.made[0]!.sent).toEqual([])
  clock.advance(1)
  // … then one ping, straight to the socket.
  const sentBeforeDeath = [...traced.made[0]!.sent]
  expect(sentBeforeDeath).toEqual(['ping'])
  expect(await server.messages(1)).toEqual(['ping'])
  // The server never answers: one ms before the timeout the connection is still open …
  clock.advance(heartbeat.timeout - 1)
  expect(connection.getSnapshot().status).toBe('open')
  clock.advance(1)
  // … and at interval + timeout it is declared dead and a retry is scheduled.
  const detectedAfter = clock.now() - openedAt
  const dead = connection.getSnapshot()
  expect(detectedAfter).toBe(heartbeat.interval + heartbeat.timeout)
  expect(dead).toMatchObject({
    status: 'connecting',
    attempt: 1,
    lastClose: { code: 1006, reason: 'heartbeat timeout', wasClean: false },
  })
  expect(dead.error?.code).toBe('heartbeat_timeout')
  expect(frames).toEqual([{ type: 'close', code: 1006, reason: 'heartbeat timeout', wasClean: false }])
  // The dead socket was closed, not left behind.
  await closedOf(serverSide!)
  await closedOf(traced.made[0]!)

  const reconnectedAfter = dead.nextRetryAt! - clock.now()
  clock.advance(reconnectedAfter)
  const reopened = await until(connection, (s) => s.status === 'open')
  expect(reopened.attempt).toBe(1)
  expect(reopened.error).toBeNull()
  expect(server.sockets).toHaveLength(2)
  // The heartbeat starts again on the new connection: one timer for it, nothing else.
  const timersWhileOpen = clock.pending
  expect(timersWhileOpen).toBe(1)
  expect(clock.nextIn).toBe(heartbeat.interval)
  connection.close()
  await until(connection, (s) => s.status === 'closed')
  expect(clock.pending).toBe(0)

  record('05-heartbeat-silent', {
    ...heartbeat,
    sentBeforeDeath,
    detectedAfterMs: detectedAfter,
    closeToReceive: dead.lastClose?.code ?? null,
    reconnectDelayMs: reconnectedAfter,
    reconnectedOnRetry: reopened.attempt,
    timersWhileOpen,
    timersLeft: clock.pending,
    errors: errors.map((error) => error.code),
    serverConnections: server.sockets.length,
  })
})

test('5b. pong frames never reach receive, and any answer keeps the connection alive', async () => {
  server = await startServer({ echo: false })
  server.wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      if (String(data) === 'ping') {
        socket.send('pong')
        socket.send('data after pong')
      }
    })
  })
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  const received: string[] = []
  const connection = connect(
    server.url,
    {
      receive: (frame, state) => {
        received.push(frame.type === 'text' ? frame.data : frame.type)
        return { state }
      },
    },
    { WebSocket: traced.WebSocket, clock, notify: 'sync', logger: silentLogger, heartbeat },
  )
  await until(connection, (s) => s.status === 'open')
  const socket = traced.made[0]!
  const openedAt = clock.now()
  const pingTimes: number[] = []
  const pings = () => socket.sent.filter((frame) => frame === 'ping').length
  const heard = counter()
  socket.on('message', () => heard.bump())

  const ROUNDS = 5
  for (let round = 1; round <= ROUNDS; round++) {
    // The server answers each ping with two frames: 'pong' and a data frame.
    const answers = heard.reached(2 * round)
    // Run the heartbeat's timer until it pings (it reschedules itself while the line was recently heard).
    while (pings() < round) clock.advance(clock.nextIn!)
    pingTimes.push(clock.now() - openedAt)
    await answers
    clock.advance(heartbeat.timeout)
    expect(connection.getSnapshot().status).toBe('open')
  }
  expect(received).toEqual(Array(ROUNDS).fill('data after pong'))
  // Each ping came `interval` after the last frame heard (the answers arrive while the injected clock stands still).
  expect(pingTimes).toEqual(Array.from({ length: ROUNDS }, (_, n) => (n + 1) * heartbeat.interval))
  expect(connection.getSnapshot().error).toBeNull()
  const dataFrames = received.length
  connection.close()
  await until(connection, (s) => s.status === 'closed')
  await closedOf(server.sockets[0]!)

  record('05b-heartbeat-pong', {
    ...heartbeat,
    rounds: ROUNDS,
    pingTimesMs: pingTimes,
    pingsSent: socket.sent.length,
    dataFramesReceived: dataFrames,
    pongsInReceive: received.filter((data) => data === 'pong').length,
  })
})
