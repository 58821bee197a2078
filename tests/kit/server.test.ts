// createMockServer's own contract, through the core's connect (no React): what each member does, in order.
import { connect, type Connection } from 'react-glock/core'
import { createMockServer, matchers, type MockServer } from 'react-glock/testing'

expect.extend(matchers)

const echo = {
  init: () => [] as string[],
  receive: (frame: { type: string; data?: unknown }, seen: string[]) =>
    frame.type === 'text' ? { state: [...seen, frame.data as string] } : { state: seen },
}
const errors: string[] = []
const open: Connection<any, unknown>[] = []
function connectTo(server: MockServer, url = server.url ?? 'wss://any.example/', options = {}) {
  const connection = connect(url, echo, {
    WebSocket: server.WebSocket,
    onError: (error) => errors.push(error.code),
    reconnect: false,
    ...options,
  })
  open.push(connection)
  return connection
}
afterEach(() => {
  for (const connection of open.splice(0)) connection.close()
  errors.length = 0
})

test('connected() returns clients in the order they came, including one that came before the call', async () => {
  const server = createMockServer('wss://a.example/')
  connectTo(server)
  connectTo(server)
  await Promise.resolve()
  // Both are open before anyone asked.
  expect(server.clients).toHaveLength(2)
  const first = await server.connected()
  const second = await server.connected()
  expect(first).not.toBe(second)
  expect(server.clients).toEqual([first, second])
  const third = server.connected()
  connectTo(server)
  const client = await third
  expect(server.clients).toEqual([first, second, client])
  server.stop()
})

test('a connection opens on a microtask, never a timer, and the core sees it open at once', async () => {
  const server = createMockServer('wss://a.example/')
  const connection = connectTo(server)
  expect(connection.getSnapshot().status).toBe('connecting')
  await server.connected()
  expect(connection.getSnapshot().status).toBe('open')
  server.stop()
})

test('send() reaches every client; a client.send() reaches that one only; objects go as JSON text', async () => {
  const server = createMockServer('wss://a.example/')
  const a = connectTo(server)
  const b = connectTo(server)
  const clientA = await server.connected()
  await server.connected()
  server.send('to all')
  clientA.send({ to: 'a' })
  expect(a.getSnapshot().state).toEqual(['to all', '{"to":"a"}'])
  expect(b.getSnapshot().state).toEqual(['to all'])
  server.stop()
})

test('send() with no client connected throws, naming the fix', () => {
  const server = createMockServer('wss://a.example/')
  expect(() => server.send('hello')).toThrow(/no client to send to: await server.connected\(\) first/)
  server.stop()
})

test('received and nextMessage() keep every frame in order, per server and per client', async () => {
  const server = createMockServer('wss://a.example/')
  const a = connectTo(server)
  const b = connectTo(server)
  const clientA = await server.connected()
  const clientB = await server.connected()
  a.push('one')
  b.push('two')
  a.push(new Uint8Array([1, 2, 3]))
  expect(server.received.slice(0, 2)).toEqual(['one', 'two'])
  expect(new Uint8Array(server.received[2] as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]))
  expect(clientA.received).toHaveLength(2)
  expect(clientB.received).toEqual(['two'])
  expect(await server.nextMessage()).toBe('one')
  expect(await server.nextMessage()).toBe('two')
  expect(await server.nextMessage()).toBeInstanceOf(ArrayBuffer)
  // Asked before the frame comes: it waits for it.
  const later = server.nextMessage()
  b.push('three')
  expect(await later).toBe('three')
  server.stop()
})

test('close() is a clean close with the code and reason given; the core sees it as a close frame', async () => {
  const server = createMockServer('wss://a.example/')
  const connection = connectTo(server)
  await server.connected()
  server.close({ code: 4001, reason: 'bye' })
  const snapshot = connection.getSnapshot()
  expect(snapshot.status).toBe('closed')
  expect(snapshot.lastClose).toMatchObject({ code: 4001, reason: 'bye' })
  expect(server.clients).toEqual([])
  server.stop()
})

test('drop() is an abnormal close, 1006, and a connection that may retry does', async () => {
  const server = createMockServer('wss://a.example/')
  const connection = connectTo(server, undefined, { reconnect: { jitter: false, minDelay: 0 } })
  await server.connected()
  server.drop()
  expect(connection.getSnapshot().lastClose).toMatchObject({ code: 1006 })
  // minDelay 0: the retry timer fires on the next turn of the real clock.
  const again = await server.connected()
  expect(server.clients).toEqual([again])
  server.stop()
})

test('refuse(n) fails the next n attempts, then connections go through', async () => {
  const server = createMockServer('wss://a.example/')
  server.refuse(2)
  const first = connectTo(server)
  const second = connectTo(server)
  const third = connectTo(server)
  await server.connected()
  expect(first.getSnapshot().status).toBe('closed')
  expect(second.getSnapshot().status).toBe('closed')
  expect(third.getSnapshot().status).toBe('open')
  expect(errors).toEqual(['socket_error', 'socket_error'])
  expect(() => server.refuse(-1)).toThrow(/refuse\(count\) takes a whole number/)
  server.stop()
})

test('stop() drops every client, refuses later attempts, and rejects what waits', async () => {
  const server = createMockServer('wss://a.example/')
  const connection = connectTo(server)
  await server.connected()
  const waiting = server.nextMessage()
  server.stop()
  await expect(waiting).rejects.toThrow(/stopped while a test waited for a message/)
  expect(connection.getSnapshot().status).toBe('closed')
  const late = connectTo(server)
  await Promise.resolve()
  await Promise.resolve()
  expect(late.getSnapshot().status).toBe('closed')
  await expect(server.connected()).rejects.toThrow(/stopped/)
})

test('install() makes it the global WebSocket, and uninstall() puts the old one back', async () => {
  const before = globalThis.WebSocket
  const server = createMockServer('wss://a.example/')
  const uninstall = server.install()
  expect(globalThis.WebSocket).toBe(server.WebSocket)
  const connection = connect('wss://a.example/', echo, { reconnect: false })
  open.push(connection)
  await server.connected()
  expect(connection.getSnapshot().status).toBe('open')
  uninstall()
  expect(globalThis.WebSocket).toBe(before)
  server.stop()
})

test('a server with no URL takes any; one with a URL takes only its own, and other servers take theirs', async () => {
  const any = createMockServer()
  const a = createMockServer('wss://a.example/')
  const b = createMockServer('wss://b.example/')
  expect(any.url).toBeNull()
  connectTo(any, 'wss://whatever.example/x')
  expect((await any.connected()).url).toBe('wss://whatever.example/x')
  // a's class, connecting to b's URL (as an installed global would): b takes it.
  connectTo(a, 'wss://b.example/')
  expect((await b.connected()).url).toBe('wss://b.example/')
  const nobody = connectTo(a, 'wss://nobody.example/')
  await Promise.resolve()
  await Promise.resolve()
  expect(nobody.getSnapshot().status).toBe('closed')
  expect(nobody.getSnapshot().error?.message).toMatch(/no mock server serves wss:\/\/nobody.example\//)
  for (const server of [any, a, b]) server.stop()
})

test('a client has the protocol the server chose: the first one asked for', async () => {
  const server = createMockServer('wss://a.example/')
  connectTo(server, undefined, { protocols: ['v2.chat', 'v1.chat'] })
  const client = await server.connected()
  expect(client.protocol).toBe('v2.chat')
  server.stop()
})

test('binary frames from the server arrive as binaryType asks', async () => {
  const server = createMockServer('wss://a.example/')
  const frames: unknown[] = []
  open.push(
    connect(
      'wss://a.example/',
      { receive: (frame, s: null) => (frames.push(frame), { state: s }), init: () => null },
      {
        WebSocket: server.WebSocket,
        reconnect: false,
      },
    ),
  )
  await server.connected()
  server.send(new Uint8Array([7, 8]))
  expect(frames).toHaveLength(1)
  expect(frames[0]).toMatchObject({ type: 'binary' })
  expect(new Uint8Array((frames[0] as { data: ArrayBuffer }).data)).toEqual(new Uint8Array([7, 8]))
  server.stop()
})

test('the mock socket throws where a browser throws', async () => {
  const server = createMockServer('wss://a.example/')
  const socket = new server.WebSocket('wss://a.example/')
  expect(() => socket.send('too early')).toThrow(/CONNECTING/)
  expect(() => socket.close(1001)).toThrow(/1000, or between 3000 and 4999/)
  expect(() => socket.close(1000, 'x'.repeat(124))).toThrow(/123 UTF-8 bytes/)
  expect(() => new server.WebSocket('ftp://a.example/')).toThrow(SyntaxError)
  expect(() => new server.WebSocket('wss://a.example/#x')).toThrow(/without a fragment/)
  expect(new server.WebSocket('https://a.example/').url).toBe('wss://a.example/')
  socket.close()
  await Promise.resolve()
  expect(socket.readyState).toBe(3)
  server.stop()
})
