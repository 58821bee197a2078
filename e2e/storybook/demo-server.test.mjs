// The demo server on its own, spoken to by Node's `ws` client: the protocol the stories rely on,
// the control endpoints, and running it as `npm start` does (port from GLOCK_DEMO_PORT, SIGTERM).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { DEFAULT_PORT } from '../../demo/protocol.mjs'
import { portFromEnv, startDemoServer } from '../../demo/server.mjs'

const SERVER_SCRIPT = fileURLToPath(new URL('../../demo/server.mjs', import.meta.url))

/** A ws client that records what it receives; `next(predicate)` resolves with the first matching frame. */
function client(url) {
  const ws = new WebSocket(url)
  const frames = []
  let waiters = []
  ws.on('error', () => {})
  ws.on('message', (data, isBinary) => {
    const frame = isBinary ? { binary: Buffer.from(data) } : { text: data.toString(), json: parse(data.toString()) }
    frames.push(frame)
    waiters = waiters.filter((waiter) => (waiter.predicate(frame) ? (waiter.resolve(frame), false) : true))
  })
  const closed = new Promise((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  return {
    ws,
    frames,
    closed,
    opened: once(ws, 'open'),
    next(predicate) {
      const seen = frames.find(predicate)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve) => waiters.push({ predicate, resolve }))
    },
    /** Frames from now on only. */
    fresh(predicate) {
      return new Promise((resolve) => waiters.push({ predicate, resolve }))
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

const isType = (type) => (frame) => frame.json?.type === type

/** Resolves with the HTTP status that refused the upgrade, or 101 when it went through. */
function upgradeStatus(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    ws.on('error', () => {})
    ws.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode)
      response.resume()
      ws.terminate()
    })
    ws.on('open', () => {
      resolve(101)
      ws.close()
    })
  })
}

describe('demo server', () => {
  let server
  before(async () => {
    server = await startDemoServer({ port: 0, greetingInterval: 50, tickInterval: 20 })
  })
  after(() => server.close())

  test('listens on 127.0.0.1 on the port asked for (0: any)', () => {
    assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/)
    assert.notEqual(server.port, 0)
  })

  test('greets on connect and then periodically, with JSON', async () => {
    const c = client(`${server.url}/`)
    const first = await c.next(isType('greeting'))
    assert.equal(typeof first.json.n, 'number')
    const later = await c.fresh(isType('greeting'))
    assert.ok(later.json.n > first.json.n)
    c.ws.close()
  })

  test('echoes text and binary, answers ping with pong', async () => {
    const c = client(`${server.url}/echo`)
    await c.opened
    c.ws.send('hello socket!')
    assert.equal((await c.next((f) => f.text === 'hello socket!')).text, 'hello socket!')
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255])
    c.ws.send(bytes)
    assert.deepEqual((await c.next((f) => f.binary)).binary, bytes)
    c.ws.send('ping')
    await c.next((f) => f.text === 'pong')
    c.ws.close()
  })

  test('closes with the code and reason asked for, and refuses codes a server cannot send', async () => {
    const c = client(`${server.url}/close`)
    await c.opened
    c.ws.send(JSON.stringify({ type: 'close', code: 1005, reason: 'no' }))
    assert.match((await c.next(isType('error'))).json.message, /1005/)
    c.ws.send(JSON.stringify({ type: 'close', code: 4000, reason: 'demo over' }))
    assert.deepEqual(await c.closed, { code: 4000, reason: 'demo over' })
  })

  test('chat broadcasts to everyone in the room and counts them', async () => {
    const a = client(`${server.url}/chat`)
    const b = client(`${server.url}/chat`)
    await Promise.all([a.opened, b.opened])
    await a.next((f) => f.json?.type === 'presence' && f.json.clients === 2)
    a.ws.send(JSON.stringify({ type: 'chat', from: 'ada', text: 'hi grace' }))
    const [seenByA, seenByB] = await Promise.all([a.next(isType('chat')), b.next(isType('chat'))])
    assert.equal(seenByB.json.text, 'hi grace')
    assert.equal(seenByA.json.id, seenByB.json.id)
    const late = client(`${server.url}/chat`)
    const history = await late.next(isType('history'))
    assert.ok(history.json.messages.some((m) => m.text === 'hi grace'))
    b.ws.close()
    await a.fresh((f) => f.json?.type === 'presence' && f.json.clients === 2)
    a.ws.close()
    late.ws.close()
  })

  test('the ticker sends all prices on join, then one symbol per tick', async () => {
    const c = client(`${server.url}/ticker`)
    const prices = await c.next(isType('prices'))
    assert.ok(Object.keys(prices.json.prices).length >= 3)
    const tick = await c.next(isType('tick'))
    assert.ok(tick.json.symbol in prices.json.prices)
    assert.equal(typeof tick.json.price, 'number')
    c.ws.close()
  })

  test('POST /control/drop ends every connection with 1006', async () => {
    const c = client(`${server.url}/`)
    await c.opened
    const response = await fetch(`${server.httpUrl}/control/drop`, { method: 'POST' })
    assert.equal(response.headers.get('access-control-allow-origin'), '*')
    assert.ok((await response.json()).dropped >= 1)
    assert.equal((await c.closed).code, 1006)
  })

  test('POST /control/refuse answers upgrades with 403 until it ends', async () => {
    await fetch(`${server.httpUrl}/control/refuse?seconds=30`, { method: 'POST' })
    assert.equal(await upgradeStatus(`${server.url}/`), 403)
    assert.equal((await (await fetch(`${server.httpUrl}/control/status`)).json()).refusing, true)
    await fetch(`${server.httpUrl}/control/refuse?seconds=0`, { method: 'POST' })
    assert.equal(await upgradeStatus(`${server.url}/`), 101)
    assert.equal((await fetch(`${server.httpUrl}/control/refuse?seconds=-1`, { method: 'POST' })).status, 400)
  })

  test('POST /control/restart closes with 1012 and refuses for a while', async () => {
    const c = client(`${server.url}/`)
    await c.opened
    await fetch(`${server.httpUrl}/control/restart?seconds=30`, { method: 'POST' })
    assert.deepEqual(await c.closed, { code: 1012, reason: 'demo server restarting' })
    assert.equal(await upgradeStatus(`${server.url}/`), 403)
    await fetch(`${server.httpUrl}/control/refuse?seconds=0`, { method: 'POST' })
    assert.equal(await upgradeStatus(`${server.url}/`), 101)
  })
})

describe('demo server as a script', () => {
  test('GLOCK_DEMO_PORT picks the port; the default is fixed', () => {
    assert.equal(portFromEnv({}), DEFAULT_PORT)
    assert.equal(DEFAULT_PORT, 8787)
    assert.equal(portFromEnv({ GLOCK_DEMO_PORT: '9001' }), 9001)
    assert.throws(() => portFromEnv({ GLOCK_DEMO_PORT: 'eighty' }), /GLOCK_DEMO_PORT/)
  })

  test('`node demo/server.mjs` serves on the port from the environment and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [SERVER_SCRIPT], {
      env: { ...process.env, GLOCK_DEMO_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stderr.on('data', (chunk) => (output += chunk))
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk
        const match = /on (ws:\/\/127\.0\.0\.1:\d+)/.exec(output)
        if (match) resolve(match[1])
      })
      child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)))
    })
    const c = client(`${url}/`)
    await c.next(isType('greeting'))
    c.ws.close()
    const [code] = await Promise.all([
      once(child, 'exit').then(([exitCode]) => exitCode),
      Promise.resolve(child.kill('SIGTERM')),
    ])
    assert.equal(code, 0, output)
  })
})
