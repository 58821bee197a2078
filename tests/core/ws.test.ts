import { afterEach, expect, test } from 'vitest'
import { WebSocket } from 'ws'
import { connect, stream, type Frame, type WebSocketConstructor } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { silentLogger } from '../support/logger'
import { until } from '../support/wait'

const NodeWebSocket: WebSocketConstructor = WebSocket
let server: TestServer
/** Connections a test leaves open: closed before its server goes, or they would reconnect into the next test. */
const open: Array<{ close(): void }> = []
afterEach(() => {
  for (const c of open.splice(0)) c.close()
  return server?.close()
})

/** A connection over ws logging each frame's text (or type), once the echoes of 'one' and 'two' are in. */
async function echoedOverWs() {
  server = await startServer()
  const c = connect<string[]>(
    server.url,
    { init: () => [], receive: (frame, log) => ({ state: [...log, frame.type === 'text' ? frame.data : frame.type] }) },
    { WebSocket: NodeWebSocket },
  )
  open.push(c)
  c.push('one')
  c.push('two')
  await until(c, (x) => x.state.length === 2)
  return c
}

test('with ws injected, frames queued while connecting go out on open and their echoes come back', async () => {
  const c = await echoedOverWs()
  expect(c.getSnapshot().state).toEqual(['one', 'two'])
})

test("with ws injected, the server's close frame reaches receive and closes the connection with its code", async () => {
  const c = await echoedOverWs()
  server.sockets[0]!.close(4001, 'bye')
  const closed = await until(c, (x) => x.status === 'closed')
  expect(closed.state).toEqual(['one', 'two', 'close'])
  expect(closed.lastClose).toEqual({ code: 4001, reason: 'bye', wasClean: true })
})

test('stream yields every frame and ends with the close frame', async () => {
  server = await startServer()
  server.wss.on('connection', (socket) => {
    socket.send('a')
    socket.send(Buffer.from([7, 8]))
    socket.close(1000, 'done')
  })
  const frames: Frame[] = []
  for await (const frame of stream(server.url, { WebSocket: NodeWebSocket })) frames.push(frame)
  expect(frames.map((f) => f.type)).toEqual(['text', 'binary', 'close'])
  expect(frames[0]).toEqual({ type: 'text', data: 'a' })
  expect([...new Uint8Array((frames[1] as { data: ArrayBuffer }).data)]).toEqual([7, 8])
  expect(frames[2]).toEqual({ type: 'close', code: 1000, reason: 'done', wasClean: true })
})

test('leaving a stream early closes the socket with 1000', async () => {
  server = await startServer()
  const closes: number[] = []
  server.wss.on('connection', (socket) => {
    socket.on('close', (code) => closes.push(code))
    const timer = setInterval(() => socket.send('tick'), 1)
    socket.on('close', () => clearInterval(timer))
  })
  let seen = 0
  for await (const frame of stream(server.url, { WebSocket: NodeWebSocket })) {
    expect(frame).toEqual({ type: 'text', data: 'tick' })
    if (++seen === 3) break
  }
  await expect.poll(() => closes).toEqual([1000])
})

test('a stream whose socket never opens throws the error that stopped it', async () => {
  server = await startServer({ verifyClient: (_info, cb) => cb(false, 403) })
  const frames: Frame[] = []
  await expect(async () => {
    for await (const frame of stream(server.url, { WebSocket: NodeWebSocket })) frames.push(frame)
  }).rejects.toMatchObject({ code: 'socket_error', message: expect.stringContaining('403') })
  expect(frames).toEqual([])
})

test('a relative URL cannot be resolved in Node: invalid_url, nothing opened', () => {
  const c = connect('/socket', undefined, { WebSocket: NodeWebSocket, logger: silentLogger })
  expect(c.getSnapshot()).toMatchObject({ status: 'closed', error: { code: 'invalid_url' } })
})

test('next() called twice without awaiting gets the frames in order', async () => {
  server = await startServer()
  server.wss.on('connection', (socket) => {
    socket.send('one')
    socket.send('two')
    socket.close(1000)
  })
  const frames = stream(server.url, { WebSocket: NodeWebSocket })
  const [first, second] = await Promise.all([frames.next(), frames.next()])
  expect([first.value, second.value]).toEqual([
    { type: 'text', data: 'one' },
    { type: 'text', data: 'two' },
  ])
  await frames.return!()
})
