import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { z } from 'zod'
import {
  connect,
  defineSocket,
  GlockError,
  json,
  type Callbacks,
  type ConnectOptions,
  type Connection,
  type StandardSchemaV1,
} from 'react-glock/core'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'
import { inProduction } from '../support/production'
import { silentLogger } from '../support/logger'

// json() turns text frames into validated JSON messages and JSON values into frames. Every test drives a
// FakeSocket by hand, synchronously: `FakeSocket.last.open()`, `.receive(data)`, `.sent`.

const errors: GlockError[] = []
const connections: Connection<any, any>[] = []
const options: ConnectOptions = {
  WebSocket: FakeWebSocket,
  notify: 'sync',
  reconnect: false,
  onError: (error) => void errors.push(error),
}

/** Connects the handlers to a FakeSocket and opens it. */
function opened<S, M>(handlers: Callbacks<S, M>, connectWith: typeof connect = connect) {
  const connection = connectWith('ws://json.test', handlers as Callbacks<S | null, M>, options) as Connection<S, M>
  connections.push(connection)
  const socket = FakeSocket.last
  socket.open()
  return {
    connection,
    socket,
    state: () => connection.getSnapshot().state,
    error: () => connection.getSnapshot().error,
  }
}

beforeEach(() => FakeSocket.reset())
afterEach(() => {
  connections.splice(0).forEach((c) => c.close())
  errors.length = 0
})

/** A hand-made Standard Schema: `check` returns the issues, or nothing for a valid value. */
function schemaOf<T>(check: (value: any) => StandardSchemaV1.Issue[] | void): StandardSchemaV1<unknown, T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (value) => {
        const issues = check(value)
        return issues ? { issues } : { value: value as T }
      },
    },
  }
}

const Chat = z.object({ messages: z.array(z.object({ text: z.string() })) })

describe('text frames', () => {
  test('are parsed, validated and handed to receive with the state', () => {
    const receive = vi.fn((message: z.infer<typeof Chat>, log: string[]) => ({
      state: [...log, ...message.messages.map((m) => m.text)],
    }))
    const { socket, state, error } = opened(json({ schema: Chat, init: () => [] as string[], receive }))
    socket.receive('{"messages":[{"text":"hi"},{"text":"there"}]}')
    expect(receive).toHaveBeenCalledWith({ messages: [{ text: 'hi' }, { text: 'there' }] }, [])
    expect(state()).toEqual(['hi', 'there'])
    expect(error()).toBeNull()
  })

  test("the message is the schema's output: transforms and defaults apply", () => {
    const Stamped = z.object({ at: z.string().transform((at) => Date.parse(at)), seen: z.boolean().default(false) })
    const { socket, state } = opened(json({ schema: Stamped }))
    socket.receive('{"at":"2024-01-02T03:04:05.000Z"}')
    expect(state()).toEqual({ at: Date.UTC(2024, 0, 2, 3, 4, 5), seen: false })
  })

  test('without a schema, any JSON value reaches receive', () => {
    const received: unknown[] = []
    const { socket } = opened(
      json({ init: () => 0, receive: (message, n) => (received.push(message), { state: n + 1 }) }),
    )
    for (const text of ['1', '"two"', 'null', '[3]', '{"four":4}']) socket.receive(text)
    expect(received).toEqual([1, 'two', null, [3], { four: 4 }])
  })

  test('without receive, the state is the last message; with init it stays as it is', () => {
    const last = opened(json({ schema: Chat }))
    expect(last.state()).toBeNull()
    last.socket.receive('{"messages":[]}')
    expect(last.state()).toEqual({ messages: [] })

    const kept = opened(json({ init: () => 'initial' }))
    kept.socket.receive('{"messages":[]}')
    expect(kept.state()).toBe('initial')
  })

  test('works through defineSocket as through connect', () => {
    const definition = defineSocket(
      'ws://json.test/defined',
      json({ schema: Chat, init: () => 0, receive: (message, n) => ({ state: n + message.messages.length }) }),
      options,
    )
    const connection = connect(definition)
    connections.push(connection)
    FakeSocket.last.open()
    FakeSocket.last.receive('{"messages":[{"text":"a"},{"text":"b"}]}')
    expect(connection.getSnapshot().state).toBe(2)
  })
})

describe('invalid messages', () => {
  const receive = vi.fn((message: { n: number }, total: number) => ({ state: total + message.n }))
  const Numbered = schemaOf<{ n: number }>((value) =>
    typeof value?.n === 'number' ? undefined : [{ message: 'Expected number', path: ['n'] }],
  )
  beforeEach(() => {
    receive.mockClear()
  })

  test('a frame that is not JSON is an invalid_message; the state stays, and the socket keeps working', () => {
    const { connection, socket, state, error } = opened(json({ schema: Numbered, init: () => 10, receive }))
    socket.receive('hello, not JSON')
    expect(error()).toBeInstanceOf(GlockError)
    expect(error()?.code).toBe('invalid_message')
    expect(error()?.message).toMatch(/^\[react-glock\] The text frame "hello, not JSON" is not JSON: .+\.$/)
    expect(error()?.cause).toBeInstanceOf(SyntaxError)
    expect(errors).toEqual([error()])
    expect(receive).not.toHaveBeenCalled()
    expect(state()).toBe(10)
    expect(connection.getSnapshot().status).toBe('open')

    // The next good frame goes through and clears the error.
    socket.receive('{"n":5}')
    expect(state()).toBe(15)
    expect(error()).toBeNull()
  })

  test('a long frame that is not JSON is cut short in the message', () => {
    const { socket, error } = opened(json({}))
    socket.receive(`<${'x'.repeat(500)}>`)
    expect(error()?.message).toContain(`"<${'x'.repeat(99)}…" is not JSON`)
  })

  test("a frame that fails the schema is an invalid_message listing the schema's issues with their paths", () => {
    const Deep = schemaOf<unknown>(() => [
      { message: 'Expected string', path: ['messages', 0, 'text'] },
      { message: 'Required', path: [{ key: 'room' }, { key: 'id' }] },
      { message: 'Odd key', path: ['headers', 'content-type', 2, Symbol('meta')] },
      { message: 'Expected an object' },
      { message: 'Empty path', path: [] },
    ])
    const { socket, state, error } = opened(
      json({ schema: Deep, init: () => 'kept', receive: () => ({ state: 'not kept' }) }),
    )
    socket.receive('{"messages":[{"text":1}]}')
    expect(error()?.code).toBe('invalid_message')
    expect(error()?.message).toBe(
      '[react-glock] The message fails the schema: messages[0].text: Expected string; room.id: Required; ' +
        'headers["content-type"][2][Symbol(meta)]: Odd key; Expected an object; Empty path.',
    )
    // The issues themselves, for production builds where the message is the code alone.
    expect(error()?.cause).toEqual([
      { message: 'Expected string', path: ['messages', 0, 'text'] },
      expect.objectContaining({ message: 'Required' }),
      expect.objectContaining({ message: 'Odd key' }),
      { message: 'Expected an object' },
      { message: 'Empty path', path: [] },
    ])
    expect(state()).toBe('kept')
  })

  test("zod's issues are listed with their paths", () => {
    const { socket, state, error } = opened(
      json({ schema: Chat, init: () => 0, receive: (_m, n) => ({ state: n + 1 }) }),
    )
    socket.receive('{"messages":[{"text":"fine"},{"text":2}]}')
    expect(error()?.code).toBe('invalid_message')
    expect(error()?.message).toBe(
      '[react-glock] The message fails the schema: messages[1].text: Invalid input: expected string, received number.',
    )
    expect(state()).toBe(0)
    socket.receive('{"messages":[]}')
    expect(state()).toBe(1)
    expect(error()).toBeNull()
  })

  test('a frame that fails goes no further: nothing is sent, nothing closes', () => {
    const { connection, socket } = opened(
      json({ schema: Numbered, init: () => 0, receive: (m, n) => ({ state: n + m.n, push: 'ack', close: true }) }),
    )
    socket.receive('{"n":"one"}')
    expect(socket.sent).toEqual([])
    expect(socket.closeRequest).toBeNull()
    expect(connection.getSnapshot().status).toBe('open')
  })

  test('a schema that validates asynchronously is refused: validation must be synchronous', () => {
    const rejecting = vi.fn(() => Promise.reject(new Error('too late')))
    const Async: StandardSchemaV1<unknown, { n: number }> = {
      '~standard': { version: 1, vendor: 'slowlib', validate: rejecting },
    }
    const { connection, socket, state, error } = opened(json({ schema: Async, init: () => 0, receive }))
    socket.receive('{"n":1}')
    expect(rejecting).toHaveBeenCalledWith({ n: 1 })
    expect(error()?.code).toBe('invalid_argument')
    expect(error()?.message).toBe(
      '[react-glock] The slowlib schema validated asynchronously (its validate returned a Promise), and json() ' +
        'validates every frame synchronously, as handlers run: use a schema without async checks or transforms.',
    )
    expect(receive).not.toHaveBeenCalled()
    expect(state()).toBe(0)
    expect(connection.getSnapshot().status).toBe('open')
    // The rejection is handled: an unhandled one would fail this file.
  })

  test("zod's async refinements are refused the same way", () => {
    const Checked = z.object({ n: z.number() }).refine(async () => true)
    const { socket, error } = opened(json({ schema: Checked }))
    socket.receive('{"n":1}')
    expect(error()?.code).toBe('invalid_argument')
    expect(error()?.message).toContain('The zod schema validated asynchronously')
  })

  test('something that is not a Standard Schema is refused, saying what it got', () => {
    const notASchema = { parse: (value: unknown) => value } as unknown as StandardSchemaV1
    const { socket, error } = opened(json({ schema: notASchema }))
    socket.receive('{}')
    expect(error()?.code).toBe('invalid_argument')
    expect(error()?.message).toBe(
      '[react-glock] json(): schema must be a Standard Schema v1 validator (zod 3.24 or later, valibot 1, arktype 2, …); got {}.',
    )
  })
})

describe('binary and close frames', () => {
  test('binary frames go to binary, unparsed and unvalidated', () => {
    const binary = vi.fn((frame: { data: unknown }, n: number) => ({
      state: n + (frame.data as ArrayBuffer).byteLength,
    }))
    const receive = vi.fn((_m: unknown, n: number) => ({ state: n }))
    const { socket, state, error } = opened(json({ schema: Chat, init: () => 0, receive, binary }))
    const bytes = new Uint8Array([1, 2, 3]).buffer
    socket.receive(bytes)
    expect(binary).toHaveBeenCalledWith({ type: 'binary', data: bytes }, 0)
    expect(receive).not.toHaveBeenCalled()
    expect(state()).toBe(3)
    expect(error()).toBeNull()
  })

  test('without binary, a binary frame leaves the state as it is', () => {
    const { socket, state, error } = opened(json({ init: () => 'same', receive: () => ({ state: 'changed' }) }))
    socket.receive(new ArrayBuffer(4))
    expect(state()).toBe('same')
    expect(error()).toBeNull()
  })

  test('the close frame goes to close', () => {
    const close = vi.fn((frame: { code: number; reason: string }, log: string[]) => ({
      state: [...log, `closed ${frame.code} ${frame.reason}`],
    }))
    const { socket, state } = opened(json({ init: () => [] as string[], close }))
    socket.serverClose(4001, 'bye')
    expect(close).toHaveBeenCalledWith({ type: 'close', code: 4001, reason: 'bye', wasClean: true }, [])
    expect(state()).toEqual(['closed 4001 bye'])
  })

  test('without close, the close frame leaves the state as it is, even with no init', () => {
    const { socket, state } = opened(json({ schema: Chat }))
    socket.receive('{"messages":[{"text":"last"}]}')
    socket.serverClose(1000, '')
    expect(state()).toEqual({ messages: [{ text: 'last' }] })
  })
})

describe('push encoding', () => {
  test('each item of an array is its own frame; anything else is one frame', () => {
    const { connection, socket } = opened(
      json({ init: () => null, send: (push: unknown, state) => ({ state, push }) }) as Callbacks<null, unknown>,
    )
    connection.push([1, 2])
    connection.push([[1, 2]])
    connection.push('hi')
    connection.push({ type: 'join', room: 'lobby' })
    connection.push(null)
    connection.push(['a', { b: 1 }, [], ''])
    connection.push([])
    expect(socket.sent).toEqual([
      '1',
      '2',
      '[1,2]',
      '"hi"',
      '{"type":"join","room":"lobby"}',
      'null',
      '"a"',
      '{"b":1}',
      '[]',
      '""',
    ])
  })

  test('without send, a message goes out as its JSON, one frame, arrays included', () => {
    const { connection, socket } = opened(json({}))
    connection.push('hi')
    connection.push([1, 2])
    connection.push({ n: 1 })
    expect(socket.sent).toEqual(['"hi"', '[1,2]', '{"n":1}'])
  })

  test("send gets the message, the state and the request info, and its step's state is kept", () => {
    const send = vi.fn((text: string, sent: number) => ({ state: sent + 1, push: { text } }))
    const { connection, socket, state } = opened(json({ init: () => 0, send }))
    connection.push('hello')
    expect(send).toHaveBeenCalledWith('hello', 0, undefined)
    expect(socket.sent).toEqual(['{"text":"hello"}'])
    expect(state()).toBe(1)
  })

  test("open's, receive's, binary's and close's pushes are encoded the same way", () => {
    const { socket } = opened(
      json({
        init: () => 0,
        open: (n, info) => ({ state: n, push: [{ hello: info.attempt }, 'ready'] }),
        receive: (message, n) => ({ state: n, push: [{ echo: message }] }),
        binary: (_frame, n) => ({ state: n, push: 'got bytes' }),
      }),
    )
    socket.receive('{"ping":1}')
    socket.receive(new ArrayBuffer(1))
    expect(socket.sent).toEqual(['{"hello":0}', '"ready"', '{"echo":{"ping":1}}', '"got bytes"'])
  })

  test('close and reply pass through unchanged', () => {
    const reply = [
      { id: 7, value: { ok: true } },
      { id: 8, error: 'no' },
    ]
    const handlers = json({
      init: () => 0,
      receive: (_message, n) => ({ state: n + 1, push: 'bye', close: { code: 4000, reason: 'done' }, reply }),
      close: (_frame, n) => ({ state: n, close: true, reply: { id: 9 } }),
    })
    expect(handlers.receive!({ type: 'text', data: '{}' }, 0)).toEqual({
      state: 1,
      push: ['"bye"'],
      close: { code: 4000, reason: 'done' },
      reply,
    })
    expect(handlers.receive!({ type: 'close', code: 1000, reason: '', wasClean: true }, 0)).toEqual({
      state: 0,
      close: true,
      reply: { id: 9 },
    })

    const debug = vi.fn()
    const connection = connect('ws://json.test', handlers, { ...options, logger: { ...silentLogger, debug } })
    connections.push(connection)
    const socket = FakeSocket.last
    socket.open()
    socket.receive('{}')
    expect(socket.sent).toEqual(['"bye"'])
    expect(socket.closeRequest).toEqual({ code: 4000, reason: 'done' })
    // The replies reached the connection: no request 7 or 8 is pending, so each is ignored, and said so.
    expect(debug.mock.calls.map(([line]) => line)).toEqual([
      '[react-glock] A reply for request 7, which is not pending (it timed out, was aborted, or is unknown): ignored.',
      '[react-glock] A reply for request 8, which is not pending (it timed out, was aborted, or is unknown): ignored.',
    ])
  })

  test('a value with no JSON form is refused: push throws at the call, and a handler that pushes one is reported', () => {
    const { connection, socket, state, error } = opened(
      json({ init: () => 0, receive: (_message, n) => ({ state: n + 1, push: [1, undefined] }) }),
    )
    expect(() => connection.push(undefined)).toThrow(
      new GlockError(
        'invalid_argument',
        'json(): undefined has no JSON form (JSON.stringify ignores undefined, functions and symbols), so it cannot be pushed.',
      ),
    )
    expect(() => connection.push(() => 1)).toThrow(/a function has no JSON form/)
    expect(() => connection.push(10n)).toThrow(TypeError)
    socket.receive('{}')
    expect(error()?.code).toBe('invalid_argument')
    expect(socket.sent).toEqual([])
    expect(state()).toBe(0)
  })

  test('a handler that returns something other than a Step is still refused by the core', () => {
    const { socket, state, error } = opened(
      json({ init: () => 0, receive: () => Promise.resolve({ state: 1 }) as never }),
    )
    socket.receive('{}')
    expect(error()?.code).toBe('invalid_step')
    expect(error()?.message).toContain('got a Promise; handlers run synchronously')
    expect(state()).toBe(0)
  })
})

describe('production builds', () => {
  const production = inProduction(() => import('../../src/core/index'))

  test('an invalid message says just its code, with the issues or the parse error as its cause', async () => {
    const { connect, json } = await production()
    const issues = [{ message: 'Expected number', path: ['n'] }]
    const schema: StandardSchemaV1 = { '~standard': { version: 1, vendor: 'test', validate: () => ({ issues }) } }
    const { socket, error } = opened(
      json({ schema, init: () => 0 }),
      connect as typeof import('react-glock/core').connect,
    )
    socket.receive('{"n":"x"}')
    expect(error()).toMatchObject({
      name: 'GlockError',
      code: 'invalid_message',
      message: '[react-glock] invalid_message',
    })
    expect(error()?.cause).toBe(issues)
    socket.receive('not JSON')
    expect(error()).toMatchObject({ code: 'invalid_message', message: '[react-glock] invalid_message' })
    expect(error()?.cause).toBeInstanceOf(SyntaxError)
  })

  test('an async schema is refused with just the code', async () => {
    const { connect, json } = await production()
    const schema: StandardSchemaV1 = {
      '~standard': { version: 1, vendor: 'slowlib', validate: () => Promise.resolve({ value: 1 }) },
    }
    const { socket, error } = opened(json({ schema }), connect as typeof import('react-glock/core').connect)
    socket.receive('1')
    expect(error()).toMatchObject({ code: 'invalid_argument', message: '[react-glock] invalid_argument' })
  })
})
