import { utf8Length } from '../core/step'
import type { WebSocketLike } from '../core/types'

/** What a client sends or a server records: text, or bytes (copied when sent, so later writes don't change it). */
export type MockFrame = string | ArrayBuffer | Blob

/** What the server may send: text, bytes, or any other value, sent as its JSON text. */
export type MockData = string | ArrayBuffer | ArrayBufferView | Blob | object | number | boolean | null

/** The side of a mock server that a socket talks to. */
export interface Peer {
  /** A socket asks to connect (on a microtask after its constructor, as a real one would). */
  accept(socket: MockSocket): void
  /** A socket sent a frame. */
  received(socket: MockSocket, frame: MockFrame): void
  /** A socket closed, from either side. */
  gone(socket: MockSocket): void
}

type Listener = (event: any) => void
const EVENTS = ['open', 'message', 'error', 'close'] as const
type EventName = (typeof EVENTS)[number]

/** A frame as recorded: text stays text, binary data is copied into an ArrayBuffer of its own. */
export function recorded(data: unknown): MockFrame {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return data.slice(0)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer
  if (typeof Blob === 'function' && data instanceof Blob) return data
  // A browser sends anything else as its string (`String(data)`), and so does this.
  return String(data)
}

/**
 * A WebSocket as a browser has it, connected to an in-memory server: `readyState`, `binaryType`, `protocol`,
 * `send`, `close`, the `on…` handlers and `addEventListener`. It opens on a microtask (a promise, never a timer,
 * so fake timers leave it alone), and it throws where a browser throws: `send` while connecting, `close` with a
 * code other than 1000 or 3000–4999, or a reason over 123 bytes.
 */
export class MockSocket implements WebSocketLike {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSING = 2
  readonly CLOSED = 3

  readyState = 0
  readonly bufferedAmount = 0
  protocol = ''
  readonly extensions = ''
  binaryType: BinaryType = 'blob'
  /** The protocols it asked for, in order. */
  readonly protocols: string[]
  onopen: Listener | null = null
  onmessage: Listener | null = null
  onerror: Listener | null = null
  onclose: Listener | null = null
  private readonly listeners = new Map<EventName, Set<Listener>>()

  constructor(
    readonly url: string,
    protocols: string | string[] | undefined,
    private readonly peer: Peer | undefined,
    /** Why nothing answers when there is no peer: the `message` of the error event. */
    private readonly nobody: string,
  ) {
    this.protocols = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : [...protocols]
    void Promise.resolve().then(() => {
      if (this.readyState === 2) return this.end(1006, '', false, 'closed before the connection was established')
      if (!this.peer) return this.end(1006, '', false, this.nobody)
      this.peer.accept(this)
    })
  }

  addEventListener(type: string, listener: Listener) {
    if ((EVENTS as readonly string[]).includes(type)) {
      const set = this.listeners.get(type as EventName) ?? new Set()
      this.listeners.set(type as EventName, set.add(listener))
    }
  }

  removeEventListener(type: string, listener: Listener) {
    this.listeners.get(type as EventName)?.delete(listener)
  }

  send(data: unknown) {
    if (this.readyState === 0)
      throw domException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError')
    // A browser discards what is sent after close() began, without an error.
    if (this.readyState !== 1) return
    this.peer!.received(this, recorded(data))
  }

  close(code?: number, reason = '') {
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999))
      throw domException(
        `Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
        'InvalidAccessError',
      )
    if (utf8Length(reason) > 123)
      throw domException(
        "Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.",
        'SyntaxError',
      )
    if (this.readyState >= 2) return
    const connecting = this.readyState === 0
    this.readyState = 2
    // While connecting, the opening step ends it (1006); once open, the closing handshake takes a turn, as with a
    // real server that answers at once.
    if (!connecting) void Promise.resolve().then(() => this.end(code ?? 1005, reason, true))
  }

  // --- what the server does to it --------------------------------------------------------------------------

  /** @internal The server took it: it is open, with the protocol the server chose. */
  opened(protocol: string) {
    this.readyState = 1
    this.protocol = protocol
    this.dispatch('open', { type: 'open' })
  }

  /** @internal A frame from the server, in the form `binaryType` asks for. */
  deliver(data: string | ArrayBuffer) {
    if (this.readyState !== 1) return
    const payload =
      typeof data === 'string' || this.binaryType !== 'blob' || typeof Blob !== 'function' ? data : new Blob([data])
    this.dispatch('message', { type: 'message', data: payload })
  }

  /**
   * @internal The connection ends. `failure`: it failed (refused, or closed before it was established), and
   * browsers fire `error` first, with this as its message; a connection that was open and is lost just closes.
   */
  end(code: number, reason: string, wasClean: boolean, failure?: string) {
    if (this.readyState === 3) return
    this.readyState = 3
    this.peer?.gone(this)
    if (failure !== undefined) this.dispatch('error', { type: 'error', message: failure })
    this.dispatch('close', { type: 'close', code, reason, wasClean })
  }

  private dispatch(type: EventName, fields: object) {
    const event = { ...fields, target: this, currentTarget: this }
    this[`on${type}`]?.call(this, event)
    for (const listener of this.listeners.get(type) ?? []) listener.call(this, event)
  }
}

function domException(message: string, name: string): Error {
  return typeof DOMException === 'function'
    ? new DOMException(message, name)
    : Object.assign(new Error(message), { name })
}
