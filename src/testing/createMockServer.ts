import { TESTING } from '../core/testingMark'
import type { WebSocketLike } from '../core/types'
import { inAct } from './act'
import { MockSocket, recorded, type MockData, type MockFrame, type Peer } from './MockSocket'

export type { MockData, MockFrame } from './MockSocket'

/** The kit's WebSocket class: a browser's, connected to a mock server. */
export type MockWebSocketConstructor = new (
  url: string | { readonly href: string },
  protocols?: string | string[],
) => WebSocketLike & { readonly url: string }

/** How the server ends a connection cleanly. */
export interface MockCloseOptions {
  /** 1000 unless given. */
  code?: number
  reason?: string
}

/** One connection, as the server sees it. */
export interface MockClient {
  /** The URL it connected to. */
  readonly url: string
  /** The subprotocol the server chose: the first the client asked for, or `''`. */
  readonly protocol: string
  /** Every frame this client sent, in order. */
  readonly received: readonly MockFrame[]
  /** Sends to this client alone (objects as JSON text). */
  send(data: MockData): void
  /** Ends this client's connection cleanly (code 1000 unless given). */
  close(options?: MockCloseOptions): void
}

/** An in-memory WebSocket server for tests. */
export interface MockServer {
  /** The URL it serves, or `null` when it takes any URL. */
  readonly url: string | null
  /** A WebSocket constructor that connects here: pass it as the `WebSocket` option. */
  readonly WebSocket: MockWebSocketConstructor
  /** Makes `WebSocket` the global one until the function it returns (the same as `uninstall`) is called. */
  install(): () => void
  /** Puts back the global `WebSocket` that `install()` replaced. */
  uninstall(): void
  /**
   * The oldest client not yet returned by `connected()`: at once if it is there, else when one connects, so a
   * client that connected before the call is never missed. Rejects if the server stops first.
   */
  connected(): Promise<MockClient>
  /** The clients connected now. */
  readonly clients: readonly MockClient[]
  /** Sends to every connected client (objects as JSON text). Throws when none is connected. */
  send(data: MockData): void
  /** Every frame received from any client, in order. */
  readonly received: readonly MockFrame[]
  /** The oldest received frame not yet returned by `nextMessage()`, on the same rule as `connected()`. */
  nextMessage(): Promise<MockFrame>
  /** Ends every connection cleanly: code 1000 unless given. */
  close(options?: MockCloseOptions): void
  /** Ends every connection abnormally, as a lost network does: a close with code 1006, not clean. */
  drop(): void
  /** The next `count` connection attempts (1 unless given) fail: an `error`, then a close with code 1006. */
  refuse(count?: number): void
  /** Drops every client, refuses every later attempt, puts back the global `WebSocket`, and rejects what waits. */
  stop(): void
}

/** A queue read in order by promises: each `next()` gets the oldest item nobody got yet, waiting if need be. */
function createQueue<T>(what: string) {
  const items: T[] = []
  let taken = 0
  const waiting: { resolve: (item: T) => void; reject: (error: Error) => void }[] = []
  let stopped: Error | undefined
  return {
    items,
    push(item: T) {
      items.push(item)
      const waiter = waiting.shift()
      if (waiter) waiter.resolve(items[taken++]!)
    },
    next(): Promise<T> {
      if (taken < items.length) return Promise.resolve(items[taken++]!)
      if (stopped) return Promise.reject(stopped)
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }))
    },
    stop(url: string) {
      stopped = new Error(`[react-glock] The mock server for ${url} stopped while a test waited for ${what}.`)
      for (const waiter of waiting.splice(0)) waiter.reject(stopped)
    },
  }
}

/** Servers that may take a connection made with another server's class (one installed as the global, say). */
const running = new Set<{ takes(url: string): boolean; peer: Peer }>()

const pageUrl = () => (globalThis as { location?: { href?: string } }).location?.href

/**
 * An absolute URL, as a browser's WebSocket constructor makes it: resolved against the page, http(s) turned into
 * ws(s), and a SyntaxError for what a browser refuses (no URL, another scheme, a fragment).
 */
function absolute(url: string | { href: string }): string {
  const given = String(typeof url === 'object' && url !== null ? url.href : url)
  let parsed: URL | undefined
  try {
    parsed = new URL(given, pageUrl())
  } catch {
    // Named below.
  }
  if (parsed?.protocol === 'http:' || parsed?.protocol === 'https:')
    parsed.protocol = parsed.protocol.replace('http', 'ws')
  if (!parsed || !/^wss?:$/.test(parsed.protocol) || parsed.hash || given.includes('#'))
    throw new SyntaxError(
      `[react-glock] The mock WebSocket cannot connect to ${JSON.stringify(given)}: a browser takes only a ws:, wss:, ` +
        'http: or https: URL without a fragment.',
    )
  return parsed.href
}

/** What the server sends, as a socket takes it: text, or bytes in an ArrayBuffer (Blobs are read first). */
async function outgoing(data: MockData): Promise<string | ArrayBuffer> {
  if (typeof Blob === 'function' && data instanceof Blob) return data.arrayBuffer()
  return syncOutgoing(data)
}

function syncOutgoing(data: MockData): string | ArrayBuffer {
  if (typeof data === 'string' || data instanceof ArrayBuffer || ArrayBuffer.isView(data))
    return recorded(data) as string | ArrayBuffer
  const text = JSON.stringify(data)
  if (text === undefined)
    throw new TypeError(`[react-glock] The mock server cannot send ${String(data)}: it has no JSON text.`)
  return text
}

/**
 * An in-memory WebSocket server for tests, for one URL or (with none) for any. Connections made with its
 * `WebSocket` open on a microtask, and react-glock's connections over them notify inside React's `act` at the
 * end of each event, so what the server does shows in the DOM when the call returns, and fake timers (Vitest's
 * or Jest's) drive reconnects and heartbeats with no real waiting.
 * @example
 * const server = createMockServer('wss://chat.example/room/1')
 * render(<Chat socket={chat.with({ WebSocket: server.WebSocket })} />)
 * const client = await server.connected()
 * server.send('welcome')
 * expect(screen.getByText('welcome')).toBeTruthy()
 */
export function createMockServer(url?: string | { href: string }): MockServer {
  const served = url === undefined ? null : absolute(url)
  const name = served ?? 'any URL'
  const sockets = new Map<MockSocket, MockClient>()
  const arrivals = createQueue<MockClient>('a client to connect')
  const messages = createQueue<MockFrame>('a message')
  let refusals = 0
  let stopped = false
  let replaced: { had: boolean; previous: unknown } | undefined

  const peer: Peer = {
    accept(socket) {
      if (stopped || refusals > 0) {
        if (!stopped) refusals--
        return socket.end(1006, '', false, `the mock server for ${name} refused the connection`)
      }
      const client = clientOf(socket)
      sockets.set(socket, client)
      socket.opened(socket.protocols[0] ?? '')
      // Once its open was handled: after `await server.connected()`, the app has seen it open.
      arrivals.push(client)
    },
    received(socket, frame) {
      ;(sockets.get(socket)!.received as MockFrame[]).push(frame)
      messages.push(frame)
    },
    gone(socket) {
      sockets.delete(socket)
    },
  }
  const entry = { takes: (href: string) => served === href, peer }

  function clientOf(socket: MockSocket): MockClient {
    return {
      url: socket.url,
      get protocol() {
        return socket.protocol
      },
      received: [],
      send: (data) => sendTo([socket], data),
      close: (options) => closeAll([socket], options),
    }
  }

  function sendTo(targets: MockSocket[], data: MockData) {
    if (typeof Blob === 'function' && data instanceof Blob) {
      // A Blob's bytes can only be read asynchronously: this delivery waits for them.
      void outgoing(data).then((bytes) => inAct(() => targets.forEach((socket) => socket.deliver(bytes))))
      return
    }
    const payload = syncOutgoing(data)
    inAct(() => targets.forEach((socket) => socket.deliver(payload)))
  }

  function closeAll(targets: MockSocket[], { code = 1000, reason = '' }: MockCloseOptions = {}) {
    inAct(() => targets.forEach((socket) => socket.end(code, reason, true)))
  }

  class WebSocket extends MockSocket {
    static readonly [TESTING] = inAct
    constructor(target: string | { href: string }, protocols?: string | string[]) {
      const href = absolute(target)
      let to: Peer | undefined
      if (served === null || served === href) to = peer
      else for (const other of running) if (other.takes(href)) to = other.peer
      super(href, protocols, to, `no mock server serves ${href} (this one serves ${name})`)
    }
  }

  const server: MockServer = {
    url: served,
    WebSocket,
    install() {
      if (!replaced) {
        const global = globalThis as { WebSocket?: unknown }
        replaced = { had: 'WebSocket' in global, previous: global.WebSocket }
        global.WebSocket = WebSocket
      }
      return server.uninstall
    },
    uninstall() {
      if (!replaced) return
      const global = globalThis as { WebSocket?: unknown }
      if (replaced.had) global.WebSocket = replaced.previous
      else delete global.WebSocket
      replaced = undefined
    },
    connected: arrivals.next,
    get clients() {
      return [...sockets.values()]
    },
    send(data) {
      if (sockets.size === 0)
        throw new Error(
          `[react-glock] The mock server for ${name} has no client to send to: await server.connected() first.`,
        )
      sendTo([...sockets.keys()], data)
    },
    received: messages.items,
    nextMessage: messages.next,
    close: (options) => closeAll([...sockets.keys()], options),
    drop: () => inAct(() => [...sockets.keys()].forEach((socket) => socket.end(1006, '', false))),
    refuse(count = 1) {
      if (!(count >= 0) || !(Number.isInteger(count) || count === Infinity))
        throw new TypeError(`[react-glock] refuse(count) takes a whole number ≥ 0 or Infinity; got ${String(count)}.`)
      refusals += count
    },
    stop() {
      if (stopped) return
      server.drop()
      stopped = true
      running.delete(entry)
      server.uninstall()
      arrivals.stop(name)
      messages.stop(name)
    },
  }
  if (served !== null) running.add(entry)
  return server
}
