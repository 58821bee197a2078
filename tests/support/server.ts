import { createServer, type Server } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws'
import { counter } from './wait'

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
  const connected = counter()
  const heard = counter()
  wss.on('connection', (socket) => {
    sockets.push(socket)
    socket.on('error', () => {})
    socket.on('message', (data, isBinary) => {
      received.push(data.toString())
      if (options.echo !== false) socket.send(data, { binary: isBinary })
      heard.bump()
    })
    connected.bump()
  })
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (http.address() as AddressInfo).port
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    wss,
    sockets,
    received,
    nextConnection: () => {
      const index = sockets.length
      return connected.reached(index + 1).then(() => sockets[index]!)
    },
    messages: (count) => heard.reached(count).then((total) => received.slice(0, total)),
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

/** Accepts TCP connections on 127.0.0.1 (port 0), reads the upgrade request and never answers it. */
export async function startBlackHole() {
  const open = new Set<Socket>()
  const accepted = counter()
  const closed = counter()
  const server = createTcpServer((socket) => {
    open.add(socket)
    socket.on('data', () => {})
    socket.on('error', () => {})
    socket.on('close', () => {
      open.delete(socket)
      closed.bump()
    })
    accepted.bump()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}/`,
    accepted,
    /** TCP connections the client gave up on (closed from its side). */
    closed,
    get open() {
      return open.size
    },
    async close() {
      open.forEach((socket) => socket.destroy())
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
