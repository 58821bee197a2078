// The server of the across-tabs benchmark (bench/tabs.mjs), in a worker thread of its own so that sending costs
// the measured processes nothing. It listens on 127.0.0.1, port 0, serves the page over the same port, counts the
// sockets of every path (connected now, at most at once, opened in all), and takes commands from the main thread:
// stream ticks at a rate to every socket of a path, wait for a path to have sockets or none.
import { parentPort, workerData } from 'node:worker_threads'
import { serveFromWorker } from './worker-server.mjs'

/** path → { sockets: the connected ones, peak: most at once, opened: how many ever connected }. */
const paths = new Map()
/** Checks waiting for a path's sockets to change; each returns true once done. */
let waiters = []

const { wss, listen } = serveFromWorker(parentPort, workerData.pages)

const recheck = () => (waiters = waiters.filter((waiter) => !waiter()))

function statsOf(path) {
  if (!paths.has(path)) paths.set(path, { sockets: new Set(), peak: 0, opened: 0 })
  return paths.get(path)
}

wss.on('connection', (socket, request) => {
  const stats = statsOf(request.url)
  socket.on('error', () => {})
  stats.sockets.add(socket)
  stats.opened++
  stats.peak = Math.max(stats.peak, stats.sockets.size)
  socket.on('close', () => {
    stats.sockets.delete(socket)
    recheck()
  })
  recheck()
})

/** Resolves once `check()` holds, or after `timeout` ms with `{ timedOut: true }`; `check` returns a result or undefined. */
function until(check, timeout) {
  return new Promise((resolve) => {
    const first = check()
    if (first) return resolve(first)
    const timer = setTimeout(() => {
      waiters = waiters.filter((waiter) => waiter !== recheckOne)
      resolve({ timedOut: true })
    }, timeout)
    const recheckOne = () => {
      const result = check()
      if (!result) return false
      clearTimeout(timer)
      resolve(result)
      return true
    }
    waiters.push(recheckOne)
  })
}

/** Server-to-client text frames (unmasked, FIN set), written to the TCP socket in one call. */
function encodeFrames(messages) {
  const parts = []
  for (const message of messages) {
    const payload = Buffer.from(message)
    if (payload.length >= 126) throw new Error('message too long for the bench encoder')
    parts.push(Buffer.from([0x81, payload.length]), payload)
  }
  return Buffer.concat(parts)
}

// ws has no public API to write pre-built frames; its TCP socket is the documented-in-source `_socket`.
const write = (sockets, frames) => sockets.forEach((socket) => socket._socket.write(frames))

/** Ticks `from` … `to - 1`, stamped with when they are sent (milliseconds since the epoch, the tabs' clock too). */
function ticks(from, to) {
  const sent = Math.round((performance.timeOrigin + performance.now()) * 100) / 100
  return Array.from({ length: to - from }, (_, i) => JSON.stringify({ seq: from + i, type: 'tick', sent }))
}

async function run(command) {
  switch (command.cmd) {
    case 'sockets': {
      // Waits for `count` sockets on the path, then says how many it has had.
      const stats = statsOf(command.path)
      const enough = () => stats.sockets.size >= (command.count ?? 1)
      const result = await until(() => (enough() ? { ok: true } : undefined), command.timeout ?? 10_000)
      return { ...result, connected: stats.sockets.size, peak: stats.peak, opened: stats.opened }
    }
    case 'stats': {
      const stats = statsOf(command.path)
      return { connected: stats.sockets.size, peak: stats.peak, opened: stats.opened }
    }
    case 'stream': {
      // Ticks seq `from`, `from + 1`, … at `rate` per second for `duration` ms (0: all at once) to every socket
      // the path has when each falls due: a socket that goes mid-stream misses the rest, one that comes gets them.
      const { sockets } = statsOf(command.path)
      const from = command.from ?? 0
      const total = Math.round((command.rate * command.duration) / 1000) || command.count
      if (!command.duration) {
        write(sockets, encodeFrames(ticks(from, from + total)))
        return { sent: total, took: 0, to: sockets.size }
      }
      const start = performance.now()
      let sent = 0
      await new Promise((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(total, Math.floor(((performance.now() - start) * command.rate) / 1000) + 1)
          if (due > sent) {
            write(sockets, encodeFrames(ticks(from + sent, from + due)))
            sent = due
          }
          if (sent >= total) {
            clearInterval(timer)
            resolve()
          }
        }, 1)
      })
      return { sent, took: performance.now() - start, to: sockets.size }
    }
    case 'drained': {
      // No socket left on any path starting with `prefix`, or how many are left after `timeout` ms.
      const left = () => {
        let count = 0
        for (const [path, stats] of paths) if (path.startsWith(command.prefix)) count += stats.sockets.size
        return count
      }
      const result = await until(() => (left() === 0 ? { left: 0 } : undefined), command.timeout ?? 10_000)
      return result.timedOut ? { left: left() } : result
    }
    default:
      throw new Error(`unknown command ${command.cmd}`)
  }
}

listen(run)
