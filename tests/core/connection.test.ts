import { afterEach, describe, expect, test, vi } from 'vitest'
import { connect, GlockError, type Frame, type Handlers } from 'react-glock/core'
import { mockServer } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { until } from '../support/wait'

const servers: Array<ReturnType<typeof mockServer>> = []
function server() {
  const s = mockServer()
  servers.push(s)
  return s
}
afterEach(() => {
  servers.splice(0).forEach((s) => s.server.stop())
})

interface Counts {
  sent: number
  received: number
}

/** The seed README's counter: state built in init, counted in send and receive. */
const counter: Handlers<Counts, unknown> = {
  init: () => ({ sent: 0, received: 0 }),
  send: (message, state) => ({ state: { ...state, sent: state.sent + 1 }, push: JSON.stringify(message) }),
  receive: (frame, state) => ({ state: frame.type === 'text' ? { ...state, received: state.received + 1 } : state }),
}

describe('defaults', () => {
  /** A connection with no handlers to a server that answers each frame with `echo <frame>`; `debug` is its logger's. */
  function withoutHandlers() {
    const s = server()
    s.server.on('connection', (client) => client.on('message', (data) => client.send(`echo ${data}`)))
    const debug = vi.fn()
    const c = connect(s.url, undefined, { WebSocket: s.WebSocket, logger: { ...silentLogger, debug } })
    return { s, c, debug }
  }
  const echoOfObject = (x: { state: unknown }) =>
    (x.state as Frame | null)?.type === 'text' && (x.state as { data: string }).data === 'echo {"n":1}'

  test('with no handlers, strings go out as text and objects as JSON', async () => {
    const { s, c } = withoutHandlers()
    await until(c, (x) => x.status === 'open')
    expect(c.push('hi')).toBe(true)
    expect(c.push({ n: 1 })).toBe(true)
    await until(c, echoOfObject)
    expect(s.received).toEqual(['hi', '{"n":1}'])
  })

  test('with no handlers, the state starts null and is then the last frame received', async () => {
    const { c } = withoutHandlers()
    expect(c.getSnapshot()).toMatchObject({ state: null, status: 'connecting', error: null })
    await until(c, (x) => x.status === 'open')
    c.push('hi')
    c.push({ n: 1 })
    const last = await until(c, echoOfObject)
    expect(last.state).toEqual({ type: 'text', data: 'echo {"n":1}' })
  })

  test('with no handlers, every frame received is logged at debug', async () => {
    const { c, debug } = withoutHandlers()
    await until(c, (x) => x.status === 'open')
    c.push('hi')
    c.push({ n: 1 })
    await until(c, echoOfObject)
    expect(debug).toHaveBeenCalledWith('[react-glock] received', { type: 'text', data: 'echo hi' })
  })

  test('getSnapshot returns the same object until something changes', async () => {
    const s = server()
    const c = connect(s.url, undefined, { WebSocket: s.WebSocket, logger: silentLogger })
    const first = c.getSnapshot()
    expect(c.getSnapshot()).toBe(first)
    const open = await until(c, (x) => x.status === 'open')
    expect(open).not.toBe(first)
    expect(c.getSnapshot()).toBe(open)
    c.close()
  })
})

describe('handlers', () => {
  test("the seed's counter: init builds the state, send and receive count", async () => {
    const s = server()
    s.server.on('connection', (client) => client.on('message', (data) => client.send(String(data))))
    const c = connect(s.url, counter, { WebSocket: s.WebSocket })
    expect(c.getSnapshot().state).toEqual({ sent: 0, received: 0 })
    c.push({ hello: 'socket' })
    expect(c.getSnapshot().state).toEqual({ sent: 1, received: 0 })
    await until(c, (x) => x.state.received === 1)
    expect(s.received).toEqual(['{"hello":"socket"}'])
  })

  test('init sees the resolved URL and the key', () => {
    const init = vi.fn(() => 0)
    connect(
      'http://never.invalid/a',
      { init },
      { key: 'k', WebSocket: server().WebSocket, reconnect: false, onError() {} },
    )
    expect(init).toHaveBeenCalledWith({ url: 'ws://never.invalid/a', key: 'k' })
  })

  /** A connection whose open handler counts opens and pushes two frames, with two frames queued while connecting. */
  async function openedWithAuth() {
    const s = server()
    const open = vi.fn((state: number, info: { attempt: number }) => ({
      state: state + 1,
      push: ['auth', `attempt ${info.attempt}`],
    }))
    const c = connect(s.url, { init: () => 0, open }, { WebSocket: s.WebSocket })
    c.push('first')
    c.push('second')
    await until(c, (x) => x.status === 'open')
    return { s, c, open }
  }

  test('open runs on open, given the protocol, extensions and attempt, and its step is applied', async () => {
    const { c, open } = await openedWithAuth()
    expect(open).toHaveBeenCalledWith(0, { protocol: '', extensions: '', attempt: 0 })
    expect(c.getSnapshot().state).toBe(1)
  })

  test("the open handler's frames go out before frames queued while connecting", async () => {
    const { s } = await openedWithAuth()
    await vi.waitFor(() => expect(s.received).toEqual(['auth', 'attempt 0', 'first', 'second']))
  })

  /**
   * A connection whose receive logs every frame and answers 'bye' with a close step (4001, 'asked to'), closed by
   * 'bye'. The server's side of a close step is checked against ws in the hook tests.
   */
  async function closedByStep() {
    const s = server()
    const frames: Frame[] = []
    const c = connect<Frame[]>(
      s.url,
      {
        init: () => [],
        receive: (frame, state) => {
          frames.push(frame)
          return frame.type === 'text' && frame.data === 'bye'
            ? { state: [...state, frame], close: { code: 4001, reason: 'asked to' } }
            : { state: [...state, frame] }
        },
      },
      { WebSocket: s.WebSocket },
    )
    await until(c, (x) => x.status === 'open')
    const client = s.clients[0]!
    client.send('bye')
    const closed = await until(c, (x) => x.status === 'closed')
    return { frames, closed }
  }

  test('receive sees the close frame last', async () => {
    const { frames } = await closedByStep()
    expect(frames.map((f) => f.type)).toEqual(['text', 'close'])
  })

  test('a close step ends the connection with its code and reason, without retrying', async () => {
    const { frames, closed } = await closedByStep()
    expect(frames[1]).toMatchObject({ type: 'close', code: 4001, reason: 'asked to' })
    expect(closed.lastClose).toMatchObject({ code: 4001, reason: 'asked to' })
    expect(closed.attempt).toBe(0)
  })

  /** A connection whose receive throws on 'boom', after receiving 'a', 'boom' and 'b'. */
  async function afterReceiveThrew() {
    const s = server()
    const onError = vi.fn()
    const c = connect<string[]>(
      s.url,
      {
        init: () => [],
        receive: (frame, state) => {
          if (frame.type === 'text' && frame.data === 'boom') throw new Error('bad frame')
          return { state: frame.type === 'text' ? [...state, frame.data] : state }
        },
      },
      { WebSocket: s.WebSocket, onError },
    )
    await until(c, (x) => x.status === 'open')
    s.clients[0]!.send('a')
    s.clients[0]!.send('boom')
    s.clients[0]!.send('b')
    const after = await until(c, (x) => x.state.length === 2)
    return { after, onError }
  }

  test('a receive handler that throws is reported as handler_error, once to onError, until receive next succeeds', async () => {
    const { after, onError } = await afterReceiveThrew()
    expect(onError).toHaveBeenCalledTimes(1)
    const [reported] = onError.mock.calls[0]!
    expect(reported).toBeInstanceOf(GlockError)
    expect(reported).toMatchObject({
      code: 'handler_error',
      message: '[react-glock] The receive handler threw: bad frame',
    })
    // The next frame receive handled without error ('b') cleared it.
    expect(after.error).toBeNull()
  })

  test('after a receive handler throws, the state is kept and the socket keeps working', async () => {
    const { after } = await afterReceiveThrew()
    expect(after.state).toEqual(['a', 'b'])
    expect(after.status).toBe('open')
  })

  /** An open connection whose open handler returns 42 and whose receive step pushes 5: neither is a valid Step. */
  async function withInvalidSteps() {
    const s = server()
    const onError = vi.fn()
    const c = connect<number>(
      s.url,
      { init: () => 7, open: () => 42 as never, receive: (_f, state) => ({ state, push: 5 as never }) },
      { WebSocket: s.WebSocket, onError },
    )
    await until(c, (x) => x.status === 'open')
    return { s, c, onError }
  }

  test('an open handler that returns a non-Step is reported with what came back, and the state stays', async () => {
    const { c, onError } = await withInvalidSteps()
    expect(c.getSnapshot().state).toBe(7)
    expect(onError.mock.calls[0]![0]).toMatchObject({
      code: 'invalid_step',
      message: '[react-glock] The open handler must return a Step { state, push?, close? }; got 42.',
    })
  })

  test('a receive step whose push is not data is reported with what came back, and the socket stays open', async () => {
    const { s, c, onError } = await withInvalidSteps()
    s.clients[0]!.send('x')
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(2))
    expect(onError.mock.calls[1]![0].message).toContain(
      'step.push must be a string, ArrayBuffer, typed array, Blob or an array of them; got 5',
    )
    expect(c.getSnapshot().status).toBe('open')
  })
})

describe('push', () => {
  test('frames pushed before open wait in order and go out on open', async () => {
    const s = server()
    const c = connect(s.url, undefined, { WebSocket: s.WebSocket, logger: silentLogger })
    for (let i = 0; i < 5; i++) expect(c.push(`m${i}`)).toBe(true)
    expect(s.received).toEqual([])
    await until(c, (x) => x.status === 'open')
    await vi.waitFor(() => expect(s.received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']))
  })

  const circular: Record<string, unknown> = {}
  circular.self = circular

  test('a send handler that throws throws at the push call and leaves the state', async () => {
    const s = server()
    const c = connect(s.url, counter, { WebSocket: s.WebSocket })
    await until(c, (x) => x.status === 'open')
    expect(() => c.push(circular)).toThrow(/circular/i)
    expect(c.getSnapshot().state).toEqual({ sent: 0, received: 0 })
  })

  /** An open connection with no handlers, and its snapshot once open. */
  async function openWithoutHandlers() {
    const s = server()
    const plain = connect(s.url, undefined, { WebSocket: s.WebSocket, logger: silentLogger })
    await until(plain, (x) => x.status === 'open')
    return { s, plain, before: plain.getSnapshot() }
  }

  test('without a send handler, an object JSON cannot encode throws a TypeError at push, sending nothing', async () => {
    const { s, plain, before } = await openWithoutHandlers()
    expect(() => plain.push(circular)).toThrow(TypeError)
    expect(plain.getSnapshot()).toBe(before)
    expect(s.received).toEqual([])
  })

  test('without a send handler, push(undefined) throws invalid_argument and sends nothing', async () => {
    const { s, plain, before } = await openWithoutHandlers()
    expect(() => plain.push(undefined)).toThrow(expect.objectContaining({ code: 'invalid_argument' }))
    expect(plain.getSnapshot()).toBe(before)
    expect(s.received).toEqual([])
  })

  test('push after close is refused with not_open, and send does not run', async () => {
    const s = server()
    const send = vi.fn((m: string, state: null) => ({ state, push: m }))
    const onError = vi.fn()
    const c = connect<null, string>(s.url, { send }, { WebSocket: s.WebSocket, onError, logger: silentLogger })
    await until(c, (x) => x.status === 'open')
    c.close()
    expect(c.push('late')).toBe(false)
    expect(send).not.toHaveBeenCalled()
    expect(c.getSnapshot().error).toMatchObject({ code: 'not_open' })
    expect(onError).toHaveBeenCalledTimes(1)
  })

  test('binary data goes out as binary frames and comes back as ArrayBuffer', async () => {
    const s = server()
    s.server.on('connection', (client) => client.on('message', (data) => client.send(data as ArrayBuffer)))
    const c = connect(s.url, undefined, { WebSocket: s.WebSocket, logger: silentLogger })
    await until(c, (x) => x.status === 'open')
    c.push(new Uint8Array([1, 2, 3]).buffer)
    const got = await until(c, (x) => x.state !== null)
    expect(got.state).toMatchObject({ type: 'binary' })
    expect([...new Uint8Array((got.state as { data: ArrayBuffer }).data)]).toEqual([1, 2, 3])
  })
})

describe('close and reconnect', () => {
  /** An open connection with no handlers. */
  async function opened() {
    const s = server()
    const c = connect(s.url, undefined, { WebSocket: s.WebSocket, logger: silentLogger })
    await until(c, (x) => x.status === 'open')
    return { s, c }
  }

  test('close refuses, synchronously, a code other than 1000 or 3000–4999 and leaves the socket open', async () => {
    const { c } = await opened()
    expect(() => c.close(1006)).toThrow(/close code must be 1000 or 3000–4999; got 1006/)
    expect(() => c.close(2999)).toThrow(expect.objectContaining({ code: 'invalid_argument' }))
    expect(c.getSnapshot().status).toBe('open')
  })

  test('close refuses, synchronously, a reason over 123 UTF-8 bytes, and accepts one of 123', async () => {
    const { c } = await opened()
    expect(() => c.close(1000, 'é'.repeat(62))).toThrow(/123 UTF-8 bytes/)
    expect(c.getSnapshot().status).toBe('open')
    c.close(4000, 'x'.repeat(123))
    expect(c.getSnapshot().status).toBe('closing')
  })

  test('close discards queued frames and reports how many', async () => {
    const s = server()
    const c = connect(s.url, undefined, { WebSocket: s.WebSocket, logger: silentLogger })
    c.push('a')
    c.push('b')
    c.close()
    const snapshot = c.getSnapshot()
    expect(snapshot).toMatchObject({ status: 'closed', discarded: 2 })
    expect(s.received).toEqual([])
  })

  test.each([
    { code: 1000, kind: 'normal closure' },
    { code: 4002, kind: 'an application code, 4000–4999' },
  ])('a server close with $code ($kind) is final', async ({ code }) => {
    const { s, c } = await opened()
    s.clients[0]!.close({ code, reason: 'done', wasClean: true })
    const closed = await until(c, (x) => x.status === 'closed')
    expect(closed).toMatchObject({
      lastClose: { code, reason: 'done' },
      nextRetryAt: null,
      state: { type: 'close', code },
    })
  })

  test('a server close with 1006 reconnects', async () => {
    const s = server()
    const c = connect(s.url, undefined, {
      WebSocket: s.WebSocket,
      logger: silentLogger,
      notify: 'sync',
      reconnect: { minDelay: 1, maxDelay: 1 },
    })
    await until(c, (x) => x.status === 'open')
    s.clients[0]!.close({ code: 1006, reason: 'gone', wasClean: false })
    const waiting = await until(c, (x) => x.status === 'connecting')
    expect(waiting).toMatchObject({ attempt: 1, lastClose: { code: 1006 } })
    await until(c, (x) => x.status === 'open')
    expect(s.clients).toHaveLength(2)
  })

  test('reconnect() connects again even after close(), keeping the state', async () => {
    const s = server()
    s.server.on('connection', (client) => client.on('message', (data) => client.send(String(data))))
    const c = connect(s.url, counter, { WebSocket: s.WebSocket })
    await until(c, (x) => x.status === 'open')
    c.push('one')
    await until(c, (x) => x.state.received === 1)
    c.close()
    await until(c, (x) => x.status === 'closed')
    c.reconnect()
    expect(c.getSnapshot().status).toBe('connecting')
    await until(c, (x) => x.status === 'open')
    expect(c.getSnapshot().state).toEqual({ sent: 1, received: 1 })
    expect(c.push('two')).toBe(true)
    await until(c, (x) => x.state.received === 2)
  })
})

describe('bad input', () => {
  test.each([
    ['ftp://example.com/x', /"ftp:\/\/example.com\/x" has the scheme ftp:/],
    ['not a url', /Cannot resolve the URL "not a url"/],
  ])('%s is reported as invalid_url, naming the URL, and opens nothing', (url, message) => {
    const constructed = vi.fn()
    const onError = vi.fn()
    const c = connect(url, undefined, { WebSocket: constructed as never, onError })
    expect(constructed).not.toHaveBeenCalled()
    expect(c.getSnapshot()).toMatchObject({
      status: 'closed',
      error: { code: 'invalid_url', message: expect.stringMatching(message) },
    })
    expect(onError).toHaveBeenCalledTimes(1)
  })

  test('http and https map to ws and wss', () => {
    const urls: string[] = []
    class Recorder {
      constructor(url: string) {
        urls.push(url)
      }
      close() {}
    }
    connect('http://never.invalid/a?b=1', undefined, { WebSocket: Recorder as never })
    connect('https://example.com/x', undefined, { WebSocket: Recorder as never })
    connect(new URL('wss://example.com/y'), undefined, { WebSocket: Recorder as never })
    expect(urls).toEqual(['ws://never.invalid/a?b=1', 'wss://example.com/x', 'wss://example.com/y'])
  })

  test('without a WebSocket option and no global WebSocket, the error says what to do', () => {
    vi.stubGlobal('WebSocket', undefined)
    const c = connect('ws://never.invalid', undefined, { onError() {} })
    expect(c.getSnapshot()).toMatchObject({
      status: 'closed',
      error: { code: 'no_websocket', message: expect.stringContaining('options.WebSocket') },
    })
  })
})

describe('notifications', () => {
  /** An open connection that counts frames received, notifying in 'frame' batches (the default), and a listener. */
  async function countingFrames() {
    const s = server()
    const c = connect<number, string>(
      s.url,
      { init: () => 0, receive: (_f, n) => ({ state: n + 1 }), send: (m: string, n) => ({ state: n, push: m }) },
      { WebSocket: s.WebSocket },
    )
    await until(c, (x) => x.status === 'open')
    const listener = vi.fn()
    c.subscribe(listener)
    return { s, c, listener }
  }

  test("'frame' batches many incoming frames into one notification", async () => {
    const { s, c, listener } = await countingFrames()
    for (let i = 0; i < 100; i++) s.clients[0]!.send(`m${i}`)
    expect(c.getSnapshot().state).toBe(100)
    expect(listener).toHaveBeenCalledTimes(0)
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1))
  })

  test('a push whose send step leaves the state as it was notifies no one', async () => {
    const { s, c, listener } = await countingFrames()
    s.clients[0]!.send('m')
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1))
    c.push('x')
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('a push whose send step changes the state notifies at once', () => {
    const s = server()
    const sendsState = connect<number, string>(
      s.url,
      { init: () => 0, send: (m: string, n) => ({ state: n + 1, push: m }) },
      { WebSocket: s.WebSocket },
    )
    const other = vi.fn()
    sendsState.subscribe(other)
    sendsState.push('y')
    expect(other).toHaveBeenCalledTimes(1)
  })

  test("'sync' notifies per change", async () => {
    const s = server()
    const c = connect<number>(
      s.url,
      { init: () => 0, receive: (_f, n) => ({ state: n + 1 }) },
      { WebSocket: s.WebSocket, notify: 'sync' },
    )
    await until(c, (x) => x.status === 'open')
    const listener = vi.fn()
    c.subscribe(listener)
    for (let i = 0; i < 10; i++) s.clients[0]!.send(`m${i}`)
    expect(listener).toHaveBeenCalledTimes(10)
  })
})
