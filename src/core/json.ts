import { GlockError } from './errors'
import { describe } from './explain'
import type { Callbacks, CloseFrame, Frame, HandlersWithInit, InitContext, OpenInfo, RequestInfo, Step } from './types'

/* eslint-disable @typescript-eslint/no-namespace -- the spec's own code, copied as it recommends */
/**
 * The Standard Schema v1 interface (standardschema.dev), copied from `@standard-schema/spec` as the spec asks
 * of libraries that accept schemas: zod, valibot, arktype and the others implement it, and react-glock depends
 * on none of them, nor on the spec's package.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly '~standard': StandardSchemaV1.Props<Input, Output>
}

export declare namespace StandardSchemaV1 {
  /** The Standard Schema properties interface. */
  export interface Props<Input = unknown, Output = Input> {
    /** The version number of the standard. */
    readonly version: 1
    /** The vendor name of the schema library. */
    readonly vendor: string
    /** Validates unknown input values. */
    readonly validate: (
      value: unknown,
      options?: StandardSchemaV1.Options | undefined,
    ) => Result<Output> | Promise<Result<Output>>
    /** Inferred types associated with the schema. */
    readonly types?: Types<Input, Output> | undefined
  }

  /** The result interface of the validate function. */
  export type Result<Output> = SuccessResult<Output> | FailureResult

  /** The result interface if validation succeeds. */
  export interface SuccessResult<Output> {
    /** The typed output value. */
    readonly value: Output
    /** A falsy value for `issues` indicates success. */
    readonly issues?: undefined
  }

  export interface Options {
    /** Explicit support for additional vendor-specific parameters, if needed. */
    readonly libraryOptions?: Record<string, unknown> | undefined
  }

  /** The result interface if validation fails. */
  export interface FailureResult {
    /** The issues of failed validation. */
    readonly issues: ReadonlyArray<Issue>
  }

  /** The issue interface of the failure output. */
  export interface Issue {
    /** The error message of the issue. */
    readonly message: string
    /** The path of the issue, if any. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined
  }

  /** The path segment interface of the issue. */
  export interface PathSegment {
    /** The key representing a path segment. */
    readonly key: PropertyKey
  }

  /** The Standard types interface. */
  export interface Types<Input = unknown, Output = Input> {
    /** The input type of the schema. */
    readonly input: Input
    /** The output type of the schema. */
    readonly output: Output
  }

  /** Infers the input type of a Standard Schema. */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['input']

  /** Infers the output type of a Standard Schema. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output']
}
/* eslint-enable @typescript-eslint/no-namespace */

/**
 * What a `json()` handler returns: a `Step` whose `push` holds JSON values instead of frames. Each item of an
 * array is one frame, encoded with `JSON.stringify`; any other value is one frame.
 * @example { state, push: [{ type: 'join' }, { type: 'hello' }] } // two frames
 * @example { state, push: [[1, 2]] } // one frame: [1,2]
 */
export interface JsonStep<S> extends Omit<Step<S>, 'push'> {
  /** `push: [1, 2]` sends two frames, `push: [[1, 2]]` one array, `push: 'hi'` the frame `"hi"`. */
  push?: unknown
}

/**
 * `json()`'s callbacks, for a state `S`, messages `M` (what `push` and `request` take) and received messages `T`.
 * - `receive` gets each text frame parsed as JSON and, with a `schema`, validated: a frame that is not JSON or
 *   fails the schema is an `invalid_message` error, and goes no further. Without `receive`, the state is the
 *   last message (without `init`) or stays as it is (with `init`).
 * - `binary` gets binary frames, and `close` the close frame; without them the state stays.
 * - Every handler's `push` holds JSON values (see `JsonStep`); without `send`, a message goes out as its JSON.
 */
export interface JsonCallbacks<S = unknown, M = unknown, T = unknown> {
  init?: (ctx: InitContext) => S
  open?: (state: S, info: OpenInfo) => JsonStep<S>
  send?: (message: M, state: S, request: RequestInfo | undefined) => JsonStep<S>
  receive?: (message: T, state: S) => JsonStep<S>
  binary?: (frame: Extract<Frame, { type: 'binary' }>, state: S) => JsonStep<S>
  close?: (frame: CloseFrame, state: S) => JsonStep<S>
  /** Any Standard Schema v1 validator (zod, valibot, arktype, …) that validates synchronously. */
  schema?: StandardSchemaV1<unknown, T>
}

/** `json()`'s callbacks for a state of type `S`: `init` is required unless `null` is part of `S`, as in `Handlers`. */
export type JsonHandlers<S = unknown, M = unknown, T = unknown> = null extends S
  ? JsonCallbacks<S, M, T>
  : JsonCallbacks<S, M, T> & { init: (ctx: InitContext) => S }

/** The development messages, gone from production builds as the `explain` table is (see explain.ts). */
const explainJson =
  process.env.NODE_ENV !== 'production'
    ? {
        notJson: (text: string, cause: unknown) =>
          `The text frame ${JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text)} is not JSON: ${
            cause instanceof Error ? cause.message : String(cause)
          }.`,
        failsSchema: (issues: ReadonlyArray<StandardSchemaV1.Issue>) =>
          `The message fails the schema: ${issues.map(issueText).join('; ')}.`,
        asyncSchema: (vendor: unknown) =>
          `The ${String(vendor)} schema validated asynchronously (its validate returned a Promise), and json() validates every frame synchronously, as handlers run: use a schema without async checks or transforms.`,
        notSchema: (schema: unknown) =>
          `json(): schema must be a Standard Schema v1 validator (zod 3.24 or later, valibot 1, arktype 2, …); got ${describe(schema)}.`,
        noJsonForm: (value: unknown) =>
          `json(): ${describe(value)} has no JSON form (JSON.stringify ignores undefined, functions and symbols), so it cannot be pushed.`,
      }
    : undefined

/** `messages[0].text: Expected string`, or the message alone when the issue has no path. */
function issueText({ message, path }: StandardSchemaV1.Issue): string {
  let at = ''
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    at +=
      typeof key === 'number'
        ? `[${key}]`
        : typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)
          ? `${at ? '.' : ''}${key}`
          : `[${typeof key === 'string' ? JSON.stringify(key) : String(key)}]`
  }
  return at ? `${at}: ${message}` : message
}

/** Thrown from `receive`: the connection reports a thrown `GlockError` as itself, and keeps the state. */
const invalid = (message: string | undefined, cause: unknown) => new GlockError('invalid_message', message, cause)

function decode(text: string, schema: StandardSchemaV1 | undefined): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw invalid(process.env.NODE_ENV !== 'production' ? explainJson!.notJson(text, cause) : undefined, cause)
  }
  if (schema == null) return value
  const standard = schema['~standard']
  if (process.env.NODE_ENV !== 'production' && typeof standard?.validate !== 'function') {
    throw new GlockError('invalid_argument', explainJson!.notSchema(schema))
  }
  const result = standard.validate(value)
  if (typeof (result as PromiseLike<unknown>).then === 'function') {
    // Its verdict comes too late for this frame; a rejection must not go unhandled either.
    ;(result as PromiseLike<unknown>).then(undefined, () => {})
    throw new GlockError(
      'invalid_argument',
      process.env.NODE_ENV !== 'production' ? explainJson!.asyncSchema(standard.vendor) : undefined,
    )
  }
  const { issues } = result as StandardSchemaV1.Result<unknown>
  if (issues)
    throw invalid(process.env.NODE_ENV !== 'production' ? explainJson!.failsSchema(issues) : undefined, issues)
  return (result as StandardSchemaV1.SuccessResult<unknown>).value
}

function stringify(value: unknown): string {
  // JSON.stringify throws on BigInt and circular objects: that error reaches the push call, or is reported.
  const text = JSON.stringify(value)
  if (typeof text !== 'string') {
    throw new GlockError(
      'invalid_argument',
      process.env.NODE_ENV !== 'production' ? explainJson!.noJsonForm(value) : undefined,
    )
  }
  return text
}

/** The Step with its push encoded, one frame per item. Anything that is not a Step goes on as it is, for the core to refuse. */
function encoded<S>(step: JsonStep<S>): Step<S> {
  const push = (step as JsonStep<S> | null)?.push
  if (push === undefined) return step as Step<S>
  return { ...step, push: (Array.isArray(push) ? push : [push]).map((item) => stringify(item)) }
}

/**
 * Typed JSON messages: wraps handlers that speak JSON values into ordinary handlers, for `useGlock`,
 * `defineSocket` and `connect` alike. Text frames are parsed and checked against `schema` (any Standard Schema v1
 * validator) before `receive` sees them; whatever a handler pushes is sent as JSON, one frame per item.
 * @example
 * const Message = z.object({ user: z.string(), text: z.string() })
 * const chat = defineSocket('wss://example.com/chat', json({
 *   schema: Message,
 *   init: () => [] as z.infer<typeof Message>[],
 *   send: (text: string, log) => ({ state: log, push: { text } }),
 *   receive: (message, log) => ({ state: [...log, message] }),
 * }))
 */
export function json<S, M = unknown, T = unknown>(
  handlers: JsonCallbacks<S, M, T> & { init: (ctx: InitContext) => S },
): HandlersWithInit<S, M>
/**
 * Without `init` the state starts as `null`: it is an `S | null`, by default a `T | null`, the last message
 * (which is what it is without `receive`).
 */
export function json<T = unknown, M = unknown, S = T>(handlers: JsonCallbacks<S | null, M, T>): Callbacks<S | null, M>
export function json(handlers: JsonCallbacks<any, any, any>): Callbacks<any, any> {
  const { init, open, send, receive, binary, close, schema } = handlers
  return {
    init,
    open: open && ((state, info) => encoded(open(state, info))),
    send: (message, state, request) => encoded(send ? send(message, state, request) : { state, push: [message] }),
    receive(frame, state) {
      if (frame.type === 'binary') return binary ? encoded(binary(frame, state)) : { state }
      if (frame.type === 'close') return close ? encoded(close(frame, state)) : { state }
      const message = decode(frame.data, schema)
      return receive ? encoded(receive(message, state)) : { state: init ? state : message }
    },
  }
}
