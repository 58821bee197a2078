import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket'
import type { WebSocketConstructor } from 'react-glock/core'

// The one family of WebSocket doubles:
// - `FakeSocket`, driven by hand and synchronously (`open()`, `receive()`, `serverClose()`);
// - `echoingFakeWebSocket()`, a FakeSocket that opens, echoes and closes on timers, counted;
// - `countingWebSocket(Base)`, a real constructor (the global one, `ws`'s) wrapped to count sockets and frames;
// - `mockServer()`, a mock-socket server with its client constructor.

/** A WebSocket double driven by hand, synchronously: `open()`, `receive()`, `serverClose()`. */
export class FakeSocket {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  /** Every FakeSocket made since the last `reset()`, subclasses' included. */
  static made: FakeSocket[] = []
  readyState = 0
  protocol = ''
  extensions = ''
  binaryType = 'blob'
  bufferedAmount = 0
  sent: unknown[] = []
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    FakeSocket.made.push(this)
  }

  send(data: unknown) {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open')
    this.sent.push(data)
  }

  close(code = 1000, reason = '') {
    if (this.readyState >= 2) return
    this.readyState = 2
    this.closeRequest = { code, reason }
  }

  closeRequest: { code: number; reason: string } | null = null

  open() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  receive(data: unknown) {
    this.onmessage?.({ data })
  }

  serverClose(code = 1000, reason = '', wasClean = true) {
    this.readyState = 3
    this.onclose?.({ code, reason, wasClean })
  }

  static get last(): FakeSocket {
    return FakeSocket.made[FakeSocket.made.length - 1]!
  }

  static reset() {
    FakeSocket.made = []
  }
}

export const FakeWebSocket: WebSocketConstructor = FakeSocket

/**
 * A FakeSocket that drives itself on timers (so fake timers drive it), for thousands of React mount
 * cycles: it opens 1 ms after it is made, echoes every text frame 1 ms after it is sent, and closes 1 ms
 * after `close()` (with 1006 if it never opened). `stats` counts what was made, opened, closed and is alive.
 */
export function echoingFakeWebSocket() {
  const stats = { created: 0, opened: 0, closed: 0, live: new Set<object>() }

  class EchoingSocket extends FakeSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      stats.created++
      stats.live.add(this)
      setTimeout(() => {
        if (this.readyState !== 0) return
        stats.opened++
        this.open()
      }, 1)
    }

    override send(data: unknown) {
      super.send(data)
      setTimeout(() => {
        if (this.readyState === 1) this.receive(String(data))
      }, 1)
    }

    override close(code = 1000, reason = '') {
      if (this.readyState >= 2) return
      const wasOpen = this.readyState === 1
      super.close(code, reason)
      setTimeout(() => {
        stats.live.delete(this)
        stats.closed++
        this.serverClose(wasOpen ? code : 1006, reason, wasOpen)
      }, 1)
    }
  }

  const WebSocket: WebSocketConstructor = EchoingSocket
  return { WebSocket, stats }
}

/** What `countingWebSocket` adds to every socket it makes. */
export interface Counted {
  /** Every frame passed to `send`, as text, whether or not it reached the wire. */
  sent: string[]
  /** Frames handed over while the socket was not open: the WebSocket API drops them silently. */
  sentWhileClosing: number
  /** When a number, `bufferedAmount` reports it instead of the real figure (a backed-up socket). */
  buffered: number | null
}

interface SocketLike {
  readonly readyState: number
  send(data: any, ...rest: any[]): void
}

function getterOf(prototype: object | null, key: string): (() => unknown) | undefined {
  for (let p = prototype; p; p = Object.getPrototypeOf(p)) {
    const descriptor = Object.getOwnPropertyDescriptor(p, key)
    if (descriptor) return descriptor.get
  }
  return undefined
}

/**
 * Wraps a WebSocket constructor (the global one by default, or `ws`'s) to count the sockets made and
 * the frames handed to each. `throwFirst` makes the first n constructions throw, as a browser does
 * for a CSP block or bad protocols.
 */
export function countingWebSocket<T extends SocketLike = WebSocket>(
  Base: new (url: string, protocols?: string | string[]) => T = globalThis.WebSocket as any,
  options: { throwFirst?: number } = {},
) {
  const made: Array<T & Counted> = []
  const realBufferedAmount = getterOf(Base.prototype, 'bufferedAmount')
  let throwsLeft = options.throwFirst ?? 0
  let attempts = 0

  class Counting extends (Base as unknown as new (url: string, protocols?: string | string[]) => SocketLike) {
    sent: string[] = []
    sentWhileClosing = 0
    buffered: number | null = null

    constructor(url: string, protocols?: string | string[]) {
      attempts++
      if (throwsLeft > 0) {
        throwsLeft--
        throw new SyntaxError('Refused to connect because it violates the Content Security Policy')
      }
      super(url, protocols)
      // bufferedAmount is a getter on the prototype (ws, browsers): shadow it per instance.
      if (realBufferedAmount) {
        Object.defineProperty(this, 'bufferedAmount', { get: () => this.buffered ?? realBufferedAmount.call(this) })
      }
      made.push(this as unknown as T & Counted)
    }

    override send(data: unknown, ...rest: unknown[]) {
      this.sent.push(String(data))
      if (this.readyState !== 1) this.sentWhileClosing++
      super.send(data, ...rest)
    }
  }

  return {
    WebSocket: Counting as unknown as WebSocketConstructor,
    /** Sockets constructed successfully, in order. */
    made,
    /** Calls to the constructor, throwing ones included. */
    get attempts() {
      return attempts
    },
    /** Sockets neither closing nor closed. */
    live: () => made.filter((s) => s.readyState === 0 || s.readyState === 1).length,
    /** Sockets not yet closed (closing ones included). */
    unclosed: () => made.filter((s) => s.readyState !== 3).length,
  }
}

/** What `countingWebSocket(Base)` returns, for sockets made by `Base` (the global WebSocket by default). */
export type CountingWebSocket<T extends SocketLike = WebSocket> = ReturnType<typeof countingWebSocket<T>>

let nextMock = 0

/** A mock-socket server on a URL of its own, with the client constructor to hand to `connect`. */
export function mockServer() {
  const url = `ws://mock.test/${++nextMock}`
  const server = new Server(url)
  const clients: Client[] = []
  const received: unknown[] = []
  server.on('connection', (client) => {
    clients.push(client)
    client.on('message', (data) => received.push(data))
  })
  const WebSocket: WebSocketConstructor = MockWebSocket
  return { url, server, clients, received, WebSocket }
}
