// The kit's matchers, extended into this runner's own expect: what passes, what fails, and what the failure says.
import { connect, type Connection } from 'react-glock/core'
import { createMockServer, matchers } from 'react-glock/testing'

expect.extend(matchers)

const server = createMockServer('wss://m.example/')
let connection: Connection<null, unknown>
beforeAll(async () => {
  connection = connect(
    'wss://m.example/',
    { init: () => null, receive: (_frame, state) => ({ state }) },
    { WebSocket: server.WebSocket, reconnect: false },
  )
  await server.connected()
  connection.push('plain text')
  connection.push(JSON.stringify({ type: 'say', text: 'hello', at: 3 }))
  connection.push(new Uint8Array([1, 2, 3]))
  connection.push('42')
})
afterAll(() => {
  connection.close()
  server.stop()
})

test('toHaveReceived: a string matches the same text exactly', () => {
  expect(server).toHaveReceived('plain text')
  expect(server).not.toHaveReceived('plain')
})

test('toHaveReceived: an object matches JSON text that parses to an equal value, asymmetric matchers included', () => {
  expect(server).toHaveReceived({ type: 'say', text: 'hello', at: 3 })
  expect(server).not.toHaveReceived({ type: 'say', text: 'hello' })
  expect(server).toHaveReceived(expect.objectContaining({ text: 'hello' }))
  expect(server).toHaveReceived(42)
})

test('toHaveReceived: bytes match the same bytes', () => {
  expect(server).toHaveReceived(new Uint8Array([1, 2, 3]))
  expect(server).toHaveReceived(new Uint8Array([1, 2, 3]).buffer)
  expect(server).not.toHaveReceived(new Uint8Array([1, 2]))
})

test('toHaveReceived works on one client too', async () => {
  const [client] = server.clients
  expect(client).toHaveReceived('plain text')
})

test('a failure names what was expected and lists every frame received', () => {
  let message = ''
  try {
    expect(server).toHaveReceived({ type: 'leave' })
  } catch (error) {
    message = (error as Error).message
  }
  expect(message).toMatch(/expected the mock server to have received/)
  expect(message).toMatch(/as JSON text/)
  expect(message).toMatch(/plain text/)
  expect(message).toMatch(/hello/)
})

test('toHaveReceivedTimes counts every frame, of any kind', () => {
  expect(server).toHaveReceivedTimes(4)
  expect(() => expect(server).toHaveReceivedTimes(3)).toThrow(/to have received .*3.* frames; it received .*4/)
})

test('a value that is not a mock server is a clear error', () => {
  expect(() => expect({}).toHaveReceived('x')).toThrow(/toHaveReceived expects a mock server or client/)
})
