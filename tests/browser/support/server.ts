import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws'
import type { PathStats, ServerSocketInfo } from './contract'

/**
 * A real ws server on 127.0.0.1 (port 0) for the browser tests. It echoes every frame with its type,
 * and keeps per-path records so tests, each on its own path, never see each other's sockets.
 */
export interface BrowserTestServer {
  url: string
  stats(path: string): PathStats
  drop(path: string): number
  close(path: string, code: number, reason: string): number
  send(path: string, data: string): number
  stop(): Promise<void>
}

interface Live {
  socket: ServerSocket
  tcp: Socket
  info: ServerSocketInfo
}

interface PathRecord {
  live: Live[]
  received: string[]
}

export async function startBrowserTestServer(): Promise<BrowserTestServer> {
  const http = createServer((_, response) => response.writeHead(426).end('WebSocket only'))
  const tcp = new Set<Socket>()
  http.on('connection', (socket) => {
    tcp.add(socket)
    socket.on('close', () => tcp.delete(socket))
  })
  const wss = new WebSocketServer({ server: http })
  const paths = new Map<string, PathRecord>()
  const record = (path: string) => {
    let entry = paths.get(path)
    if (!entry) paths.set(path, (entry = { live: [], received: [] }))
    return entry
  }

  wss.on('connection', (socket, request) => {
    const path = new URL(request.url ?? '/', 'ws://127.0.0.1').pathname
    const entry = record(path)
    const live: Live = { socket, tcp: request.socket, info: { openedAt: Date.now(), close: null } }
    entry.live.push(live)
    // ws emits 'error' (a dropped connection, a bad frame); without a listener that would crash the run.
    socket.on('error', () => {})
    socket.on('message', (data, isBinary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      entry.received.push(isBinary ? `binary:${buffer.toString('hex')}` : buffer.toString('utf8'))
      socket.send(buffer, { binary: isBinary })
    })
    socket.on('close', (code, reason) => {
      live.info.close = { code, reason: reason.toString(), at: Date.now() }
    })
  })

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  const open = (path: string) => record(path).live.filter((live) => live.socket.readyState === live.socket.OPEN)

  return {
    url: `ws://127.0.0.1:${port}`,
    stats(path) {
      const entry = record(path)
      return { sockets: entry.live.map((live) => ({ ...live.info })), received: entry.received.slice() }
    },
    drop(path) {
      const targets = open(path)
      targets.forEach((live) => live.tcp.destroy())
      return targets.length
    },
    close(path, code, reason) {
      const targets = open(path)
      targets.forEach((live) => live.socket.close(code, reason))
      return targets.length
    },
    send(path, data) {
      const targets = open(path)
      targets.forEach((live) => live.socket.send(data))
      return targets.length
    },
    async stop() {
      tcp.forEach((socket) => socket.destroy())
      wss.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

/**
 * globalSetup and the browser commands both run in Vitest's main process but are loaded as separate
 * module instances (the config is bundled on its own), so they meet on a globalThis symbol. globalSetup
 * runs once per project (the root and its chromium instance), so servers are found by their URL.
 */
const SERVERS = Symbol.for('react-glock.browser-test-servers')

function servers(): Map<string, BrowserTestServer> {
  const global = globalThis as { [SERVERS]?: Map<string, BrowserTestServer> }
  return (global[SERVERS] ??= new Map())
}

export function shareServer(server: BrowserTestServer): () => void {
  servers().set(server.url, server)
  return () => void servers().delete(server.url)
}

/** The server a socket URL points at, and the path on it. */
export function serverFor(socketUrl: string): { server: BrowserTestServer; path: string } {
  const url = new URL(socketUrl)
  const server = servers().get(`${url.protocol}//${url.host}`)
  if (!server)
    throw new Error(
      `No browser test server runs at ${url.host}: is tests/browser/support/globalSetup.ts in globalSetup?`,
    )
  return { server, path: url.pathname }
}
