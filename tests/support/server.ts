import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws'

export interface TestServer {
  url: string
  port: number
  wss: WebSocketServer
  /** Server-side sockets, in connection order. */
  sockets: ServerSocket[]
  /** Every message received, as text. */
  received: string[]
  /** Resolves with the next server-side socket to connect. */
  nextConnection(): Promise<ServerSocket>
  /** Resolves once `count` messages have been received. */
  messages(count: number): Promise<string[]>
  /** Destroys every TCP connection at once (no close frame): the client sees 1006. */
  kill(): void
  close(): Promise<void>
}

/** A real ws server on 127.0.0.1, on a port the OS picks. By default it echoes text. */
export async function startServer(
  options: {
    echo?: boolean
    port?: number
    verifyClient?: (info: unknown, cb: (ok: boolean, code?: number) => void) => void
  } = {},
): Promise<TestServer> {
  const http: Server = createServer()
  const tcp = new Set<Socket>()
  http.on('connection', (socket) => {
    tcp.add(socket)
    socket.on('close', () => tcp.delete(socket))
  })
  const wss = new WebSocketServer({ server: http, verifyClient: options.verifyClient as never })
  const sockets: ServerSocket[] = []
  const received: string[] = []
  let waiters: Array<(socket: ServerSocket) => void> = []
  let messageWaiters: Array<{ count: number; resolve: (all: string[]) => void }> = []
  wss.on('connection', (socket) => {
    sockets.push(socket)
    socket.on('error', () => {})
    socket.on('message', (data, isBinary) => {
      received.push(data.toString())
      if (options.echo !== false) socket.send(data, { binary: isBinary })
      messageWaiters = messageWaiters.filter((w) =>
        received.length >= w.count ? (w.resolve(received.slice()), false) : true,
      )
    })
    const current = waiters
    waiters = []
    current.forEach((resolve) => resolve(socket))
  })
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (http.address() as AddressInfo).port
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    wss,
    sockets,
    received,
    nextConnection: () => new Promise((resolve) => waiters.push(resolve)),
    messages: (count) =>
      received.length >= count
        ? Promise.resolve(received.slice())
        : new Promise((resolve) => messageWaiters.push({ count, resolve })),
    kill() {
      tcp.forEach((socket) => socket.destroy())
    },
    async close() {
      tcp.forEach((socket) => socket.destroy())
      wss.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
