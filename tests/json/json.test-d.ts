// json()'s types, checked by Vitest's typecheck mode (tsc): the message type comes from the schema's output with
// zod 4, valibot 1 and arktype 2; the state from init, as in defineSocket; M from send. Nothing here runs.
import type { StandardSchemaV1 as SpecSchema } from '@standard-schema/spec'
import { type } from 'arktype'
import * as v from 'valibot'
import { expectTypeOf, test } from 'vitest'
import { z } from 'zod'
import {
  connect,
  defineSocket,
  json,
  useGlock,
  type Callbacks,
  type CloseFrame,
  type Connection,
  type HandlersWithInit,
  type JsonHandlers,
  type JsonStep,
  type RequestInfo,
  type SocketDefinition,
  type StandardSchemaV1,
} from 'react-glock'

declare const url: string

interface Chat {
  id: number
  text: string
  tags?: string[]
}

const zodChat = z.object({ id: z.number(), text: z.string(), tags: z.array(z.string()).optional() })
const valibotChat = v.object({ id: v.number(), text: v.string(), tags: v.optional(v.array(v.string())) })
const arktypeChat = type({ id: 'number', text: 'string', 'tags?': 'string[]' })

test('the copied StandardSchemaV1 is the spec’s, both ways', () => {
  expectTypeOf<SpecSchema<string, number>>().toExtend<StandardSchemaV1<string, number>>()
  expectTypeOf<StandardSchemaV1<string, number>>().toExtend<SpecSchema<string, number>>()
  expectTypeOf<StandardSchemaV1.InferOutput<typeof zodChat>>().toEqualTypeOf<SpecSchema.InferOutput<typeof zodChat>>()
})

test('zod 4: receive gets the schema’s output', () => {
  json({
    schema: zodChat,
    init: () => 0,
    receive: (message, count) => {
      expectTypeOf(message).toEqualTypeOf<z.output<typeof zodChat>>()
      expectTypeOf(message).toEqualTypeOf<{ id: number; text: string; tags?: string[] | undefined }>()
      return { state: count + 1 }
    },
  })
})

test('zod 4: the output, not the input, after a transform', () => {
  const stamped = z.object({ at: z.string().transform((at) => new Date(at)) })
  json({
    schema: stamped,
    init: () => null as Date | null,
    receive: (message) => {
      expectTypeOf(message).toEqualTypeOf<{ at: Date }>()
      return { state: message.at }
    },
  })
})

test('valibot 1: receive gets the schema’s output', () => {
  json({
    schema: valibotChat,
    init: () => [] as string[],
    receive: (message, log) => {
      expectTypeOf(message).toEqualTypeOf<v.InferOutput<typeof valibotChat>>()
      expectTypeOf(message).toEqualTypeOf<{ id: number; text: string; tags?: string[] | undefined }>()
      return { state: [...log, message.text] }
    },
  })
})

test('arktype 2: receive gets the schema’s output', () => {
  json({
    schema: arktypeChat,
    init: () => [] as Chat[],
    receive: (message, log) => {
      expectTypeOf(message).toEqualTypeOf<typeof arktypeChat.infer>()
      expectTypeOf(message).toEqualTypeOf<{ id: number; text: string; tags?: string[] }>()
      return { state: [...log, message] }
    },
  })
})

test('without a schema the message is unknown, unless receive says what it takes', () => {
  json({
    init: () => 0,
    receive: (message, n) => {
      expectTypeOf(message).toEqualTypeOf<unknown>()
      return { state: n }
    },
  })
  const typed = json({ init: () => [] as Chat[], receive: (message: Chat, log) => ({ state: [...log, message] }) })
  expectTypeOf(typed.receive).toEqualTypeOf<Callbacks<Chat[], unknown>['receive']>()
})

test('the state comes from init; M from send’s first parameter, for push and request', () => {
  const handlers = json({
    schema: zodChat,
    init: () => ({ log: [] as Chat[], sent: 0 }),
    send: (message: { text: string }, state, request) => {
      expectTypeOf(request).toEqualTypeOf<RequestInfo | undefined>()
      return { state: { ...state, sent: state.sent + 1 }, push: { ...message, id: request?.id } }
    },
    receive: (message, state) => ({ state: { ...state, log: [...state.log, message] } }),
  })
  expectTypeOf(handlers).toEqualTypeOf<HandlersWithInit<{ log: Chat[]; sent: number }, { text: string }>>()

  const connection = connect(url, handlers)
  expectTypeOf(connection).toEqualTypeOf<Connection<{ log: Chat[]; sent: number }, { text: string }>>()
  expectTypeOf(connection.push).parameter(0).toEqualTypeOf<{ text: string }>()
  expectTypeOf(connection.request<Chat>({ text: 'hi' })).toEqualTypeOf<Promise<Chat>>()
  // @ts-expect-error push takes what send takes
  connection.push('hi')
})

test('without init the state is an S | null: by default the last message', () => {
  const latest = json({ schema: valibotChat })
  expectTypeOf(latest).toEqualTypeOf<Callbacks<v.InferOutput<typeof valibotChat> | null, unknown>>()
  expectTypeOf(connect(url, latest).getSnapshot().state).toEqualTypeOf<v.InferOutput<typeof valibotChat> | null>()

  json({
    schema: arktypeChat,
    receive: (message, state) => {
      expectTypeOf(state).toEqualTypeOf<typeof arktypeChat.infer | null>()
      return { state: message.id > 0 ? message : state }
    },
  })
  expectTypeOf(json({})).toEqualTypeOf<Callbacks<unknown, unknown>>()
})

test('useGlock, defineSocket and connect take what json returns', () => {
  const handlers = json({ schema: zodChat, init: () => [] as Chat[], receive: (m, log) => ({ state: [...log, m] }) })
  expectTypeOf(useGlock(url, handlers).state).toEqualTypeOf<Chat[]>()
  expectTypeOf(defineSocket(url, handlers)).toEqualTypeOf<SocketDefinition<Chat[], unknown>>()
  expectTypeOf(useGlock(defineSocket(url, json({ schema: zodChat }))).state).toEqualTypeOf<z.output<
    typeof zodChat
  > | null>()
  expectTypeOf(connect(url, json({ schema: arktypeChat })).getSnapshot().state).toEqualTypeOf<
    typeof arktypeChat.infer | null
  >()
})

test('binary and close frames, and pushes of JSON values', () => {
  json({
    init: () => 0,
    binary: (frame, n) => {
      expectTypeOf(frame).toEqualTypeOf<{ type: 'binary'; data: ArrayBuffer | Blob }>()
      return { state: n, push: [1, 'two', { three: 3 }, [4]] }
    },
    close: (frame, n) => {
      expectTypeOf(frame).toEqualTypeOf<CloseFrame>()
      return { state: n, close: true, reply: { id: 1, value: null } }
    },
  })
  expectTypeOf<JsonStep<number>['push']>().toEqualTypeOf<unknown>()
  expectTypeOf<JsonStep<number>['reply']>().toEqualTypeOf<
    | { id: number; value?: unknown }
    | { id: number; error: unknown }
    | readonly ({ id: number; value?: unknown } | { id: number; error: unknown })[]
    | undefined
  >()
})

test('JsonHandlers requires init unless null is part of the state, as Handlers does', () => {
  const counter: JsonHandlers<number, 'inc', Chat> = { init: () => 0, receive: (m, n) => ({ state: n + m.id }) }
  const nullable: JsonHandlers<number | null> = {}
  // @ts-expect-error init is required: the state would start as null
  const missing: JsonHandlers<number> = {}
  void [counter, nullable, missing]
})

test('mistakes are compile errors', () => {
  // @ts-expect-error handlers run synchronously: a Promise is not a Step
  json({ init: () => 0, receive: async (_m, n) => ({ state: n }) })
  // @ts-expect-error receive's state must stay the state's type
  json({ schema: zodChat, init: () => 0, receive: (message) => ({ state: message.text }) })
  // @ts-expect-error the schema must be a Standard Schema
  json({ schema: { parse: (x: unknown) => x } })
  json({
    schema: zodChat,
    receive: (message, state) => {
      // @ts-expect-error no such field in the schema's output
      void message.nope
      return { state }
    },
  })
})
