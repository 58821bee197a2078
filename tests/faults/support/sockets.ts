import { once } from 'node:events'
import { WebSocket as NodeWebSocket } from 'ws'
import type { WebSocketConstructor } from 'react-glock/core'

/** A `ws` client that remembers what was handed to it and can pretend its send buffer is full. */
export interface TracedSocket extends NodeWebSocket {
  /** Every frame passed to `send`, as text, whether or not it reached the wire. */
  sent: string[]
  /** When a number, `bufferedAmount` reports it instead of the real figure. */
  buffered: number | null
  /** Frames handed over while the socket was already closing or closed: the WebSocket API drops them silently. */
  sentWhileClosing: number
}

/**
 * The `ws` client with counts: every socket made, every frame handed over. `throwFirst` makes the
 * first n constructions throw, as a browser does for a CSP block or bad protocols.
 */
export function tracedWebSocket(options: { throwFirst?: number } = {}) {
  const sockets: TracedSocket[] = []
  const realBufferedAmount = Object.getOwnPropertyDescriptor(NodeWebSocket.prototype, 'bufferedAmount')!.get!
  let throwsLeft = options.throwFirst ?? 0
  let attempts = 0

  class Traced extends NodeWebSocket {
    sent: string[] = []
    buffered: number | null = null
    sentWhileClosing = 0

    constructor(url: string, protocols?: string | string[]) {
      attempts++
      if (throwsLeft > 0) {
        throwsLeft--
        throw new SyntaxError('Refused to connect because it violates the Content Security Policy')
      }
      super(url, protocols)
      // ws declares bufferedAmount as a property (it is a getter on the prototype): shadow it per instance.
      Object.defineProperty(this, 'bufferedAmount', { get: () => this.buffered ?? realBufferedAmount.call(this) })
      sockets.push(this as unknown as TracedSocket)
    }

    override send(data: unknown, ...rest: unknown[]) {
      this.sent.push(String(data))
      if (this.readyState !== NodeWebSocket.OPEN) this.sentWhileClosing++
      ;(super.send as (...args: unknown[]) => void)(data, ...rest)
    }
  }

  return {
    WebSocket: Traced as unknown as WebSocketConstructor,
    /** Sockets constructed successfully, in order. */
    sockets,
    /** Calls to the constructor, throwing ones included. */
    get attempts() {
      return attempts
    },
    /** Sockets not yet closed. */
    get live() {
      return sockets.filter((socket) => socket.readyState !== NodeWebSocket.CLOSED).length
    },
  }
}

/** Resolves when a `ws` socket (client or server side) has closed. */
export function closedOf(socket: NodeWebSocket): Promise<unknown> {
  return socket.readyState === NodeWebSocket.CLOSED ? Promise.resolve() : once(socket, 'close')
}

/**
 * An in-memory WebSocket for thousands of React mount cycles: it opens, echoes and closes on
 * timers (so fake timers drive it), and counts what is alive.
 */
export function countingFakeWebSocket() {
  const stats = { created: 0, opened: 0, closed: 0, live: new Set<object>() }

  class FakeSocket {
    static readonly CONNECTING = 0
    static readonly OPEN = 1
    static readonly CLOSING = 2
    static readonly CLOSED = 3
    readonly url: string
    readyState = 0
    protocol = ''
    extensions = ''
    bufferedAmount = 0
    binaryType: BinaryType = 'blob'
    onopen: ((event: Event) => void) | null = null
    onmessage: ((event: MessageEvent) => void) | null = null
    onerror: ((event: Event) => void) | null = null
    onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null

    constructor(url: string) {
      this.url = url
      stats.created++
      stats.live.add(this)
      setTimeout(() => {
        if (this.readyState !== 0) return
        this.readyState = 1
        stats.opened++
        this.onopen?.(new Event('open'))
      }, 1)
    }

    send(data: unknown) {
      if (this.readyState !== 1) throw new Error('FakeSocket.send: not open')
      setTimeout(() => {
        if (this.readyState === 1) this.onmessage?.(new MessageEvent('message', { data: String(data) }))
      }, 1)
    }

    close(code = 1000, reason = '') {
      if (this.readyState >= 2) return
      const wasOpen = this.readyState === 1
      this.readyState = 2
      setTimeout(() => {
        this.readyState = 3
        stats.live.delete(this)
        stats.closed++
        this.onclose?.({ code: wasOpen ? code : 1006, reason, wasClean: wasOpen })
      }, 1)
    }
  }

  return { WebSocket: FakeSocket as unknown as WebSocketConstructor, stats }
}
