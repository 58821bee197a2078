// The public types, checked by Vitest's typecheck mode (tsc): a test fails when an inference below
// regresses, or when a mistake marked @ts-expect-error stops being an error. Nothing here runs.
import { expectTypeOf, test } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import {
  connect,
  defineSocket,
  useGlock,
  type Connection,
  type SocketDefinition,
  type Frame,
  type GlockError,
  type GlockErrorCode,
  type GlockResult,
  type Handlers,
  type Callbacks,
  type DefinitionOptions,
  type Status,
  type Step,
  type UrlInput,
} from 'react-glock'

declare const url: string

test('with no handlers the state is the last frame, or null', () => {
  const result = useGlock(url)
  expectTypeOf(result.state).toEqualTypeOf<Frame | null>()
  expectTypeOf(result.status).toEqualTypeOf<Status>()
  expectTypeOf(result.error).toEqualTypeOf<GlockError | null>()
  expectTypeOf(result.push).toEqualTypeOf<(message: unknown) => boolean>()
  expectTypeOf(result.close).toEqualTypeOf<(code?: number, reason?: string) => void>()
})

test('the state is inferred from init, and push takes what send takes', () => {
  const { state, push } = useGlock(url, {
    init: () => ({ sent: 0, log: [] as string[] }),
    send: (message: { text: string }, s) => ({ state: { ...s, sent: s.sent + 1 }, push: JSON.stringify(message) }),
    receive: (frame, s) => ({ state: frame.type === 'text' ? { ...s, log: [...s.log, frame.data] } : s }),
  })
  expectTypeOf(state).toEqualTypeOf<{ sent: number; log: string[] }>()
  expectTypeOf(push).parameter(0).toEqualTypeOf<{ text: string }>()
  // @ts-expect-error push takes what send takes
  push('not an object')
})

test('select makes the state what it returns', () => {
  const handlers: Handlers<Record<string, number>, never> = { init: () => ({}) }
  const { state } = useGlock(url, handlers, { select: (prices) => prices.GLCK ?? 0 })
  expectTypeOf(state).toEqualTypeOf<number>()
  expectTypeOf<GlockResult<number, never>['state']>().toEqualTypeOf<number>()
})

test('frames narrow on their type', () => {
  const frame = {} as Frame
  if (frame.type === 'close')
    expectTypeOf(frame).toEqualTypeOf<{ type: 'close'; code: number; reason: string; wasClean: boolean }>()
  if (frame.type === 'binary') expectTypeOf(frame.data).toEqualTypeOf<ArrayBuffer | Blob>()
})

test('mistakes are compile errors', () => {
  // @ts-expect-error a handler returns a Step, not the bare state
  const wrong: Handlers<number, string> = { receive: (_frame, n) => n + 1 }
  // @ts-expect-error close takes true or { code, reason }
  const badClose: Step<number> = { state: 1, close: 4000 }
  // @ts-expect-error a URL is a string, a URL, a function or null
  useGlock(42)
  // @ts-expect-error options are checked: there is no `retries`
  useGlock(url, undefined, { retries: 3 })
  expectTypeOf([wrong, badClose]).toBeArray()
})

test('the core infers the state too, and the error codes are a closed set', () => {
  const connection = connect(url, { init: () => 0, receive: (_frame, n: number) => ({ state: n + 1 }) })
  expectTypeOf(connection.getSnapshot().state).toEqualTypeOf<number>()
  expectTypeOf<GlockErrorCode>().toExtend<string>()
  // @ts-expect-error the error codes are a closed set
  const code: GlockErrorCode = 'oops'
  expectTypeOf(code).toBeString()
})

// --- definitions -------------------------------------------------------------------------------------------

const chat = defineSocket(url, {
  init: () => ({ messages: [] as string[] }),
  send: (text: string, state) => ({ state, push: JSON.stringify({ text }) }),
  receive: (frame, state) =>
    frame.type === 'text' ? { state: { messages: [...state.messages, frame.data] } } : { state },
})

test('state and message types flow from a definition: no annotation at the call site', () => {
  const { state, push } = useGlock(chat)
  expectTypeOf(state).toEqualTypeOf<{ messages: string[] }>()
  expectTypeOf(push).parameter(0).toEqualTypeOf<string>()
  // @ts-expect-error push takes what the definition's send takes
  push(42)
  expectTypeOf(chat).toEqualTypeOf<SocketDefinition<{ messages: string[] }, string>>()
})

test('with a definition, select, isEqual and enabled are what a component chooses', () => {
  expectTypeOf(useGlock(chat, { select: (s) => s.messages.length }).state).toEqualTypeOf<number>()
  // A status badge: the state is null, the status is there.
  const badge = useGlock(chat, { select: () => null, enabled: true })
  expectTypeOf(badge.state).toEqualTypeOf<null>()
  expectTypeOf(badge.status).toEqualTypeOf<Status>()
  // @ts-expect-error connection options belong to the definition, not to a component
  useGlock(chat, { reconnect: false })
})

test('connect takes a definition too', () => {
  expectTypeOf(connect(chat)).toEqualTypeOf<Connection<{ messages: string[] }, string>>()
})

test('SocketDefinition with no type arguments takes any definition (a prop of a status badge)', () => {
  const anySocket: SocketDefinition = chat
  expectTypeOf(useGlock(anySocket, { select: () => null }).status).toEqualTypeOf<Status>()
})

test('a URL function requires a key, in a definition and in the one-off form', () => {
  const token = () => Promise.resolve(`${url}?token=t`)
  expectTypeOf(defineSocket(token, null, { key: 'feed' }).key).toEqualTypeOf<string | null>()
  useGlock(token, null, { key: 'feed' })
  // @ts-expect-error a URL function without options.key
  defineSocket(token)
  // @ts-expect-error a URL function without options.key
  defineSocket(token, { init: () => 0 }, {})
  // @ts-expect-error a URL function without options.key
  useGlock(token)
  // @ts-expect-error a URL function without options.key
  useGlock(token, { init: () => 0 }, { reconnect: false })
  // A URL that may be either kind takes the key too.
  const either: UrlInput = token
  useGlock(either, null, { key: 'feed' })
})

// --- state without init -------------------------------------------------------------------------------------

test('without init the state includes null: inferred handlers give S | null', () => {
  const { state } = useGlock(url, {
    receive: (frame, log: string[] | null) => ({ state: [...(log ?? []), frame.type] }),
  })
  expectTypeOf(state).toEqualTypeOf<string[] | null>()
  expectTypeOf(defineSocket(url).handlers).toEqualTypeOf<Callbacks<Frame | null, unknown> | null>()
  expectTypeOf(connect(url, { receive: (_f, n: number | null) => ({ state: (n ?? 0) + 1 }) })).toEqualTypeOf<
    Connection<number | null, unknown>
  >()
})

test('without init, a reducer that ignores null does not compile', () => {
  // @ts-expect-error the state starts as null without init
  useGlock(url, { receive: (_frame, log: string[]) => ({ state: log }) })
  // @ts-expect-error the state starts as null without init
  defineSocket(url, { receive: (_frame, n: number) => ({ state: n + 1 }) })
  // @ts-expect-error the state starts as null without init
  connect(url, { open: (n: number) => ({ state: n }) })
})

test('an annotated Handlers<S, M> requires init unless null is part of S', () => {
  type Counts = { sent: number }
  const counts: Handlers<Counts, unknown> = { init: () => ({ sent: 0 }) }
  // @ts-expect-error Handlers<Counts> without init: the state would start as null
  const noInit: Handlers<Counts, unknown> = { receive: (_frame, state) => ({ state }) }
  const nullable: Handlers<Counts | null, unknown> = { receive: (_frame, state) => ({ state }) }
  expectTypeOf(useGlock(url, counts).state).toEqualTypeOf<Counts>()
  expectTypeOf(useGlock(url, nullable).state).toEqualTypeOf<Counts | null>()
  expectTypeOf(defineSocket(url, counts)).toEqualTypeOf<SocketDefinition<Counts, unknown>>()
  expectTypeOf([noInit]).toBeArray()
})

test('a receive that returns a Promise is a type error: handlers run synchronously', () => {
  // @ts-expect-error an async receive
  defineSocket(url, { init: () => 0, receive: async (_frame, n) => ({ state: n + 1 }) })
  // @ts-expect-error an async send
  useGlock(url, { init: () => 0, send: async (_message: string, n) => ({ state: n }) })
})

// --- platforms ----------------------------------------------------------------------------------------------

test("Node's ws class is accepted as WebSocket with no cast", () => {
  connect(url, null, { WebSocket: NodeWebSocket })
  const feed = defineSocket(url, null, { WebSocket: NodeWebSocket })
  expectTypeOf(feed.options).toEqualTypeOf<DefinitionOptions | null>()
})

test('any URL object is accepted: anything with a string href', () => {
  useGlock({ href: url })
  connect(new URL(url))
  // @ts-expect-error href must be a string
  useGlock({ href: 42 })
})
