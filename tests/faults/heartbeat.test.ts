import { afterEach, expect, test } from 'vitest'
import { connect, type Frame, type GlockError } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { ManualClock } from './support/clock'
import { quiet, record } from './support/figures'
import { closedOf, tracedWebSocket } from './support/sockets'
import { until } from './support/wait'

let server: TestServer | undefined
afterEach(() => server?.close())

const heartbeat = { interval: 1_000, timeout: 500 }

test('5. silent server with heartbeat on: the dead connection is detected within interval + timeout and reconnected', async () => {
  server = await startServer({ echo: false })
  const clock = new ManualClock()
  const traced = tracedWebSocket()
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
      logger: quiet,
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
  expect(traced.sockets[0]!.sent).toEqual([])
  clock.advance(1)
  // … then one ping, straight to the socket.
  expect(traced.sockets[0]!.sent).toEqual(['ping'])
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
  await closedOf(traced.sockets[0]!)

  const reconnectedAfter = dead.nextRetryAt! - clock.now()
  clock.advance(reconnectedAfter)
  const reopened = await until(connection, (s) => s.status === 'open')
  expect(reopened.attempt).toBe(1)
  expect(reopened.error).toBeNull()
  expect(server.sockets).toHaveLength(2)
  // The heartbeat starts again on the new connection: one timer for it, nothing else.
  expect(clock.pending).toBe(1)
  expect(clock.nextIn).toBe(heartbeat.interval)
  connection.close()
  await until(connection, (s) => s.status === 'closed')
  expect(clock.pending).toBe(0)

  record('05-heartbeat-silent', {
    order: 5,
    fault: `Silent server, heartbeat on (interval ${heartbeat.interval} ms, timeout ${heartbeat.timeout} ms): TCP alive, no answer`,
    did: `sent one 'ping' after ${heartbeat.interval} ms of silence, declared the socket dead ${detectedAfter} ms after the last frame ('heartbeat_timeout', close 1006 to receive), closed it, reconnected ${Math.round(reconnectedAfter)} ms later (retry 1); one heartbeat timer per connection`,
    lost: `nothing pushed; the dead socket closed on both ends; ${clock.pending} timers left after close()`,
    figures: {
      ...heartbeat,
      detectedAfterMs: detectedAfter,
      reconnectDelayMs: reconnectedAfter,
      errors: errors.map((error) => error.code),
      serverConnections: server.sockets.length,
    },
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
  const traced = tracedWebSocket()
  const received: string[] = []
  const connection = connect(
    server.url,
    {
      receive: (frame, state) => {
        received.push(frame.type === 'text' ? frame.data : frame.type)
        return { state }
      },
    },
    { WebSocket: traced.WebSocket, clock, notify: 'sync', logger: quiet, heartbeat },
  )
  await until(connection, (s) => s.status === 'open')
  const socket = traced.sockets[0]!
  const openedAt = clock.now()
  const pingTimes: number[] = []
  const pings = () => socket.sent.filter((frame) => frame === 'ping').length

  const ROUNDS = 5
  for (let round = 1; round <= ROUNDS; round++) {
    const answers = new Promise<void>((resolve) => {
      let count = 0
      const onMessage = () => {
        if (++count < 2) return
        socket.off('message', onMessage)
        resolve()
      }
      socket.on('message', onMessage)
    })
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
    order: 5.1,
    fault: `Live server answering each 'ping' with 'pong' (heartbeat interval ${heartbeat.interval} ms, timeout ${heartbeat.timeout} ms)`,
    did: `${pingTimes.length} pings (at ${pingTimes.join(', ')} ms), each answered by 'pong' and a data frame; connection kept open throughout; receive saw the ${dataFrames} data frames and no pong`,
    lost: `nothing: ${dataFrames} of ${ROUNDS} data frames reached receive, ${received.filter((data) => data === 'pong').length} pongs leaked into it`,
    figures: {
      rounds: ROUNDS,
      pingTimesMs: pingTimes,
      pingsSent: socket.sent.length,
      dataFramesReceived: dataFrames,
      pongsInReceive: received.filter((data) => data === 'pong').length,
    },
  })
})
