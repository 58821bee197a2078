// The README's chat, tested the way an app tests it with the kit: the server installed as the global WebSocket,
// so the app's own definition is used as it is. Runs in Vitest (jsdom, happy-dom) and in Jest (jsdom).
import { fireEvent, render, screen } from '@testing-library/react'
import { createMockServer, matchers, type MockServer } from 'react-glock/testing'
import { timers } from './support/timers'
import { Chat } from './fixtures/Chat'

expect.extend(matchers)

let server: MockServer
beforeEach(() => {
  timers.useFake()
  server = createMockServer('wss://chat.example/room/1')
  server.install()
})
afterEach(() => {
  server.stop()
  timers.useReal()
})

const say = (text: string) => {
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: text } })
  fireEvent.click(screen.getByText('Send'))
}

test('shows what the server says and sends what is typed', async () => {
  render(<Chat />)
  await server.connected()
  expect(screen.getByText('open')).toBeTruthy()

  server.send('welcome')
  expect(screen.getByText('welcome')).toBeTruthy()

  say('hello')
  expect(server).toHaveReceived({ type: 'say', text: 'hello' })
  expect(server).toHaveReceivedTimes(1)
  expect(await server.nextMessage()).toBe('{"type":"say","text":"hello"}')
})

// The test before left 'welcome' in its room: the kit's afterEach(resetGlock) is why this one doesn't see it.
test('each test starts from nothing: no connection, no message from the test before', async () => {
  render(<Chat />)
  const client = await server.connected()
  expect(screen.queryByText('welcome')).toBeNull()
  expect(screen.queryAllByRole('listitem')).toHaveLength(0)
  expect(server.clients).toEqual([client])
})

test('a server close ends the connection, and the chat says so', async () => {
  render(<Chat />)
  await server.connected()
  server.close({ code: 4000, reason: 'room closed' })
  // 4000 is not a code worth retrying: closed for good, with no timer left to reconnect.
  expect(screen.getByText('closed')).toBeTruthy()
  timers.advance(60_000)
  expect(server.clients).toHaveLength(0)
  expect(screen.getByText('closed')).toBeTruthy()
})

test('after a drop it reconnects when the clock passes the retry delay, with no real waiting', async () => {
  render(<Chat />)
  const first = await server.connected()
  server.drop()
  expect(screen.getByText('connecting')).toBeTruthy()
  // Waiting out the retry delay on the fake clock: no socket until it passes.
  await Promise.resolve()
  expect(server.clients).toHaveLength(0)

  // The first retry waits the minimum delay, 300 ms (jitter spreads the later ones).
  timers.advance(300)
  const second = await server.connected()
  expect(second).not.toBe(first)
  expect(screen.getByText('open')).toBeTruthy()

  // Messages typed while it was away were queued; this one goes out on the new socket.
  say('back')
  expect(second.received).toEqual(['{"type":"say","text":"back"}'])
  expect(first.received).toEqual([])
})

test('a push while connecting waits in the queue and goes out on open', async () => {
  render(<Chat />)
  expect(screen.getByText('connecting')).toBeTruthy()
  say('early')
  expect(server.received).toEqual([])
  await server.connected()
  expect(server).toHaveReceived({ type: 'say', text: 'early' })
})
