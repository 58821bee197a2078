// @vitest-environment jsdom
// The README's chat test written with mock-socket alone, as an app would without react-glock/testing: the same
// scenario as README.md's "Testing your components" example and jest-websocket-mock.test.tsx (compared there).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { Server, type Client } from 'mock-socket'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { Chat } from '../kit/fixtures/Chat'

vi.mock('../kit/fixtures/socket', async (importOriginal) => {
  const socket = await importOriginal<typeof import('../kit/fixtures/socket')>()
  const { defineSocket } = await import('react-glock')
  const { WebSocket } = await import('mock-socket')
  // mock-socket's WebSocket, every frame delivered as it arrives, and no socket left open between tests.
  const chat = defineSocket('wss://chat.example/room/1', socket.roomHandlers, {
    ...socket.chat.options,
    WebSocket,
    notify: 'sync',
    closeDelay: 0,
  })
  return { ...socket, chat }
})

let server: Server
let said: string[]
let clients: Client[]
beforeEach(() => {
  vi.useFakeTimers()
  server = new Server('wss://chat.example/room/1')
  said = []
  clients = []
  server.on('connection', (client) => {
    clients.push(client)
    client.on('message', (data) => said.push(String(data)))
  })
})
afterEach(() => {
  cleanup()
  // closeDelay 0 is still a timer: run it, so the socket closes before the server goes.
  act(() => vi.runOnlyPendingTimers())
  server.stop()
  vi.useRealTimers()
})

/** mock-socket opens and delivers on timers of its own: move the fake clock past them, inside act. */
const settle = () => act(() => vi.advanceTimersByTime(10))

test('shows what the server says, sends what is typed, and reconnects after a drop', async () => {
  render(<Chat />)
  settle()
  expect(screen.getByText('open')).toBeTruthy()

  act(() => clients[0]!.send('welcome'))
  expect(screen.getByText('welcome')).toBeTruthy()

  fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'hello' } })
  fireEvent.click(screen.getByText('Send'))
  settle()
  expect(said).toEqual([JSON.stringify({ type: 'say', text: 'hello' })])

  act(() => clients[0]!.close({ code: 1006, reason: '', wasClean: false }))
  settle()
  expect(screen.getByText('connecting')).toBeTruthy()
  act(() => vi.advanceTimersByTime(300))
  settle()
  expect(clients).toHaveLength(2)
  expect(screen.getByText('open')).toBeTruthy()
})

test('each test starts from nothing', () => {
  render(<Chat />)
  settle()
  expect(screen.queryByText('welcome')).toBeNull()
})
