import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'
import { expect } from 'vitest'
import { WebSocket } from 'ws'
import {
  connect,
  type ConnectOptions,
  type Connection,
  type Frame,
  type Callbacks,
  type Handlers,
  type Logger,
  type UrlInput,
} from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { until } from '../support/wait'

/** What every connection here keeps: how often it opened, what `send` sent, the text `receive` saw. */
export interface Log {
  opens: number
  sent: string[]
  seen: string[]
}

export type Glock = Connection<Log, string>

/** Glock's handlers at their plainest. Each open sends `open-<n>`, so open frames are accounted for too. */
export const journal = {
  init: (): Log => ({ opens: 0, sent: [], seen: [] }),
  open: (log: Log) => ({ state: { ...log, opens: log.opens + 1 }, push: `open-${log.opens}` }),
  send: (message: string, log: Log) => ({ state: { ...log, sent: [...log.sent, message] }, push: message }),
  receive: (frame: Frame, log: Log) => ({
    state: { ...log, seen: [...log.seen, frame.type === 'text' ? frame.data : frame.type] },
  }),
} satisfies Handlers<Log, string>

/** `receive` as in `journal`, but the first frame gets a step with a close code the protocol forbids: an invalid_step. */
export function invalidFirstStep() {
  let first = true
  return (frame: Frame, log: Log) => {
    if (!first) return journal.receive(frame, log)
    first = false
    return { state: log, close: { code: 1006 } }
  }
}

/** Throws `error`, where an expression is needed. */
export const raise = (error: unknown): never => {
  throw error
}

/** A retry 10 ms after a close, so cases that need one do not wait for it. */
export const quickRetry = { minDelay: 10, maxDelay: 10 }

export const opened = (c: Glock) => until(c, (s) => s.status === 'open')

export type Rig = Awaited<ReturnType<typeof startRig>>

const running: Array<() => Promise<void>> = []

/** Stops every rig the test started: its connections, its server, its listeners. For `afterEach`. */
export async function stopRigs() {
  await Promise.all(running.splice(0).map((stop) => stop()))
}

/**
 * A real ws server (it echoes text and answers `'ping'` with `'pong'`) and what a test needs to watch
 * it: the client sockets the connection made, the server's sockets and TCP connections, the frames
 * pushed, and every error that escaped as an uncaught exception or an unhandled rejection.
 */
export async function startRig() {
  let holding = 0
  let handshakes = 0
  let pushes = 0
  const clients: WebSocket[] = []
  /** Indexes of sockets made while an earlier one was still connecting or open. */
  const overlaps: number[] = []
  const tcp = new Set<Socket>()
  const live = new Set<WebSocket>()
  const connections: Glock[] = []
  const accepted: string[] = []
  const refused: string[] = []
  /** Frames given before a close() that had not reached the server then: they never may. */
  const stale: string[] = []
  const logged: unknown[][] = []
  const escaped: unknown[] = []

  let watchers: Array<() => boolean> = []
  const changed = () => void (watchers = watchers.filter((settled) => !settled()))
  /** Resolves once `ready()` holds: checked now and after every socket event the rig sees. */
  const when = (ready: () => boolean) =>
    new Promise<void>((resolve) => {
      const settled = () => ready() && (resolve(), true)
      if (!settled()) watchers.push(settled)
    })

  const server: TestServer = await startServer({
    echo: false,
    verifyClient: (info, answer) => {
      handshakes++
      changed()
      const { req } = info as { req: IncomingMessage }
      if (req.url !== '/held' && holding === 0) return answer(true)
      if (req.url !== '/held') holding--
      // A held handshake is never answered. The HTTP server keeps a connection half open after the
      // client's FIN, so it ends it when the client gives up.
      req.socket.on('end', () => req.socket.destroy()).resume()
    },
  })
  ;(server.wss.options.server as Server).on('connection', (socket: Socket) => {
    tcp.add(socket)
    socket.on('close', () => {
      tcp.delete(socket)
      changed()
    })
  })
  server.wss.on('connection', (socket) => {
    live.add(socket)
    socket.on('close', () => {
      live.delete(socket)
      changed()
    })
    socket.on('message', (data) => {
      const text = data.toString()
      socket.send(text === 'ping' ? 'pong' : text)
      changed()
    })
  })

  class Tracked extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols)
      if (clients.some((ws) => ws.readyState < WebSocket.CLOSING)) overlaps.push(clients.length)
      clients.push(this)
      this.on('close', changed)
    }
  }

  const escape = (error: unknown) => void escaped.push(error)
  process.on('uncaughtException', escape)
  process.on('unhandledRejection', escape)
  running.push(async () => {
    process.off('uncaughtException', escape)
    process.off('unhandledRejection', escape)
    connections.forEach((c) => c.close())
    await server.close()
  })

  const logger: Logger = { debug() {}, warn() {}, error: (...args) => void logged.push(args) }
  const frames = () => server.received.filter((frame) => frame !== 'ping')
  const given = (c: Glock) => [
    ...Array.from({ length: c.getSnapshot().state.opens }, (_, n) => `open-${n}`),
    ...accepted,
  ]
  const gone = () =>
    when(() => tcp.size === 0 && live.size === 0 && clients.every((ws) => ws.readyState === WebSocket.CLOSED))

  const rig = {
    server,
    /** The server's URL; handshakes on `heldUrl` are never answered. */
    url: server.url,
    heldUrl: `${server.url}/held`,
    clients,
    overlaps,
    accepted,
    refused,
    logger,
    escaped,
    /** Frames the server received, in order, pings left out. */
    frames,
    /** The next `count` handshakes hang: the server reads the upgrade request and never answers it. */
    hold: (count: number) => void (holding += count),
    handshakes: (count: number) => when(() => handshakes >= count),
    arrived: (frame: string) => when(() => server.received.includes(frame)),
    /** How often `logger.error` was given `error`, as such or as the cause of what it was given. */
    logged: (error: unknown) =>
      logged.filter((args) => args.some((arg) => arg === error || (arg as Error | null)?.cause === error)).length,

    /** `connect` with the tracking ws constructor, the recording logger and a quick retry. */
    connect(handlers: Callbacks<Log, string> = {}, options: ConnectOptions = {}, url: UrlInput = server.url): Glock {
      const c = connect<Log, string>(
        url,
        { ...journal, ...handlers },
        { WebSocket: Tracked, logger, reconnect: quickRetry, ...options },
      )
      connections.push(c)
      return c
    },

    /** Pushes a frame named `m<n>` (or `message`), noting whether push() took it. */
    push(c: Glock, message = `m${++pushes}`): string {
      // Noted before the call: a push made inside this one comes after it.
      accepted.push(message)
      let taken = false
      try {
        taken = c.push(message)
      } finally {
        if (!taken) refused.push(...accepted.splice(accepted.indexOf(message), 1))
      }
      return message
    },

    /** (a) Closed for good: no client socket connecting or open, and nothing left on the server. */
    async closedForGood(c: Glock) {
      await until(c, (s) => s.status === 'closed')
      expect(clients.map((ws) => ws.readyState).filter((state) => state < WebSocket.CLOSING)).toEqual([])
      await gone()
      stale.push(...given(c).filter((frame) => !frames().includes(frame)))
    },

    /** A round trip on an open connection, then close(). */
    async finish(c: Glock) {
      await opened(c)
      await rig.arrived(rig.push(c))
      c.close()
      await rig.closedForGood(c)
    },

    /**
     * (b) every frame given arrived once or was counted in `discarded`, none that was discarded came
     * later, (c) pushed frames arrived in the order pushed, (d) nothing escaped; and one socket at a time.
     */
    expectClean(c: Glock) {
      const all = given(c)
      const arrived = frames()
      const pushed = arrived.filter((frame) => accepted.includes(frame))
      expect(arrived.filter((frame) => !all.includes(frame))).toEqual([])
      expect(new Set(arrived).size).toBe(arrived.length)
      expect(arrived.length + c.getSnapshot().discarded).toBe(all.length)
      expect(arrived.filter((frame) => stale.includes(frame))).toEqual([])
      expect(pushed).toEqual(accepted.filter((frame) => pushed.includes(frame)))
      expect(overlaps).toEqual([])
      expect(escaped).toEqual([])
    },
  }
  return rig
}
