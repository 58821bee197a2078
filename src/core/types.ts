import type { GlockError } from './errors'

/**
 * A `Blob`: the DOM's where the DOM lib is loaded, else the part react-glock relies on, so these types
 * compile without the DOM lib (Node, React Native).
 */
export type BlobLike = typeof globalThis extends { Blob: { prototype: infer B } }
  ? B
  : { readonly size: number; readonly type: string; arrayBuffer(): Promise<ArrayBuffer> }

/** What can be sent: strings go out as text frames, everything else as binary frames. */
export type Data = string | ArrayBuffer | ArrayBufferView | BlobLike

/** The close frame that ends every socket that opened: the last frame `receive` sees from it. */
export interface CloseFrame {
  type: 'close'
  code: number
  reason: string
  wasClean: boolean
}

/** A frame received from the server. */
export type Frame = { type: 'text'; data: string } | { type: 'binary'; data: ArrayBuffer | BlobLike } | CloseFrame

/**
 * What a handler returns (Glock's `{action, frame, state}`): the next state, frames to
 * send (`:push`), or a request to close (`:close`).
 * @example { state: { ...state, sent: state.sent + 1 }, push: JSON.stringify(message) }
 */
export interface Step<S> {
  state: S
  push?: Data | readonly Data[]
  close?: true | { code?: number; reason?: string }
  /** Settles pending requests: `value` resolves one, `error` rejects it with `request_failed`. */
  reply?: Reply | readonly Reply[]
}

/** The answer to request `id`, as `receive` found it in a frame. */
export type Reply = { id: number; value?: unknown } | { id: number; error: unknown }

/** What `send` is told of the message it encodes: `{ id }` for a `request`, `undefined` for a `push`. */
export interface RequestInfo {
  /** 1, 2, 3, … for the connection's lifetime, reconnects included. */
  id: number
}

/** An `AbortSignal`, or anything shaped like one: these types need no DOM lib. */
export interface AbortSignalLike {
  readonly aborted: boolean
  readonly reason?: unknown
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

export interface RequestOptions {
  /** Milliseconds to wait for the reply. Default `options.requestTimeout` (30 000). */
  timeout?: number
  /** Aborting rejects the request with `signal.reason`, as fetch does; a frame still queued is not sent. */
  signal?: AbortSignalLike
  /**
   * Send the request's frames again (the same frames, the same id) once the next socket opens, when its
   * socket goes before the reply: at-least-once delivery. Default `false`: it rejects with `connection_lost`.
   */
  resend?: boolean
}

/** `'closed'` only when the connection is over for good; waiting to reconnect is `'connecting'`. */
export type Status = 'idle' | 'connecting' | 'open' | 'closing' | 'closed'

export interface InitContext {
  /** The resolved URL, or the URL as given where it cannot be resolved (a relative path on the server). */
  url: string | null
  key: string | null
}

export interface OpenInfo {
  protocol: string
  extensions: string
  /** 0 on the first open, n when the n-th retry opened. */
  attempt: number
}

/**
 * Glock's callbacks, each a pure reducer, all optional, for a state of type `S` and messages of type `M`.
 * - `init` builds the state (Glock's `init_stream`). It may run more than once: keep it pure.
 * - `open` runs on every open, reconnects included; its frames go out before queued ones.
 * - `send` turns a pushed message into frames and the next state (Glock's `handle_send`).
 * - `receive` sees every frame, and last the close frame (Glock's `handle_receive`).
 *
 * Handlers run synchronously: one that returns a Promise is a type error, and an `invalid_step` at run time.
 */
export interface Callbacks<S = unknown, M = unknown> {
  init?: (ctx: InitContext) => S
  open?: (state: S, info: OpenInfo) => Step<S>
  send?: (message: M, state: S, request: RequestInfo | undefined) => Step<S>
  receive?: (frame: Frame, state: S) => Step<S>
}

/**
 * Glock's callbacks for a state of type `S`. Without `init` the state starts as `null`, so `init` is
 * required unless `null` is part of `S`.
 * @example
 * const counter: Handlers<{ count: number }, 'inc'> = {
 *   init: () => ({ count: 0 }),
 *   send: (_message, state) => ({ state: { count: state.count + 1 }, push: 'inc' }),
 * }
 */
export type Handlers<S = unknown, M = unknown> = null extends S
  ? Callbacks<S, M>
  : Callbacks<S, M> & { init: (ctx: InitContext) => S }

/** Callbacks whose `init` builds an `S`: the state is an `S` from the start. */
export type HandlersWithInit<S, M> = Callbacks<S, M> & { init: (ctx: InitContext) => S }

export interface Logger {
  debug(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

/** Timers and the clock, injectable so tests are deterministic. Defaults read the globals when called. */
export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface ReconnectOptions {
  /** Retries after the first connect. Default 10. */
  attempts?: number
  /** Default 300 ms. */
  minDelay?: number
  /** Default 30 000 ms. */
  maxDelay?: number
  /** Growth of the upper bound per retry. Default 2. */
  factor?: number
  /** Draw each delay uniformly between `minDelay` and the bound; `false` waits the bound. Default true. */
  jitter?: boolean
  /** A connection must stay open this long before the retry count resets. Default 5 000 ms. */
  minUptime?: number
  /** Overrides the default policy: return true to retry after this close. `attempt` is the retry it would start. */
  shouldReconnect?: (close: CloseFrame, attempt: number) => boolean
}

export interface HeartbeatOptions {
  /** Sent straight to the socket, not through `send`. Default `'ping'`. */
  message?: Data
  /** Quiet time before a ping. Default 30 000 ms. */
  interval?: number
  /** Time to wait for any frame after a ping. Default 10 000 ms. */
  timeout?: number
  /** Which frames are pongs; they never reach `receive`. Default: the text frame `'pong'`. */
  isPong?: (frame: Frame) => boolean
}

export interface QueueOptions {
  /** Frames that may wait for the socket. Default 1000. */
  max?: number
  /** On overflow, refuse the new frame (`push` returns false) or drop the oldest. Default `'reject'`. */
  overflow?: 'reject' | 'drop-oldest'
  /** While `socket.bufferedAmount` is above this many bytes, frames wait in the queue. Default 1 MiB. */
  highWaterMark?: number
}

/**
 * The part of a WebSocket that react-glock uses, written out so it fits the browser's, Node's `ws`,
 * mock-socket and React Native's, and needs no DOM lib.
 */
export interface WebSocketLike {
  readonly readyState: number
  readonly bufferedAmount: number
  readonly protocol: string
  readonly extensions: string
  binaryType: string
  onopen: ((event: any) => void) | null
  onmessage: ((event: any) => void) | null
  onerror: ((event: any) => void) | null
  onclose: ((event: any) => void) | null
  send(data: any): void
  close(code?: number, reason?: string): void
}

/** A WebSocket class: the browser's, Node's `ws`, mock-socket's, React Native's. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike

/** How subscribers hear of changes caused by incoming frames. Own calls (`push`, `close`, `reconnect`) always notify at once. */
export type NotifyMode = 'frame' | 'microtask' | 'sync'

/** A URL object, from any realm (a page, an iframe, jsdom, Node): anything with a string `href`. */
export interface UrlLike {
  readonly href: string
}

/** A URL to connect to, fixed for the connection's life. */
export type FixedUrl = string | UrlLike

/** A function called before every attempt, e.g. for a fresh auth token each time. */
export type UrlFunction = () => FixedUrl | Promise<FixedUrl>

/** A URL, or a function called before every attempt. */
export type UrlInput = FixedUrl | UrlFunction

/**
 * Where a connection hears that the network came back or the page became visible, so a connection
 * waiting to retry tries at once (and one that is offline stops burning attempts).
 * @example
 * // React Native: AppState and NetInfo
 * const environment = {
 *   isOnline: () => online,
 *   subscribe(listener) {
 *     const app = AppState.addEventListener('change', (s) => s === 'active' && listener('visible'))
 *     const net = NetInfo.addEventListener((s) => listener(s.isConnected ? 'online' : 'offline'))
 *     return () => { app.remove(); net() }
 *   },
 * }
 */
export interface Environment {
  isOnline(): boolean
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: 'online' | 'offline' | 'visible') => void): () => void
}

export interface ConnectOptions {
  /** Names the connection for `init` and, in the hook, which components share it. Required with a URL function. */
  key?: string
  protocols?: string | string[]
  /** Default `'arraybuffer'`. */
  binaryType?: 'arraybuffer' | 'blob'
  /** The constructor to use instead of the global `WebSocket` (Node's `ws`, tests, React Native). */
  WebSocket?: WebSocketConstructor
  /** Called with every error also put on the snapshot. */
  onError?: (error: GlockError) => void
  /** Where the default `receive` logs. Default `console`, silent in production builds. */
  logger?: Logger
  /** `false` never reconnects. Default: retry after failed connects and closes 1001, 1005, 1006, 1011–1014. */
  reconnect?: false | ReconnectOptions
  /** A socket not open by then is dropped and counts as a failed attempt. Default 10 000 ms. */
  connectTimeout?: number
  /** How long a `request` waits for its reply unless it says otherwise. Default 30 000 ms. */
  requestTimeout?: number
  /** Off by default. */
  heartbeat?: false | HeartbeatOptions
  queue?: QueueOptions
  /** Default `'frame'`: at most one notification per animation frame for incoming frames. */
  notify?: NotifyMode
  clock?: Clock
  /** Returns a number in [0, 1). Default `Math.random`. */
  random?: () => number
  /**
   * Online/offline and visibility events. Default: the browser's (`online`/`offline` on the global,
   * `visibilitychange` on `document`) where they exist, nothing elsewhere; `false` turns them off.
   */
  environment?: false | Environment
  /**
   * The app's protocol version, for `connectAcrossTabs`: a tab whose `version` (or handler names) differs from
   * the leader's connects on its own instead of mirroring state built by other code.
   */
  version?: string
  /** Where `connectAcrossTabs` meets other tabs. Default: `navigator.locks` and the global `BroadcastChannel`. */
  tabs?: TabsEnvironment
}

/** The part of the Web Locks API `connectAcrossTabs` uses. */
export interface LockManagerLike {
  request(
    name: string,
    options: { signal?: AbortSignalLike },
    callback: (lock: unknown) => Promise<unknown>,
  ): Promise<unknown>
}

/** The part of a `BroadcastChannel` `connectAcrossTabs` uses. */
export interface BroadcastChannelLike {
  onmessage: ((event: any) => void) | null
  postMessage(message: unknown): void
  close(): void
}

/** How `connectAcrossTabs` finds the other tabs of this origin; injectable for tests. */
export interface TabsEnvironment {
  locks: LockManagerLike
  BroadcastChannel: new (name: string) => BroadcastChannelLike
}

/** What makes a connection: `connect`, or `connectAcrossTabs` from `react-glock/tabs`. */
export type ConnectFunction = (
  url: UrlInput,
  handlers?: Callbacks<any, any> | null,
  options?: ConnectOptions | null,
) => Connection<any, any>

/** What a connection looks like at one moment. A new object only when something changed. */
export interface Snapshot<S> {
  state: S
  status: Status
  /**
   * The latest error, shared by everyone on the connection. `null` again when the connection opens, or when
   * the error's own source next succeeds: a frame `receive` handles, or a push that is accepted.
   */
  error: GlockError | null
  /** The retry being made or waited for, or the one that opened the socket; 0 on the first connect. Counting restarts once a socket stayed open `minUptime`. */
  attempt: number
  /** When the next retry starts (ms since epoch), or null. */
  nextRetryAt: number | null
  lastClose: { code: number; reason: string; wasClean: boolean } | null
  /** Frames thrown away so far: queued when `close()` was called, or dropped by the queue's overflow policy. */
  discarded: number
  /** Requests not yet settled. Its changes are batched like incoming frames. */
  pending: number
  /**
   * This tab's part in a connection shared across tabs (`connectAcrossTabs`): the `'leader'` holds the socket,
   * a `'follower'` mirrors it. `null` for `connect`, and until a tab knows its part.
   */
  tab: 'leader' | 'follower' | null
}

export type Listener = () => void

export interface Connection<S = unknown, M = unknown> {
  getSnapshot(): Snapshot<S>
  /** Returns the function that unsubscribes. */
  subscribe(listener: Listener): () => void
  /** Runs `send` now. True when the frames were sent or queued; false (with `error` set) when refused. */
  push(message: M): boolean
  /**
   * Sends `message` through `send` with an id, and resolves with the value of the reply `receive` settles it
   * with; rejects with a `GlockError` (`request_failed`, `request_timeout`, `connection_closed`,
   * `connection_lost`, or the refusal's code), or with the signal's reason.
   */
  request<R = unknown>(message: M, options?: RequestOptions): Promise<R>
  /** Closes for good: no reconnect follows; queued frames are discarded and counted. */
  close(code?: number, reason?: string): void
  /** Drops the current socket, if any, and connects again now, even after `close()`. The state is kept. */
  reconnect(): void
  /**
   * This tab is done with the connection: what the hook calls when the last component on the key has gone (after
   * `closeDelay`). For `connect`, `close(1000)`; across tabs, this tab leaves and the others carry on.
   */
  release(): void
  /** Swaps in new handlers and options without reconnecting; they apply from the next event on. */
  configure(url: UrlInput, handlers?: Callbacks<S, M> | null, options?: ConnectOptions | null): void
}

/** What `defineSocket` takes: everything `connect` takes, and the hook's `closeDelay`. */
export interface DefinitionOptions extends ConnectOptions {
  /**
   * How long the socket outlives its last component, in whole milliseconds, or `Infinity` to keep it.
   * Default 1 000 ms: covers StrictMode and route changes. Only the hook reads it.
   */
  closeDelay?: number
  /** What the hook makes the connection with. Default `connect`; `connectAcrossTabs` shares it across tabs. */
  connect?: ConnectFunction
}

declare const definitionMark: unique symbol

/**
 * One connection, defined once: its URL, handlers, options and key. Made by `defineSocket`; frozen.
 * Every component that passes it to `useGlock` runs its handlers, and `connect(definition)` opens it.
 * With no type arguments it stands for any definition, e.g. for a status badge that takes one as a prop.
 */
export interface SocketDefinition<S = any, M = any> {
  readonly url: UrlInput
  readonly handlers: Callbacks<S, M> | null
  readonly options: DefinitionOptions | null
  /** What identifies the connection: `options.key`, else the resolved URL. `null` only for a URL function without `key`. */
  readonly key: string | null
  /** Only `defineSocket` makes these: the mark is `Symbol.for('react-glock.socket')` at run time. */
  readonly [definitionMark]: true
}
