import { beforeEach, expect, test } from 'vitest'
import { connect } from 'react-glock/core'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'

beforeEach(() => FakeSocket.reset())

test('frames still queued when the server ends the connection for good are counted in discarded, and never sent after reconnect()', () => {
  const connection = connect('ws://x.test', null, { WebSocket: FakeWebSocket, logger: silentLogger, notify: 'sync' })
  FakeSocket.last.open()
  const socket = FakeSocket.last
  socket.bufferedAmount = 10 * 1024 * 1024
  expect(connection.push('stuck')).toBe(true)
  socket.serverClose(1000, 'bye')
  expect(connection.getSnapshot()).toMatchObject({ status: 'closed', discarded: 1 })
  connection.reconnect()
  FakeSocket.last.open()
  expect(FakeSocket.last.sent).toEqual([])
})

test('frames queued when the retries run out are counted in discarded', () => {
  const connection = connect('ws://x.test', null, {
    WebSocket: FakeWebSocket,
    logger: silentLogger,
    onError() {},
    notify: 'sync',
    reconnect: { attempts: 0 },
  })
  expect(connection.push('a')).toBe(true)
  expect(connection.push('b')).toBe(true)
  FakeSocket.last.serverClose(1006, '', false)
  expect(connection.getSnapshot()).toMatchObject({
    status: 'closed',
    discarded: 2,
    error: { code: 'retries_exhausted' },
  })
})

test('a push made from inside an event behind a queued reconnect() is judged at its turn: it goes out on the new socket', () => {
  const connection = connect('ws://x.test', null, {
    WebSocket: FakeWebSocket,
    logger: silentLogger,
    onError() {},
    notify: 'sync',
  })
  FakeSocket.last.open()
  connection.close()
  FakeSocket.last.serverClose(1000, '')
  let pushed: boolean | undefined
  connection.subscribe(() => {
    if (pushed !== undefined) return
    connection.reconnect()
    pushed = connection.push('hello')
  })
  // Refused outside any event: the error changes, and the subscriber runs inside that event.
  expect(connection.push('x')).toBe(false)
  FakeSocket.last.open()
  expect({ pushed, status: connection.getSnapshot().status, sent: FakeSocket.last.sent }).toEqual({
    pushed: true,
    status: 'open',
    sent: ['hello'],
  })
  expect(connection.getSnapshot().error).toBeNull()
})
