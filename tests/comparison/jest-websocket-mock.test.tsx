// The README's chat test written with jest-websocket-mock, as an app would without react-glock/testing: the
// same scenario as README.md's "Testing your components" example and mock-socket.test.tsx. Runs in Jest, with
// Jest's globals, which jest-websocket-mock's matchers extend.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import WS from 'jest-websocket-mock'

jest.mock('../kit/fixtures/socket', () => {
  const socket = jest.requireActual<typeof import('../kit/fixtures/socket')>('../kit/fixtures/socket')
  const { defineSocket } = jest.requireActual<typeof import('react-glock')>('react-glock')
  // jest-websocket-mock's global WebSocket; every frame delivered as it arrives; no socket left between tests.
  const chat = defineSocket('wss://chat.example/room/1', socket.roomHandlers, {
    ...socket.chat.options,
    notify: 'sync',
    closeDelay: 0,
    // error() fires an error event, which development builds would log.
    onError: () => {},
  })
  return { ...socket, chat }
})
// After the mock: this repository's Jest transform (esbuild) does not hoist jest.mock above imports as Babel's does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Chat } = require('../kit/fixtures/Chat') as typeof import('../kit/fixtures/Chat')

let server: WS
beforeEach(() => {
  jest.useFakeTimers()
  server = new WS('wss://chat.example/room/1')
})
afterEach(() => {
  cleanup()
  // closeDelay 0 is still a timer: run it, so the socket closes before the server goes.
  act(() => jest.runOnlyPendingTimers())
  WS.clean()
  jest.useRealTimers()
})

/** mock-socket, under jest-websocket-mock, opens and delivers on timers of its own: move the fake clock past them. */
const settle = () => act(() => jest.advanceTimersByTime(10))

test('shows what the server says, sends what is typed, and reconnects after a drop', async () => {
  render(<Chat />)
  settle()
  await server.connected
  expect(screen.getByText('open')).toBeTruthy()

  server.send('welcome')
  expect(screen.getByText('welcome')).toBeTruthy()

  fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'hello' } })
  fireEvent.click(screen.getByText('Send'))
  settle()
  await expect(server).toReceiveMessage(JSON.stringify({ type: 'say', text: 'hello' }))

  // error() closes the server too (it leaves mock-socket's network): a new one takes the reconnect.
  act(() => server.error({ code: 1006, reason: '', wasClean: false }))
  expect(screen.getByText('connecting')).toBeTruthy()
  server = new WS('wss://chat.example/room/1')
  act(() => jest.advanceTimersByTime(300))
  settle()
  await server.connected
  expect(screen.getByText('open')).toBeTruthy()
})

test('each test starts from nothing', async () => {
  render(<Chat />)
  settle()
  await server.connected
  expect(screen.queryByText('welcome')).toBeNull()
})
