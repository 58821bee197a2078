import { beforeEach, expect, test, vi } from 'vitest'
import { connect, type ConnectOptions } from 'react-glock/core'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'
import { fakeClock } from '../support/fake-clock'
import { silentLogger } from '../support/logger'

beforeEach(() => FakeSocket.reset())

function openWith(options: ConnectOptions) {
  const onError = vi.fn()
  const all: ConnectOptions = { WebSocket: FakeWebSocket, logger: silentLogger, onError, notify: 'sync', ...options }
  const connection = connect('ws://x.test', null, all)
  FakeSocket.last.open()
  return { connection, socket: FakeSocket.last, onError, options: all }
}

const codes = (onError: ReturnType<typeof vi.fn>) => onError.mock.calls.map(([error]) => error.code)

test('a heartbeat switched off by configure stops at once: a talking socket is never timed out', () => {
  const time = fakeClock()
  const { connection, socket, onError, options } = openWith({
    clock: time.clock,
    heartbeat: { interval: 1000, timeout: 500 },
  })
  connection.configure('ws://x.test', null, { ...options, heartbeat: false })
  for (let i = 0; i < 30; i++) {
    time.advance(100)
    socket.receive('data')
  }
  expect(codes(onError)).toEqual([])
  expect(connection.getSnapshot().status).toBe('open')
  expect(socket.sent).toEqual([])
})

test('a heartbeat switched on by configure pings the open socket after its interval', () => {
  const time = fakeClock()
  const { connection, socket, options } = openWith({ clock: time.clock })
  connection.configure('ws://x.test', null, { ...options, heartbeat: { interval: 1000, timeout: 500 } })
  time.advance(1000)
  expect(socket.sent).toEqual(['ping'])
})

test('a new options object with the same heartbeat rhythm leaves the running heartbeat alone', () => {
  const time = fakeClock()
  const { connection, socket, options } = openWith({ clock: time.clock, heartbeat: { interval: 1000, timeout: 500 } })
  for (let i = 0; i < 10; i++) {
    time.advance(100)
    connection.configure('ws://x.test', null, { ...options, heartbeat: { interval: 1000, timeout: 500 } })
  }
  expect(socket.sent).toEqual(['ping'])
})

test('a clock swapped by configure: the timer set on the old clock is cleared on it, and never acts', () => {
  const first = fakeClock()
  const second = fakeClock()
  const onError = vi.fn()
  const base: ConnectOptions = {
    WebSocket: FakeWebSocket,
    logger: silentLogger,
    onError,
    notify: 'sync',
    connectTimeout: 1000,
  }
  const connection = connect('ws://x.test', null, { ...base, clock: first.clock })
  connection.configure('ws://x.test', null, { ...base, clock: second.clock })
  FakeSocket.last.open()
  expect(first.pending()).toEqual([])
  first.advance(1000)
  expect(codes(onError)).toEqual([])
  expect(connection.getSnapshot().status).toBe('open')
})
