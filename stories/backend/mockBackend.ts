// The in-browser stand-in for demo/server.mjs: mock-socket servers running the same protocol code
// (demo/protocol.mjs), so the stories and a static Storybook build work with no backend at all.
import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket'
import type { WebSocketConstructor } from 'react-glock'
import { createHub, type Hub } from '../../demo/protocol.mjs'
import { queryParam } from './params'

/** An address nothing real answers (.invalid is reserved): only mock-socket's bridge knows it. */
export const MOCK_ORIGIN = 'ws://demo.react-glock.invalid'

const copyBytes = (data: ArrayBuffer | ArrayBufferView): ArrayBuffer => {
  const view = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data)
  return view.slice().buffer
}

const dispatch = MockWebSocket.prototype.dispatchEvent as (
  this: MockWebSocket,
  event: Event,
  ...rest: unknown[]
) => boolean

/**
 * mock-socket's WebSocket, corrected where it differs from a browser's in ways the demos show:
 * - a socket refused before opening closes with 1006, not 1000, and a close after the handshake is clean
 *   unless it is 1006 (mock-socket calls every code but 1000 and 1005 unclean);
 * - typed arrays go out as binary (mock-socket turns them into strings), and binary frames arrive as
 *   the `binaryType` asks: an ArrayBuffer, or a Blob.
 * Known gap: a Blob pushed while `binaryType` is 'arraybuffer' comes back as a Blob.
 */
class DemoMockWebSocket extends MockWebSocket {
  private opened = false

  override send(data: string | Blob | ArrayBuffer | ArrayBufferView): void {
    super.send(typeof data === 'string' || data instanceof Blob ? data : copyBytes(data))
  }

  override dispatchEvent(event: Event, ...rest: unknown[]): boolean {
    // Events with extra arguments are mock-socket's own server-side traffic: leave them alone.
    if (rest.length > 0) return dispatch.call(this, event, ...rest)
    if (event.type === 'open') this.opened = true
    if (event.type === 'close') {
      const close = event as CloseEvent
      const code = this.opened ? close.code : 1006
      const wasClean = this.opened && code !== 1006
      if (code !== close.code || wasClean !== close.wasClean) {
        event = new CloseEvent('close', { code, reason: close.reason, wasClean })
      }
    }
    if (event.type === 'message') {
      const data = (event as MessageEvent).data
      if (data instanceof ArrayBuffer && this.binaryType === 'blob') {
        event = new MessageEvent('message', { data: new Blob([data]), origin: (event as MessageEvent).origin })
      }
    }
    return dispatch.call(this, event)
  }
}

interface MockWorld {
  hub: Hub
  servers: Map<string, Server>
}

// Kept on globalThis so hot reloads in `storybook dev` reuse the servers: mock-socket refuses a second one per URL.
const WORLD = Symbol.for('react-glock.stories.mock-world')

/** `?glockTick=<ms>` on the page's URL sets the mock ticker's pace (the end-to-end run speeds it up). */
function tickInterval(): number | undefined {
  const raw = queryParam('glockTick')
  const ms = raw === null ? NaN : Number(raw)
  return Number.isFinite(ms) && ms >= 10 ? ms : undefined
}

function world(): MockWorld {
  const global = globalThis as { [WORLD]?: MockWorld }
  return (global[WORLD] ??= { hub: createHub({ tickInterval: tickInterval() }), servers: new Map() })
}

function listen(path: string): string {
  const url = `${MOCK_ORIGIN}${path}`
  const { hub, servers } = world()
  if (servers.has(url)) return url
  // mock: false leaves the page's own WebSocket alone; react-glock receives the mock through its option.
  const server = new Server(url, { mock: false, verifyClient: () => hub.accepts() })
  server.on('connection', (client: Client) => {
    const open = () => client.readyState === MockWebSocket.OPEN
    const session = hub.join({
      path,
      send(data) {
        if (open()) client.send(typeof data === 'string' || data instanceof Blob ? data : copyBytes(data))
      },
      close(code, reason) {
        if (open()) client.close({ code, reason, wasClean: true })
      },
      terminate() {
        if (open()) client.close({ code: 1006, reason: '', wasClean: false })
      },
    })
    client.on('message', (data) => session.receive(data as string | ArrayBuffer | Blob))
    client.on('close', () => session.leave())
  })
  servers.set(url, server)
  return url
}

export const mockBackend = {
  /** The mock URL for a room of the demo protocol ('/echo', '/chat', '/ticker'…), its server started on first use. */
  url: (path: string) => listen(path),
  WebSocket: DemoMockWebSocket satisfies WebSocketConstructor,
  hub: () => world().hub,
}
