#!/usr/bin/env node
// The react-glock demo WebSocket server: what `npm start` runs beside Storybook.
//
//   node demo/server.mjs                          → ws://127.0.0.1:8787
//   GLOCK_DEMO_PORT=9000 node demo/server.mjs     → ws://127.0.0.1:9000
//
// It listens on 127.0.0.1 only, on the fixed default port 8787 (DEFAULT_PORT in demo/protocol.mjs) unless the
// environment variable GLOCK_DEMO_PORT says otherwise. Storybook's "Backend: demo server" toolbar switch uses
// the same default; set STORYBOOK_GLOCK_URL (e.g. ws://127.0.0.1:9000) when you move the server.
//
// Like Glock's own test server it echoes text and binary frames and greets every client, on connect and every
// 5 s, with a JSON text frame {"type":"greeting",...}. The protocol (rooms /chat, /ticker and /tabs, the close command,
// rpc requests) is in demo/protocol.mjs, shared with the in-browser mock the stories use when no server runs.
//
// HTTP control endpoints on the same port, for the Reconnect playground (CORS open, so Storybook can call them):
//   POST /control/drop                drop every connection without a close frame (clients see 1006)
//   POST /control/refuse?seconds=N    answer upgrades with HTTP 403 for N seconds (default 5; 0 accepts again)
//   POST /control/restart?seconds=N   close everyone with 1012, refuse upgrades for N seconds (default 2)
//   GET  /control/status              {"clients","rooms","refusing","refusingFor"}
//
// Tests import startDemoServer({ port: 0 }) and read the chosen port from its result.

import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import { WebSocketServer } from 'ws'
import { createHub, DEFAULT_PORT } from './protocol.mjs'

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
}

function reply(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...CORS })
  response.end(JSON.stringify(body))
}

function seconds(url, fallback) {
  const raw = url.searchParams.get('seconds')
  if (raw === null || raw === '') return fallback
  const value = Number(raw)
  return Number.isFinite(value) && value >= 0 && value <= 3600 ? value : NaN
}

/** The port from GLOCK_DEMO_PORT, or the fixed default. */
export function portFromEnv(env = process.env) {
  const raw = env.GLOCK_DEMO_PORT
  if (raw === undefined || raw === '') return DEFAULT_PORT
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`GLOCK_DEMO_PORT must be a port number (0–65535); got ${JSON.stringify(raw)}`)
  }
  return port
}

/**
 * Starts the demo server. Port 0 lets the OS pick one (tests); the result tells which.
 * @param {{ port?: number, host?: string, greetingInterval?: number, tickInterval?: number, log?: (line: string) => void }} [options]
 * @returns {Promise<{ url: string, httpUrl: string, port: number, hub: ReturnType<typeof createHub>, close(): Promise<void> }>}
 */
export async function startDemoServer({
  port = DEFAULT_PORT,
  host = '127.0.0.1',
  greetingInterval,
  tickInterval,
  log = () => {},
} = {}) {
  const hub = createHub({ greetingInterval, tickInterval })
  const tcp = new Set()
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  wss.on('error', (error) => log(`websocket server error: ${error.message}`))

  const http = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS)
      return response.end()
    }
    const post = request.method === 'POST'
    if (url.pathname === '/control/status' && request.method === 'GET') return reply(response, 200, hub.status())
    if (url.pathname === '/control/drop' && post) {
      const dropped = hub.drop()
      log(`dropped ${dropped} connection(s)`)
      return reply(response, 200, { dropped })
    }
    if (url.pathname === '/control/refuse' && post) {
      const wait = seconds(url, 5)
      if (Number.isNaN(wait)) return reply(response, 400, { error: 'seconds must be a number from 0 to 3600' })
      hub.refuse(wait * 1000)
      log(wait > 0 ? `refusing upgrades for ${wait} s` : 'accepting upgrades again')
      return reply(response, 200, { refusingFor: wait * 1000 })
    }
    if (url.pathname === '/control/restart' && post) {
      const wait = seconds(url, 2)
      if (Number.isNaN(wait)) return reply(response, 400, { error: 'seconds must be a number from 0 to 3600' })
      const closed = hub.restart(wait * 1000)
      log(`restart: closed ${closed} connection(s) with 1012, refusing upgrades for ${wait} s`)
      return reply(response, 200, { closed, refusingFor: wait * 1000 })
    }
    if (url.pathname === '/' && request.method === 'GET') {
      return reply(response, 200, {
        name: 'react-glock demo server',
        websocket: { echo: '/', chat: '/chat', ticker: '/ticker', tabs: '/tabs' },
        control: [
          'POST /control/drop',
          'POST /control/refuse?seconds=N',
          'POST /control/restart?seconds=N',
          'GET /control/status',
        ],
      })
    }
    reply(response, 404, { error: `no route for ${request.method} ${url.pathname}` })
  })
  http.on('error', (error) => log(`http server error: ${error.message}`))
  http.on('clientError', (_error, socket) => socket.destroy())
  http.on('connection', (socket) => {
    tcp.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => tcp.delete(socket))
  })

  http.on('upgrade', (request, socket, head) => {
    socket.on('error', () => {})
    if (!hub.accepts()) {
      const body = 'The react-glock demo server is refusing connections for a moment.\n'
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      )
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
  })

  wss.on('connection', (ws, request) => {
    ws.on('error', (error) => log(`socket error: ${error.message}`))
    const session = hub.join({
      path: new URL(request.url ?? '/', 'http://localhost').pathname,
      send(data) {
        if (ws.readyState !== ws.OPEN) return
        ws.send(data, { binary: typeof data !== 'string' })
      },
      close(code, reason) {
        ws.close(code, reason)
      },
      terminate() {
        ws.terminate()
      },
    })
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return session.receive(data.toString())
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
      session.receive(bytes)
    })
    ws.on('close', () => session.leave())
  })

  await new Promise((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, host, () => {
      http.off('error', reject)
      resolve(undefined)
    })
  })
  const actual = http.address().port
  const origin = `${host.includes(':') ? `[${host}]` : host}:${actual}`
  return {
    url: `ws://${origin}`,
    httpUrl: `http://${origin}`,
    port: actual,
    hub,
    close() {
      hub.dispose()
      wss.clients.forEach((ws) => ws.terminate())
      tcp.forEach((socket) => socket.destroy())
      return new Promise((resolve) => {
        wss.close(() => http.close(() => resolve(undefined)))
      })
    },
  }
}

async function main() {
  let port
  try {
    port = portFromEnv()
  } catch (error) {
    console.error(`[demo] ${error.message}`)
    process.exit(2)
  }
  let server
  try {
    server = await startDemoServer({ port, log: (line) => console.log(`[demo] ${line}`) })
  } catch (error) {
    const hint =
      error.code === 'EADDRINUSE' ? ` (port ${port} is taken: stop the other process or set GLOCK_DEMO_PORT)` : ''
    console.error(`[demo] cannot listen on 127.0.0.1:${port}: ${error.message}${hint}`)
    process.exit(1)
  }
  console.log(
    `[demo] react-glock demo server on ${server.url}  (echo /, chat /chat, ticker /ticker, tabs /tabs; control ${server.httpUrl}/control/…)`,
  )
  let stopping = false
  const stop = (signal) => {
    if (stopping) return
    stopping = true
    console.log(`[demo] ${signal}: shutting down`)
    server.close().then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main()
