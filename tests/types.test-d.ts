// The public types, checked by Vitest's typecheck mode (tsc): a test fails when an inference below
// regresses, or when a mistake marked @ts-expect-error stops being an error. Nothing here runs.
import { expectTypeOf, test } from 'vitest'
import {
  connect,
  useGlock,
  type Frame,
  type GlockError,
  type GlockErrorCode,
  type GlockResult,
  type Handlers,
  type Status,
  type Step,
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
