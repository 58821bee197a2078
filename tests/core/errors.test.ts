import { beforeEach, describe, expect, test, vi } from 'vitest'
import { connect, defineSocket, GlockError, type Connection, type Frame } from 'react-glock/core'
import { fakeClock } from '../support/fake-clock'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'

beforeEach(() => FakeSocket.reset())

const chatHandlers = {
  init: () => [] as string[],
  send: (text: string, log: string[]) => ({ state: log, push: text }),
  receive: (frame: Frame, log: string[]) => {
    if (frame.type === 'text' && frame.data === 'boom') throw new Error('bad frame')
    return { state: frame.type === 'text' ? [...log, frame.data] : log }
  },
}

/**
 * A chat log over a FakeSocket, driven by hand and delivering synchronously, on a clock the test moves:
 * receive throws on the frame 'boom', and the queue holds one frame.
 */
function openChat() {
  const time = fakeClock()
  const chat = defineSocket('ws://chat.test/', chatHandlers, {
    WebSocket: FakeWebSocket,
    notify: 'sync',
    queue: { max: 1, highWaterMark: 10 },
    clock: time.clock,
    onError() {},
  })
  const connection = connect(chat)
  const socket = FakeSocket.last
  socket.open()
  return { connection, socket, time, error: () => connection.getSnapshot().error }
}

describe('error is the latest error, and clears when its own source next succeeds', () => {
  test('a handler_error from receive clears on the next frame receive handles without error', () => {
    const { socket, error, connection } = openChat()
    socket.receive('boom')
    expect(error()).toMatchObject({ code: 'handler_error' })
    socket.receive('fine')
    expect(error()).toBeNull()
    expect(connection.getSnapshot().state).toEqual(['fine'])
  })

  test('an invalid_step from receive clears the same way', () => {
    const connection = connect(
      'ws://chat.test/',
      {
        init: () => 0,
        receive: (frame, n) => (frame.type === 'text' && frame.data === 'bad' ? (5 as never) : { state: n + 1 }),
      },
      { WebSocket: FakeWebSocket, notify: 'sync', onError() {} },
    )
    FakeSocket.last.open()
    FakeSocket.last.receive('bad')
    expect(connection.getSnapshot().error).toMatchObject({ code: 'invalid_step' })
    FakeSocket.last.receive('good')
    expect(connection.getSnapshot()).toMatchObject({ error: null, state: 1 })
  })

  test('a queue_full clears on the next push that is accepted, and not on a frame received', () => {
    const { socket, error, connection, time } = openChat()
    // A backed-up socket: frames wait in the queue (of one).
    socket.bufferedAmount = 100
    expect(connection.push('one')).toBe(true)
    expect(connection.push('two')).toBe(false)
    expect(error()).toMatchObject({ code: 'queue_full' })
    socket.receive('a frame')
    expect(error()).toMatchObject({ code: 'queue_full' })
    // Drained: the next look at bufferedAmount sends what waited.
    socket.bufferedAmount = 0
    time.advance(25)
    expect(connection.push('three')).toBe(true)
    expect(error()).toBeNull()
    expect(socket.sent).toEqual(['one', 'three'])
  })

  test('a throwing send, reported from inside an event, clears on the next push accepted', () => {
    let fail = true
    const connection: Connection<null, string> = connect<null, string>(
      'ws://chat.test/',
      {
        send: (text, state) => {
          if (fail) throw new Error('cannot encode')
          return { state, push: text }
        },
        // A push from inside an event is reported, not thrown.
        open: (state) => (connection.push('hello'), { state }),
      },
      { WebSocket: FakeWebSocket, notify: 'sync', onError() {} },
    )
    FakeSocket.last.open()
    expect(connection.getSnapshot().error).toMatchObject({ code: 'handler_error' })
    fail = false
    expect(connection.push('again')).toBe(true)
    expect(connection.getSnapshot().error).toBeNull()
  })

  test('an older error never comes back: after the latest one clears, error is null', () => {
    const { socket, error, connection, time } = openChat()
    socket.bufferedAmount = 100
    connection.push('one')
    connection.push('two')
    expect(error()).toMatchObject({ code: 'queue_full' })
    socket.receive('boom')
    expect(error()).toMatchObject({ code: 'handler_error' })
    socket.bufferedAmount = 0
    time.advance(25)
    // Accepted: but the latest error is receive's, not push's, so it stays.
    expect(connection.push('three')).toBe(true)
    expect(error()).toMatchObject({ code: 'handler_error' })
    socket.receive('fine')
    expect(error()).toBeNull()
  })
})

describe('a refusal on a connection that has ended says why it ended', () => {
  test('after invalid_url, push is refused with not_open naming invalid_url, with it as the cause', () => {
    const connection = connect('not a url', null, { onError() {} })
    const ending = connection.getSnapshot().error!
    expect(ending.code).toBe('invalid_url')
    expect(connection.push('x')).toBe(false)
    const refusal = connection.getSnapshot().error!
    expect(refusal.code).toBe('not_open')
    expect(refusal.cause).toBe(ending)
    expect(refusal.message).toContain('it ended with invalid_url: Cannot resolve the URL "not a url"')
    expect(refusal.message).toContain('Call reconnect() to connect again.')
  })

  test('after retries ran out, the refusal names retries_exhausted', () => {
    const connection = connect('ws://chat.test/', null, {
      WebSocket: FakeWebSocket,
      reconnect: { attempts: 0 },
      onError() {},
    })
    FakeSocket.last.serverClose(1006, '', false)
    const ending = connection.getSnapshot().error!
    expect(ending.code).toBe('retries_exhausted')
    connection.push('x')
    expect(connection.getSnapshot().error).toMatchObject({ code: 'not_open', cause: ending })
    expect(connection.getSnapshot().error!.message).toContain('it ended with retries_exhausted')
  })

  test('after close(), the refusal says it is closed, with the close code, and has no cause', () => {
    const { connection, socket } = openChat()
    connection.close(4000, 'bye')
    socket.serverClose(4000, 'bye')
    connection.push('x')
    const refusal = connection.getSnapshot().error!
    expect(refusal.code).toBe('not_open')
    expect(refusal.cause).toBeUndefined()
    expect(refusal.message).toBe(
      '[react-glock] push was refused: the connection is closed (code 4000). Call reconnect() to connect again.',
    )
  })
})

describe('with no onError, development builds log each distinct error once, as one line', () => {
  test('a socket that fails on every retry is logged once, then the end once', () => {
    const error = vi.fn()
    class Refusing {
      constructor() {
        throw new Error('blocked by CSP')
      }
    }
    const time = fakeClock()
    const connection = connect('ws://chat.test/', null, {
      WebSocket: Refusing as never,
      logger: { debug() {}, warn() {}, error },
      reconnect: { attempts: 3, jitter: false },
      clock: time.clock,
    })
    time.advance(60_000)
    // The first connect and three retries: four sockets that failed alike.
    expect(connection.getSnapshot()).toMatchObject({ status: 'closed', attempt: 3 })
    const failure = 'new WebSocket("ws://chat.test/") threw: blocked by CSP'
    expect(error.mock.calls).toEqual([
      [`[react-glock] socket_error: ${failure}`],
      [`[react-glock] retries_exhausted: Gave up after 3 retries; the last close was 1006 (${failure}).`],
    ])
  })
})

test('a receive that returns a Promise is an invalid_step that says it got a Promise, and what to do', () => {
  const connection = connect(
    'ws://chat.test/',
    // @ts-expect-error handlers run synchronously: an async receive does not type-check either
    { init: () => 0, receive: async (_frame, n: number) => ({ state: n + 1 }) },
    { WebSocket: FakeWebSocket, notify: 'sync', onError() {} },
  )
  FakeSocket.last.open()
  FakeSocket.last.receive('x')
  expect(connection.getSnapshot()).toMatchObject({ state: 0, error: { code: 'invalid_step' } })
  expect(connection.getSnapshot().error!.message).toBe(
    '[react-glock] The receive handler must return a Step { state, push?, close? }; got a Promise; handlers run ' +
      'synchronously: do async work outside them and push its result.',
  )
})

test('a handler that throws a GlockError is reported as that error, not as a handler_error', () => {
  const thrown = new GlockError('invalid_message', 'not JSON')
  const connection = connect(
    'ws://chat.test/',
    {
      init: () => 0,
      receive: () => {
        throw thrown
      },
    },
    { WebSocket: FakeWebSocket, notify: 'sync', onError() {} },
  )
  FakeSocket.last.open()
  FakeSocket.last.receive('x')
  expect(connection.getSnapshot().error).toBe(thrown)
})
