import type { GlockError } from './errors'

/** What can be sent: strings go out as text frames, everything else as binary frames. */
export type Data = string | ArrayBuffer | ArrayBufferView | Blob

/** The close frame that ends every socket that opened: the last frame `receive` sees from it. */
export interface CloseFrame {
  type: 'close'
  code: number
  reason: string
  wasClean: boolean
}

/** A frame received from the server. */
export type Frame = { type: 'text'; data: string } | { type: 'binary'; data: ArrayBuffer | Blob } | CloseFrame

/**
 * What a handler returns (Glock's `{action, frame, state}`): the next state, frames to
 * send (`:push`), or a request to close (`:close`).
 * @example { state: { ...state, sent: state.sent + 1 }, push: JSON.stringify(message) }
 */
export interface Step<S> {
  state: S
  push?: Data | readonly Data[]
  close?: true | { code?: number; reason?: string }
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
 * Glock's callbacks, each a pure reducer. All are optional.
 * - `init` builds the state (Glock's `init_stream`). It may run more than once: keep it pure.
 * - `open` runs on every open, reconnects included; its frames go out before queued ones.
 * - `send` turns a pushed message into frames and the next state (Glock's `handle_send`).
 * - `receive` sees every frame, and last the close frame (Glock's `handle_receive`).
 */
export interface Handlers<S = unknown, M = unknown> {
  init?: (ctx: InitContext) => S
  open?: (state: S, info: OpenInfo) => Step<S>
  send?: (message: M, state: S) => Step<S>
  receive?: (frame: Frame, state: S) => Step<S>
}

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

/** The subset of the WebSocket constructor react-glock uses: the browser's, `ws`, mock-socket, React Native's. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocket

/** How subscribers hear of changes caused by incoming frames. Own calls (`push`, `close`, `reconnect`) always notify at once. */
export type NotifyMode = 'frame' | 'microtask' | 'sync'

/** A URL, or a function called before every attempt (a fresh auth token each time). */
export type UrlInput = string | URL | (() => string | URL | Promise<string | URL>)

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
  binaryType?: BinaryType
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
}

/** What a connection looks like at one moment. A new object only when something changed. */
export interface Snapshot<S> {
  state: S
  status: Status
  /** Shared by everyone on the connection; cleared when it next opens. */
  error: GlockError | null
  /** The retry being made or waited for, or the one that opened the socket; 0 on the first connect. Counting restarts once a socket stayed open `minUptime`. */
  attempt: number
  /** When the next retry starts (ms since epoch), or null. */
  nextRetryAt: number | null
  lastClose: { code: number; reason: string; wasClean: boolean } | null
  /** Frames thrown away so far: queued when `close()` was called, or dropped by the queue's overflow policy. */
  discarded: number
}

export type Listener = () => void

export interface Connection<S = unknown, M = unknown> {
  getSnapshot(): Snapshot<S>
  /** Returns the function that unsubscribes. */
  subscribe(listener: Listener): () => void
  /** Runs `send` now. True when the frames were sent or queued; false (with `error` set) when refused. */
  push(message: M): boolean
  /** Closes for good: no reconnect follows; queued frames are discarded and counted. */
  close(code?: number, reason?: string): void
  /** Drops the current socket, if any, and connects again now, even after `close()`. The state is kept. */
  reconnect(): void
  /** Swaps in new handlers and options without reconnecting; they apply from the next event on. */
  configure(url: UrlInput, handlers?: Handlers<S, M> | null, options?: ConnectOptions | null): void
}
