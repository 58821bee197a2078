import type { WebSocket as ServerSocket } from 'ws'
import { startServer, type TestServer } from './server'
import { counter } from './wait'

/** A JSON-RPC 2.0 request or notification (no `id`) as the server read it. */
export interface RpcCall {
  jsonrpc: '2.0'
  id?: number
  method: string
  params?: unknown
}

/** A call the server read, with the connection (0, 1, …, in connection order) it came on. */
export interface ReadCall extends RpcCall {
  connection: number
}

/** What a JSON-RPC server sends back for a call with an id. */
export type RpcResponse =
  | { jsonrpc: '2.0'; id: number; result: unknown }
  | { jsonrpc: '2.0'; id: number; error: { code: number; message: string; data?: unknown } }

/** A reply written but not sent yet: every `slow` call's, and every call's while `holdReplies()` is on. */
interface HeldReply {
  id: number
  socket: ServerSocket
  response: RpcResponse
}

/** The order `release` sends held replies in. `shuffled` is a fixed permutation (seeded), the same every run. */
export type ReleaseOrder = 'arrival' | 'reverse' | 'shuffled' | readonly number[]

export interface JsonRpcServer {
  url: string
  /** The underlying test server: its sockets, `nextConnection()`, raw `received` frames. */
  server: TestServer
  /** Every call read (requests and notifications), in the order read, across all connections. */
  calls: ReadCall[]
  /** The requests read (calls with an id), in the order read. */
  readonly requests: ReadCall[]
  /** The ids of the requests read, in the order read. */
  readonly ids: number[]
  /** How many times a request with this id was read, across all connections. */
  arrivals(id: number): number
  /** Resolves with the requests read once there are `count` or more. */
  requestsRead(count: number): Promise<ReadCall[]>
  /** Resolves with the calls read once there are `count` or more (notifications included). */
  callsRead(count: number): Promise<ReadCall[]>
  /** The ids of the replies held back, in the order their requests were read. */
  held(): number[]
  /** From now on every reply waits for `release` (until `holdReplies(false)`), not only `slow`'s. */
  holdReplies(on?: boolean): void
  /**
   * Sends held replies, in `order` (by default the order read), one frame each, or all in one JSON-RPC batch
   * frame (an array) with `batch`. An id given in `order` that is not held throws. Replies whose socket has gone
   * (crashed, closed) are dropped. Returns the ids released, in the order released.
   */
  release(order?: ReleaseOrder, options?: { batch?: boolean }): number[]
  /** Sends `message` (JSON-encoded) as a frame on the latest connection: a late or unknown reply, a notification. */
  sendRaw(message: unknown): void
  /** Destroys every TCP connection now, with no close frame: the client sees 1006. */
  crash(): void
  /**
   * Crashes when the `n`-th request from now arrives, before reading it: that request and every frame after it
   * on the same socket go unread (not in `calls`, not counted, not answered). `crashOnRequest(1)`: the next one.
   */
  crashOnRequest(n?: number): void
  /** Resolves once `count` crashes have happened. */
  crashes(count: number): Promise<number>
  close(): Promise<void>
}

/** The error the `fail` method answers with. */
export const FAILURE = { code: -32000, message: 'failed on purpose' } as const

/** A fixed permutation of `items` (Fisher–Yates on a small LCG), so a "random" reply order is the same every run. */
function shuffled<T>(items: readonly T[], seed = 12345): T[] {
  const out = [...items]
  let s = seed
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

function answer(call: RpcCall): RpcResponse {
  const id = call.id!
  switch (call.method) {
    case 'echo':
    case 'slow':
      return { jsonrpc: '2.0', id, result: call.params ?? null }
    case 'add':
      return { jsonrpc: '2.0', id, result: (call.params as number[]).reduce((sum, n) => sum + n, 0) }
    case 'fail':
      return { jsonrpc: '2.0', id, error: { ...FAILURE, data: call.params ?? null } }
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } }
  }
}

/**
 * A real `ws` server on 127.0.0.1 (port 0) speaking JSON-RPC 2.0. Methods:
 * - `echo(params)` → `params`; `add([a, b, …])` → the sum; `fail(params)` → the error `FAILURE` with `params` as data;
 * - `slow(params)` → `params`, but only when the test calls `release`;
 * - anything else → error -32601. Notifications (no id) are read and never answered; batches (arrays) too.
 * It counts every arrival of every id (for "exactly once"), holds and reorders replies, and crashes on demand.
 */
export async function startJsonRpcServer(): Promise<JsonRpcServer> {
  const server = await startServer({ echo: false })
  const calls: ReadCall[] = []
  const arrivals = new Map<number, number>()
  const readCalls = counter()
  const readRequests = counter()
  const crashCount = counter()
  let held: HeldReply[] = []
  let holdAll = false
  /** Requests still to arrive before the armed crash, or null when none is armed. */
  let crashIn: number | null = null
  /** Sockets that crashed: whatever their parser still hands over was never read. */
  const dead = new WeakSet<ServerSocket>()

  const requests = () => calls.filter((call) => call.id !== undefined && call.id !== null)

  function crash() {
    server.sockets.forEach((socket) => dead.add(socket))
    server.kill()
    crashCount.bump()
  }

  function read(socket: ServerSocket, connection: number, call: RpcCall): RpcResponse | null {
    calls.push({ ...call, connection })
    readCalls.bump()
    if (call.id === undefined || call.id === null) return null
    arrivals.set(call.id, (arrivals.get(call.id) ?? 0) + 1)
    readRequests.bump()
    const response = answer(call)
    if (holdAll || call.method === 'slow') {
      held.push({ id: call.id, socket, response })
      return null
    }
    return response
  }

  server.wss.on('connection', (socket) => {
    const connection = server.sockets.indexOf(socket)
    socket.on('message', (data) => {
      if (dead.has(socket)) return
      const parsed = JSON.parse(data.toString()) as RpcCall | RpcCall[]
      const batch = Array.isArray(parsed) ? parsed : [parsed]
      const responses: RpcResponse[] = []
      for (const call of batch) {
        if (crashIn !== null && call.id !== undefined && call.id !== null && --crashIn === 0) {
          crashIn = null
          crash()
          return
        }
        const response = read(socket, connection, call)
        if (response) responses.push(response)
      }
      if (responses.length === 0) return
      socket.send(JSON.stringify(Array.isArray(parsed) ? responses : responses[0]))
    })
  })

  return {
    url: server.url,
    server,
    calls,
    get requests() {
      return requests()
    },
    get ids() {
      return requests().map((call) => call.id!)
    },
    arrivals: (id) => arrivals.get(id) ?? 0,
    requestsRead: (count) => readRequests.reached(count).then(requests),
    callsRead: (count) => readCalls.reached(count).then(() => [...calls]),
    held: () => held.map((reply) => reply.id),
    holdReplies(on = true) {
      holdAll = on
    },
    release(order = 'arrival', options = {}) {
      let chosen: HeldReply[]
      if (order === 'arrival') chosen = [...held]
      else if (order === 'reverse') chosen = [...held].reverse()
      else if (order === 'shuffled') chosen = shuffled(held)
      else {
        // By id; an id read twice (a resend) picks its earliest reply not picked yet.
        const left = [...held]
        chosen = order.map((id) => {
          const index = left.findIndex((reply) => reply.id === id)
          if (index < 0)
            throw new Error(
              `jsonrpc-server: no reply held for id ${id} (held: ${held.map((reply) => reply.id).join(', ')})`,
            )
          return left.splice(index, 1)[0]!
        })
      }
      held = held.filter((reply) => !chosen.includes(reply))
      const open = chosen.filter((reply) => reply.socket.readyState === 1 && !dead.has(reply.socket))
      if (options.batch) {
        const sockets = new Set(open.map((reply) => reply.socket))
        for (const socket of sockets) {
          socket.send(JSON.stringify(open.filter((reply) => reply.socket === socket).map((reply) => reply.response)))
        }
      } else for (const reply of open) reply.socket.send(JSON.stringify(reply.response))
      return chosen.map((reply) => reply.id)
    },
    sendRaw(message) {
      const socket = server.sockets[server.sockets.length - 1]
      if (!socket || socket.readyState !== 1) throw new Error('jsonrpc-server: no open connection to send on')
      socket.send(JSON.stringify(message))
    },
    crash,
    crashOnRequest(n = 1) {
      crashIn = n
    },
    crashes: (count) => crashCount.reached(count),
    close: () => server.close(),
  }
}
