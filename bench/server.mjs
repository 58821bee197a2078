// The one WebSocket server every benchmark talks to, in a worker thread of its own so that sending
// costs the measured thread nothing. It listens on 127.0.0.1, port 0, serves the Chromium page over
// the same port, and takes commands from the main thread (jsdom, Node) or from a page's socket at
// /control (Chromium): each command sends frames to every client connected on one path.
import { parentPort, workerData } from 'node:worker_threads'
import { serveFromWorker } from './worker-server.mjs'

/** path → the sockets connected on it. */
const clients = new Map()
/** Callbacks waiting for a path to have clients, or to have none left. */
let waiters = []

const { wss, listen } = serveFromWorker(parentPort, workerData.pages)

function recheck() {
  waiters = waiters.filter((waiter) => !waiter())
}

wss.on('connection', (socket, request) => {
  const path = request.url
  socket.on('error', () => {})
  if (path === '/control') {
    socket.on('message', (data) => {
      const command = JSON.parse(String(data))
      run(command).then(
        (result) => socket.send(JSON.stringify({ id: command.id, ...result })),
        (error) => socket.send(JSON.stringify({ id: command.id, error: String(error) })),
      )
    })
    return
  }
  if (!clients.has(path)) clients.set(path, new Set())
  clients.get(path).add(socket)
  socket.on('close', () => {
    const set = clients.get(path)
    set.delete(socket)
    if (set.size === 0) clients.delete(path)
    recheck()
  })
  recheck()
})

/** Resolves once `path` has at least `count` clients (count 0: once it has none). */
function clientsOn(path, count) {
  return new Promise((resolve) => {
    const check = () => {
      const size = clients.get(path)?.size ?? 0
      if (count === 0 ? size === 0 : size >= count) {
        resolve([...(clients.get(path) ?? [])])
        return true
      }
      return false
    }
    if (!check()) waiters.push(check)
  })
}

function countUnder(prefix) {
  let count = 0
  for (const [path, set] of clients) if (path.startsWith(prefix)) count += set.size
  return count
}

/** Resolves once no client is connected on any path starting with `prefix`, or after `timeout` ms with how many are left. */
function noClientsUnder(prefix, timeout) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiters = waiters.filter((waiter) => waiter !== check)
      resolve({ left: countUnder(prefix) })
    }, timeout)
    const check = () => {
      if (countUnder(prefix) > 0) return false
      clearTimeout(timer)
      resolve({ left: 0 })
      return true
    }
    if (!check()) waiters.push(check)
  })
}

/**
 * Server-to-client text frames (unmasked, FIN set) for many messages, built once: writing them to the
 * TCP socket in one call is the fastest a server can send, so the client alone sets the pace.
 */
function encodeFrames(messages) {
  const parts = []
  for (const message of messages) {
    const payload = Buffer.from(message)
    const length = payload.length
    const header =
      length < 126
        ? Buffer.from([0x81, length])
        : length < 65536
          ? Buffer.from([0x81, 126, length >> 8, length & 255])
          : null
    if (!header) throw new Error('message too long for the bench encoder')
    parts.push(header, payload)
  }
  return Buffer.concat(parts)
}

function write(sockets, frames) {
  // ws has no public API to write pre-built frames; its TCP socket is the documented-in-source `_socket`.
  for (const socket of sockets) socket._socket.write(frames)
}

const tick = (seq) => JSON.stringify({ seq, type: 'tick', price: 100 + (seq % 17) })
const range = (from, to, make) => Array.from({ length: to - from }, (_, i) => make(from + i))

/** count → the frames of a burst of that many ticks. */
const bursts = new Map()

async function run(command) {
  switch (command.cmd) {
    case 'prepare':
      // Encodes a burst ahead of time, so that no run's time includes it.
      if (!bursts.has(command.count)) bursts.set(command.count, encodeFrames(range(0, command.count, tick)))
      return {}
    case 'burst': {
      // `count` messages at once, seq 0…count-1 (encoded by 'prepare', before the clock started).
      const sockets = await clientsOn(command.path, command.clients ?? 1)
      if (!bursts.has(command.count)) bursts.set(command.count, encodeFrames(range(0, command.count, tick)))
      write(sockets, bursts.get(command.count))
      return { sent: command.count }
    }
    case 'keys': {
      const sockets = await clientsOn(command.path, command.clients ?? 1)
      const messages = command.updates.map((update) => JSON.stringify(update))
      write(sockets, encodeFrames(messages))
      return { sent: messages.length }
    }
    case 'stream': {
      // `rate` messages per second for `duration` ms, sent as they fall due (the timer fires every ms or so).
      const sockets = await clientsOn(command.path, command.clients ?? 1)
      const total = Math.round((command.rate * command.duration) / 1000)
      const start = performance.now()
      let sent = 0
      await new Promise((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(total, Math.floor(((performance.now() - start) * command.rate) / 1000) + 1)
          if (due > sent) {
            write(sockets, encodeFrames(range(sent, due, tick)))
            sent = due
          }
          if (sent >= total) {
            clearInterval(timer)
            resolve()
          }
        }, 1)
      })
      return { sent, took: performance.now() - start }
    }
    case 'drained':
      // Every client under the prefix has gone (the sockets of unmounted components closed).
      return noClientsUnder(command.prefix, command.timeout ?? 10_000)
    default:
      throw new Error(`unknown command ${command.cmd}`)
  }
}

listen(run)
