// The two halves of a benchmark's WebSocket server in a worker thread (so that sending costs the measured thread
// nothing): `startWorkerServer` in the main thread, `serveFromWorker` in the worker. Shared by bench/server.mjs
// (with bench/run.mjs) and bench/tabs-server.mjs (with bench/tabs.mjs).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { Worker } from 'node:worker_threads'
import { WebSocketServer } from 'ws'

/**
 * Starts `script` in a worker with `pages` (path → { file, type }) and waits for it to listen; `control(command)`
 * sends it a command and resolves with its reply, `stop()` ends it.
 */
export async function startWorkerServer(script, pages) {
  const worker = new Worker(script, { workerData: { pages } })
  const replies = new Map()
  let next = 0
  const port = await new Promise((resolve, reject) => {
    worker.once('error', reject)
    worker.on('message', (message) => {
      if (message.ready) return resolve(message.port)
      replies.get(message.id)(message)
      replies.delete(message.id)
    })
  })
  const control = (command) =>
    new Promise((resolve, reject) => {
      const id = ++next
      replies.set(id, (reply) => (reply.error ? reject(new Error(reply.error)) : resolve(reply)))
      worker.postMessage({ ...command, id })
    })
  const stop = () =>
    new Promise((resolve) => {
      worker.once('exit', resolve)
      worker.postMessage({ cmd: 'stop' })
    })
  return { port, control, stop }
}

/**
 * In the worker: an HTTP server on 127.0.0.1, port 0, serving `pages`, with a WebSocket server on the same port.
 * Call `listen(run)` once the connection handlers are on `wss`: `run(command)` answers each command but `stop`.
 */
export function serveFromWorker(parentPort, pages) {
  const http = createServer((request, response) => {
    const page = pages[request.url.split('?')[0]]
    if (!page) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' })
    response.end(readFileSync(page.file))
  })
  const tcp = new Set()
  http.on('connection', (socket) => {
    tcp.add(socket)
    socket.on('close', () => tcp.delete(socket))
  })
  // No compression: browsers would negotiate it and jsdom would not, which would make the environments differ.
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false })
  function listen(run) {
    parentPort.on('message', (command) => {
      if (command.cmd === 'stop') {
        for (const socket of tcp) socket.destroy()
        wss.close()
        http.close(() => parentPort.close())
        return
      }
      run(command).then(
        (result) => parentPort.postMessage({ id: command.id, ...result }),
        (error) => parentPort.postMessage({ id: command.id, error: String(error) }),
      )
    })
    http.listen(0, '127.0.0.1', () => parentPort.postMessage({ ready: true, port: http.address().port }))
  }
  return { wss, listen }
}
