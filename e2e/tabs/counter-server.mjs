// The WebSocket server the tabs talk to: a real `ws` server on 127.0.0.1, port 0, that keeps every socket it
// accepted (open or closed, with the path it came on) and every frame it received, so a test can say "exactly one
// socket" and "this frame arrived exactly once". The protocol is a counter:
//   client → {"op":"inc","id":"…","count":n}  server → {"type":"count","id":"…","count":n} to every socket on the path
//   client → {"op":"fence","id":"…"}          server → {"type":"fenced","id":"…"} to the sender
//   the test → broadcast(path, text)          server → {"type":"news","text":"…"} to every socket on the path
// The count is the client's: the server only confirms it, so a leader that started again from `init` would show.
import { once } from 'node:events'
import { createServer } from 'node:http'
import { performance } from 'node:perf_hooks'
import { WebSocketServer } from 'ws'

/** Starts the server; resolves with its URL, what it saw, and the helpers the tests wait on. */
export async function startCounterServer() {
  const http = createServer((_request, response) => response.writeHead(404).end())
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false })
  /** Every socket ever accepted: `{ id, path, socket, openedAt, closedAt }`, times from `performance.now()`. */
  const sockets = []
  /** Every frame received: `{ socket: id, path, data, message, at }`. */
  const frames = []
  let waiters = []
  /** The timeouts of unfinished `waitFor`s, cleared by `close()` so none outlives the server. */
  const timers = new Set()
  const changed = () => {
    waiters = waiters.filter((waiter) => !waiter())
  }

  wss.on('connection', (socket, request) => {
    const entry = { id: sockets.length + 1, path: request.url ?? '/', socket, openedAt: performance.now() }
    entry.closedAt = null
    sockets.push(entry)
    socket.on('error', () => {})
    socket.on('close', () => {
      entry.closedAt = performance.now()
      changed()
    })
    socket.on('message', (raw, isBinary) => {
      const data = isBinary ? Buffer.from(raw) : raw.toString()
      const message = isBinary ? null : parse(data)
      frames.push({ socket: entry.id, path: entry.path, data, message, at: performance.now() })
      if (message?.op === 'inc') {
        const reply = JSON.stringify({ type: 'count', id: message.id, count: message.count })
        for (const peer of openOn(entry.path)) peer.socket.send(reply)
      } else if (message?.op === 'fence') {
        socket.send(JSON.stringify({ type: 'fenced', id: message.id }))
      }
      changed()
    })
    changed()
  })

  const openOn = (path) =>
    sockets.filter((entry) => entry.closedAt === null && (path === undefined || entry.path === path))

  http.listen(0, '127.0.0.1')
  await once(http, 'listening')
  const url = `ws://127.0.0.1:${http.address().port}`

  return {
    url,
    sockets,
    frames,
    /** Sockets open now, on `path` or on any path. */
    open: openOn,
    /** Frames received whose JSON has this `id`. */
    framesWithId: (id) => frames.filter((frame) => frame.message?.id === id),
    /** Sends `{type:'news', text}` to every open socket on `path`; returns how many it went to. */
    broadcast(path, text) {
      const targets = openOn(path)
      for (const entry of targets) entry.socket.send(JSON.stringify({ type: 'news', text }))
      return targets.length
    },
    /**
     * Resolves with `read()`'s value once `check` accepts it, re-reading whenever a socket opens or closes or a
     * frame arrives; rejects after `timeout` ms with `what` and the last value.
     */
    waitFor(what, read, check = Boolean, { timeout = 5_000 } = {}) {
      return new Promise((resolve, reject) => {
        let timer
        const attempt = () => {
          const value = read()
          if (!check(value)) return false
          clearTimeout(timer)
          timers.delete(timer)
          resolve(value)
          return true
        }
        if (attempt()) return
        const waiter = attempt
        timer = setTimeout(() => {
          timers.delete(timer)
          waiters = waiters.filter((other) => other !== waiter)
          reject(new Error(`Timed out after ${timeout} ms waiting for ${what}; last value: ${describe(read())}`))
        }, timeout)
        timers.add(timer)
        waiters.push(waiter)
      })
    },
    async close() {
      for (const entry of sockets) if (entry.closedAt === null) entry.socket.terminate()
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      waiters = []
      await new Promise((resolve) => wss.close(() => resolve(undefined)))
      http.closeAllConnections()
      await new Promise((resolve) => http.close(() => resolve(undefined)))
    },
  }
}

function parse(text) {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function describe(value) {
  try {
    return JSON.stringify(value, (key, inner) => (key === 'socket' ? undefined : inner))
  } catch {
    return String(value)
  }
}
