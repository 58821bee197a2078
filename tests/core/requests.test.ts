import { beforeEach, describe, expect, test, vi } from 'vitest'
import { connect, defineSocket, GlockError, type Connection, type Logger } from 'react-glock/core'
import { fakeClock } from '../support/fake-clock'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'

beforeEach(() => FakeSocket.reset())

/** A tiny protocol: a request goes out as `<id>:<text>`, a reply comes back as `<id>=<value>` or `<id>!<error>`. */
const protocol = {
  init: () => ({ opens: 0 }),
  open: (state: { opens: number }) => ({ state: { opens: state.opens + 1 }, push: `hello ${state.opens + 1}` }),
  send: (text: string, state: { opens: number }, request: { id: number } | undefined) => ({
    state,
    push: request ? `${request.id}:${text}` : text,
  }),
  receive: (frame: { type: string; data?: unknown }, state: { opens: number }) => {
    const match = frame.type === 'text' ? /^(\d+)([=!])(.*)$/.exec(frame.data as string) : null
    if (!match) return { state }
    const id = Number(match[1])
    return { state, reply: match[2] === '=' ? { id, value: match[3] } : { id, error: match[3] } }
  },
}

function openConnection(options: { logger?: Logger } = {}) {
  const time = fakeClock()
  const connection: Connection<{ opens: number }, string> = connect(
    defineSocket('ws://rpc.test/', protocol, {
      WebSocket: FakeWebSocket,
      clock: time.clock,
      notify: 'sync',
      reconnect: { minDelay: 100, maxDelay: 100, jitter: false },
      onError() {},
      ...options,
    }),
  )
  FakeSocket.last.open()
  return { connection, time, socket: () => FakeSocket.last }
}

describe('request and reply', () => {
  test('ids start at 1; send gets { id }, push gets undefined; a reply value resolves, an error rejects', async () => {
    const { connection, socket } = openConnection()
    const first = connection.request('a')
    const second = connection.request('b')
    connection.push('plain')
    expect(socket().sent).toEqual(['hello 1', '1:a', '2:b', 'plain'])
    socket().receive('2!nope')
    socket().receive('1=yes')
    await expect(first).resolves.toBe('yes')
    const failure = await second.catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(GlockError)
    expect(failure).toMatchObject({ code: 'request_failed', cause: 'nope' })
  })

  test('pending counts requests not yet settled', () => {
    const { connection, socket } = openConnection()
    expect(connection.getSnapshot().pending).toBe(0)
    void connection.request('a')
    void connection.request('b')
    expect(connection.getSnapshot().pending).toBe(2)
    socket().receive('1=x')
    expect(connection.getSnapshot().pending).toBe(1)
    socket().receive('2=y')
    expect(connection.getSnapshot().pending).toBe(0)
  })

  test('a reply for an id not pending is ignored, and logged at debug level in development', () => {
    const debug = vi.fn()
    const { connection, socket } = openConnection({ logger: { debug, warn() {}, error() {} } })
    socket().receive('7=late')
    expect(connection.getSnapshot()).toMatchObject({ pending: 0, error: null })
    expect(debug).toHaveBeenCalledWith(
      '[react-glock] A reply for request 7, which is not pending (it timed out, was aborted, or is unknown): ignored.',
    )
  })
})

describe('rejections', () => {
  test('request_timeout at the time, its queued frame removed, and the late reply ignored', async () => {
    const debug = vi.fn()
    const { connection, socket, time } = openConnection({ logger: { debug, warn() {}, error() {} } })
    socket().bufferedAmount = 10 * 1024 * 1024
    const slow = connection.request('slow', { timeout: 500 })
    const outcome = slow.catch((error: unknown) => error)
    time.advance(499)
    expect(connection.getSnapshot().pending).toBe(1)
    time.advance(1)
    expect(await outcome).toMatchObject({ code: 'request_timeout' })
    socket().bufferedAmount = 0
    time.advance(25)
    // Its frame never went out.
    expect(socket().sent).toEqual(['hello 1'])
    socket().receive('1=too late')
    expect(connection.getSnapshot().pending).toBe(0)
    expect(debug).toHaveBeenCalledTimes(1)
  })

  test('an aborted signal rejects with its reason; one aborted already rejects at once, sending nothing', async () => {
    const { connection, socket } = openConnection()
    const controller = new AbortController()
    const request = connection.request('a', { signal: controller.signal })
    controller.abort(new Error('not needed'))
    await expect(request).rejects.toThrow('not needed')
    await expect(connection.request('b', { signal: AbortSignal.abort('gone') })).rejects.toBe('gone')
    expect(socket().sent).toEqual(['hello 1', '1:a'])
    expect(connection.getSnapshot().pending).toBe(0)
  })

  test('close() rejects every pending request with connection_closed', async () => {
    const { connection, socket } = openConnection()
    const requests = [connection.request('a'), connection.request('b')].map((r) => r.catch((e: unknown) => e))
    connection.close()
    socket().serverClose(1000)
    expect(await Promise.all(requests)).toMatchObject([{ code: 'connection_closed' }, { code: 'connection_closed' }])
  })

  test('a lost socket rejects with connection_lost without resend, and resends with it, once, in order', async () => {
    const { connection, socket, time } = openConnection()
    const once = connection.request('once').catch((e: unknown) => e)
    const again1 = connection.request('again 1', { resend: true })
    const again2 = connection.request('again 2', { resend: true })
    const first = socket()
    first.serverClose(1006, '', false)
    expect(await once).toMatchObject({ code: 'connection_lost' })
    // Queued while reconnecting: goes after the resent requests.
    connection.push('queued')
    time.advance(100)
    const second = socket()
    expect(second).not.toBe(first)
    second.open()
    expect(second.sent).toEqual(['hello 2', '2:again 1', '3:again 2', 'queued'])
    second.receive('3=two')
    second.receive('2=one')
    await expect(Promise.all([again1, again2])).resolves.toEqual(['one', 'two'])
  })

  test('a throwing send rejects with handler_error and sends nothing; a closed connection refuses at once', async () => {
    const connection = connect<null, string>(
      'ws://rpc.test/',
      {
        send: () => {
          throw new Error('cannot encode')
        },
      },
      { WebSocket: FakeWebSocket, onError() {} },
    )
    FakeSocket.last.open()
    await expect(connection.request('x')).rejects.toMatchObject({
      code: 'handler_error',
      cause: new Error('cannot encode'),
    })
    expect(FakeSocket.last.sent).toEqual([])
    connection.close()
    await expect(connection.request('y')).rejects.toMatchObject({ code: 'not_open' })
  })

  test('a request from inside a handler runs after the event, and settles normally', async () => {
    let inner: Promise<unknown> | undefined
    const time = fakeClock()
    const connection: Connection<null, string> = connect<null, string>(
      'ws://rpc.test/',
      {
        open: (state) => {
          inner = connection.request('from open')
          // Not yet sent: the open event is still running.
          expect(FakeSocket.last.sent).toEqual([])
          return { state, push: 'open frame' }
        },
        send: (text, state, request) => ({ state, push: `${request!.id}:${text}` }),
        receive: (frame, state) => ({ state, reply: { id: 1, value: frame.type === 'text' ? frame.data : null } }),
      },
      { WebSocket: FakeWebSocket, clock: time.clock, notify: 'sync', onError() {} },
    )
    FakeSocket.last.open()
    expect(FakeSocket.last.sent).toEqual(['open frame', '1:from open'])
    FakeSocket.last.receive('answer')
    await expect(inner).resolves.toBe('answer')
  })
})

test.each([-1, 1.5, Number.NaN, '100'])(
  'a request timeout of %j is refused at once, naming it, and nothing is sent',
  async (timeout) => {
    const { connection, socket } = openConnection()
    await expect(connection.request('a', { timeout: timeout as number })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('request: timeout must be a whole number ≥ 0 or Infinity'),
    })
    expect(socket().sent).toEqual(['hello 1'])
    expect(connection.getSnapshot().pending).toBe(0)
  },
)
