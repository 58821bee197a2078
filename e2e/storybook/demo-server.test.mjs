// The demo server on its own, spoken to by Node's `ws` client: the protocol the stories rely on, the control
// endpoints, every row of demo/README.md's tables, and running it as `npm start` does (port from
// GLOCK_DEMO_PORT, SIGTERM).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { after, before, beforeEach, describe, test } from 'node:test'
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
    // The first tick after the prices: its symbol moved from the quote the prices frame gave, by at most 1 %.
    assert.deepEqual(Object.keys(tick.json).sort(), ['at', 'change', 'price', 'symbol', 'type', 'updates'])
    const before = prices.json.prices[tick.json.symbol]
    const cents = (n) => Math.round(n * 100) / 100
    assert.equal(tick.json.price, cents(tick.json.price), 'to the cent')
    assert.ok(Math.abs(tick.json.price - before.price) <= before.price * 0.01 + 0.005)
    assert.equal(tick.json.change, cents(tick.json.price - before.price))
    assert.equal(tick.json.updates, before.updates + 1)
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

/** A JSON frame's keys, sorted: the shapes demo/README.md documents. */
const keysOf = (frame) => Object.keys(frame.json).sort()

// Row by row, what demo/README.md says the server sends and does. Its own server: greetings on connect only and
// no tick before the test is over, so the chat history, the prices and the counters start as documented.
describe('demo server, as demo/README.md documents it', () => {
  let server
  before(async () => {
    server = await startDemoServer({ port: 0, greetingInterval: 0, tickInterval: 60_000 })
  })
  after(() => server.close())

  const http = (path, method = 'POST') => fetch(`${server.httpUrl}${path}`, { method })

  // A client sees its socket closed before the server may have let go of it: each test starts once the server has.
  beforeEach(async () => {
    const deadline = Date.now() + 5_000
    while ((await (await http('/control/status', 'GET')).json()).clients > 0) {
      if (Date.now() > deadline) throw new Error('the server still counts sockets from the last test')
    }
  })

  test('the greeting, the first frame on every room', async () => {
    for (const path of ['/', '/chat', '/ticker', '/tabs']) {
      const c = client(`${server.url}${path}`)
      const first = await c.next(() => true)
      assert.equal(c.frames[0], first)
      assert.deepEqual(keysOf(first), ['at', 'n', 'text', 'type'])
      assert.equal(first.json.type, 'greeting')
      assert.equal(first.json.text, 'hello from the react-glock demo server')
      assert.ok(Number.isInteger(first.json.n) && Math.abs(first.json.at - Date.now()) < 60_000)
      c.ws.close()
    }
  })

  test('the room is the last segment of the path', async () => {
    const paths = ['/x/chat', '/ticker/', '/chatroom', '/echo', '/a/tabs/']
    const sockets = paths.map((path) => client(`${server.url}${path}`))
    await Promise.all(sockets.map((c) => c.opened))
    await sockets[0].next(isType('presence'))
    await sockets[1].next(isType('prices'))
    await sockets[4].next(isType('presence'))
    assert.deepEqual((await (await http('/control/status', 'GET')).json()).rooms, {
      echo: 2,
      chat: 1,
      ticker: 1,
      tabs: 1,
    })
    sockets.forEach((c) => c.ws.close())
    await Promise.all(sockets.map((c) => c.closed))
  })

  test('chat: history, presence and messages have the documented shapes; from and text are defaulted and cut', async () => {
    const a = client(`${server.url}/chat`)
    const empty = await a.next(isType('history'))
    assert.deepEqual(empty.json, { type: 'history', messages: [] })
    assert.deepEqual((await a.next(isType('presence'))).json, { type: 'presence', clients: 1 })
    for (let i = 1; i <= 21; i++) a.ws.send(JSON.stringify({ type: 'chat', from: 'ada', text: `message ${i}` }))
    const last = await a.next((f) => f.json?.text === 'message 21')
    assert.deepEqual(keysOf(last), ['at', 'from', 'id', 'text', 'type'])
    assert.equal(last.json.id, 21)
    assert.ok(
      !a.frames.some((f) => f.text.includes('"type":"chat"') && !('id' in (f.json ?? {}))),
      'not echoed as sent',
    )
    const b = client(`${server.url}/chat`)
    const history = await b.next(isType('history'))
    assert.deepEqual(
      history.json.messages.map((m) => m.id),
      Array.from({ length: 20 }, (_, i) => i + 2),
      'the last 20, oldest first',
    )
    await a.next((f) => f.json?.type === 'presence' && f.json.clients === 2)
    b.ws.send(JSON.stringify({ type: 'chat', from: null }))
    const defaulted = await a.next((f) => f.json?.type === 'chat' && f.json.id === 22)
    assert.equal(defaulted.json.from, 'anonymous')
    assert.equal(defaulted.json.text, '')
    b.ws.send(JSON.stringify({ type: 'chat', from: 7, text: 'x'.repeat(600) }))
    const cut = await b.next((f) => f.json?.type === 'chat' && f.json.id === 23)
    assert.equal(cut.json.from, '7')
    assert.equal(cut.json.text.length, 500)
    b.ws.send(JSON.stringify({ type: 'chat', from: 'y'.repeat(50), text: 'long name' }))
    assert.equal((await b.next((f) => f.json?.text === 'long name')).json.from, 'y'.repeat(40))
    a.ws.close()
    b.ws.close()
  })

  test('a chat message outside the chat room is echoed', async () => {
    for (const path of ['/ticker', '/tabs']) {
      const c = client(`${server.url}${path}`)
      await c.opened
      const text = JSON.stringify({ type: 'chat', from: 'ada', text: 'hi' })
      c.ws.send(text)
      assert.equal((await c.next((f) => f.text === text)).text, text)
      c.ws.close()
    }
  })

  test('tabs: the greeting, then presence to everyone in the room on every join and leave; text is echoed to its sender', async () => {
    const presence = (clients) => (f) => f.json?.type === 'presence' && f.json.clients === clients
    const a = client(`${server.url}/tabs`)
    assert.deepEqual((await a.next(isType('presence'))).json, { type: 'presence', clients: 1 })
    assert.deepEqual(
      a.frames.map((f) => f.json?.type),
      ['greeting', 'presence'],
      'the greeting first, then how many are in the room; no history',
    )
    const b = client(`${server.url}/x/tabs/`)
    await Promise.all([a.fresh(presence(2)), b.next(presence(2))])
    assert.equal((await (await http('/control/status', 'GET')).json()).rooms.tabs, 2, 'what GET /control/status counts')
    const add = JSON.stringify({ type: 'add', by: 1, from: 'tab one' })
    a.ws.send(add)
    assert.equal((await a.next((f) => f.text === add)).text, add, 'echoed to its sender')
    // The server handled the add before b's ping: had it sent b anything, that would come before the pong.
    b.ws.send('ping')
    await b.fresh((f) => f.text === 'pong')
    assert.equal(b.frames.filter((f) => f.text === add).length, 0, 'and to nobody else')
    const c = client(`${server.url}/tabs`)
    await Promise.all([a.fresh(presence(3)), b.fresh(presence(3)), c.next(presence(3))])
    c.ws.close()
    await Promise.all([a.fresh(presence(2)), b.fresh(presence(2))])
    b.ws.close()
    await a.fresh(presence(1))
    a.ws.close()
    await Promise.all([a.closed, b.closed, c.closed])
  })

  test('the ticker: every symbol at its starting quote on join', async () => {
    const c = client(`${server.url}/ticker`)
    const prices = await c.next(isType('prices'))
    assert.deepEqual(keysOf(prices), ['at', 'prices', 'type'])
    const start = { GLCK: 120, GUN: 42, BEAM: 310, ELIX: 77, OTP: 19.5, NERV: 233 }
    assert.deepEqual(
      prices.json.prices,
      Object.fromEntries(Object.entries(start).map(([symbol, price]) => [symbol, { price, change: 0, updates: 0 }])),
    )
    c.ws.close()
  })

  test('close: code and reason default to 1000 and "", null too', async () => {
    for (const command of [{ type: 'close' }, { type: 'close', code: null, reason: null }]) {
      const c = client(`${server.url}/chat`)
      await c.opened
      c.ws.send(JSON.stringify(command))
      assert.deepEqual(await c.closed, { code: 1000, reason: '' })
    }
  })

  test('close: each refusal is an error frame, and the socket stays open', async () => {
    const c = client(`${server.url}/`)
    await c.opened
    const refusals = [
      [{ code: '4000' }, 'close refused: code must be a whole number; got "4000"'],
      [
        { code: 1005 },
        'close refused: code 1005 cannot be sent in a close frame (use 1000–1003, 1007–1014 or 3000–4999)',
      ],
      [{ code: 4000, reason: 5 }, 'close refused: reason must be a string'],
      [{ code: 4000, reason: 'é'.repeat(62) }, 'close refused: reason must be at most 123 UTF-8 bytes'],
    ]
    for (const [command, message] of refusals) {
      c.ws.send(JSON.stringify({ type: 'close', ...command }))
      assert.deepEqual((await c.fresh(isType('error'))).json, { type: 'error', message })
    }
    c.ws.send('ping')
    await c.fresh((f) => f.text === 'pong')
    c.ws.send(JSON.stringify({ type: 'close', code: 3000, reason: 'é'.repeat(61) }))
    assert.deepEqual(await c.closed, { code: 3000, reason: 'é'.repeat(61) })
  })

  const rpc = (c, message) => c.ws.send(JSON.stringify({ type: 'rpc', ...message }))
  const replyTo = (id) => (f) => f.json?.type === 'rpc-reply' && f.json.id === id

  test('rpc add: the sum as result, in every room; anything but an array of numbers is invalid_params', async () => {
    for (const path of ['/', '/chat', '/ticker', '/tabs']) {
      const c = client(`${server.url}${path}`)
      await c.opened
      rpc(c, { id: 1, method: 'add', params: [20, 22] })
      assert.deepEqual((await c.next(replyTo(1))).json, { type: 'rpc-reply', id: 1, result: 42 })
      rpc(c, { id: 2, method: 'add', params: [] })
      assert.deepEqual((await c.next(replyTo(2))).json, { type: 'rpc-reply', id: 2, result: 0 })
      c.ws.close()
    }
    const c = client(`${server.url}/`)
    await c.opened
    let id = 10
    for (const params of [undefined, null, 5, [1, '2'], [1, null], { a: 1 }]) {
      rpc(c, { id: ++id, method: 'add', params })
      assert.deepEqual((await c.next(replyTo(id))).json, {
        type: 'rpc-reply',
        id,
        error: { code: 'invalid_params', message: 'add takes an array of numbers' },
      })
    }
    c.ws.close()
  })

  test('rpc slow: the value after the delay (default 1000 ms); other delays are invalid_params; none once the socket is gone', async () => {
    const c = client(`${server.url}/`)
    await c.opened
    let started = Date.now()
    rpc(c, { id: 1, method: 'slow', params: { delay: 300, value: 'late' } })
    rpc(c, { id: 2, method: 'add', params: [1, 2] })
    const first = await c.fresh((f) => f.json?.type === 'rpc-reply')
    assert.equal(first.json.id, 2, 'others are answered meanwhile')
    assert.deepEqual((await c.next(replyTo(1))).json, { type: 'rpc-reply', id: 1, result: 'late' })
    assert.ok(Date.now() - started >= 290, 'after the delay')
    started = Date.now()
    rpc(c, { id: 3, method: 'slow' })
    assert.deepEqual((await c.next(replyTo(3))).json, { type: 'rpc-reply', id: 3, result: null })
    assert.ok(Date.now() - started >= 990, 'the default delay is 1000 ms')
    let id = 10
    for (const delay of [-1, 60_001, '100', true]) {
      rpc(c, { id: ++id, method: 'slow', params: { delay } })
      assert.deepEqual((await c.next(replyTo(id))).json, {
        type: 'rpc-reply',
        id,
        error: { code: 'invalid_params', message: 'slow takes a delay from 0 to 60000 ms' },
      })
    }
    rpc(c, { id: 20, method: 'slow', params: { delay: 200 } })
    c.ws.close()
    await c.closed
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal(c.frames.filter(replyTo(20)).length, 0)
  })

  test('rpc never: no reply at all; the socket carries on', async () => {
    const c = client(`${server.url}/`)
    await c.opened
    rpc(c, { id: 1, method: 'never', params: [1] })
    c.ws.send('ping')
    await c.fresh((f) => f.text === 'pong')
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal(c.frames.filter((f) => f.json?.type === 'rpc-reply' || f.json?.type === 'rpc').length, 0)
    c.ws.close()
  })

  test('rpc with any other method: unknown_method; a missing id is answered with null', async () => {
    const c = client(`${server.url}/`)
    await c.opened
    rpc(c, { id: 7, method: 'divide', params: [1, 0] })
    assert.deepEqual((await c.next(replyTo(7))).json, {
      type: 'rpc-reply',
      id: 7,
      error: { code: 'unknown_method', message: 'no method "divide"' },
    })
    rpc(c, {})
    assert.deepEqual((await c.next(replyTo(null))).json, {
      type: 'rpc-reply',
      id: null,
      error: { code: 'unknown_method', message: 'no method null' },
    })
    c.ws.close()
  })

  test('other text is echoed unchanged; binary is echoed, never read as a command', async () => {
    const c = client(`${server.url}/`)
    await c.opened
    for (const text of ['null', '[1,2]', '{"type":"other"}', '{not json', '"ping"', 'PING']) {
      c.ws.send(text)
      assert.equal((await c.fresh(() => true)).text, text)
    }
    const command = Buffer.from(JSON.stringify({ type: 'close', code: 4000 }))
    c.ws.send(command)
    assert.deepEqual((await c.fresh(() => true)).binary, command)
    c.ws.close()
  })

  test('a frame over 1 MiB closes the socket with 1009; 1 MiB is echoed', async () => {
    const c = client(`${server.url}/`)
    await c.opened
    c.ws.send(Buffer.alloc(1024 * 1024, 1))
    assert.equal((await c.next((f) => f.binary)).binary.length, 1024 * 1024)
    c.ws.send(Buffer.alloc(1024 * 1024 + 1, 1))
    assert.equal((await c.closed).code, 1009)
  })

  test('GET / and GET /control/status answer as documented, with CORS and no caching', async () => {
    const index = await http('/', 'GET')
    assert.equal(index.status, 200)
    assert.equal(index.headers.get('content-type'), 'application/json')
    assert.equal(index.headers.get('cache-control'), 'no-store')
    assert.equal(index.headers.get('access-control-allow-origin'), '*')
    assert.equal(index.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS')
    assert.equal(index.headers.get('access-control-allow-headers'), 'content-type')
    assert.deepEqual(await index.json(), {
      name: 'react-glock demo server',
      websocket: { echo: '/', chat: '/chat', ticker: '/ticker', tabs: '/tabs' },
      control: [
        'POST /control/drop',
        'POST /control/refuse?seconds=N',
        'POST /control/restart?seconds=N',
        'GET /control/status',
      ],
    })
    const c = client(`${server.url}/chat`)
    await c.next(isType('presence'))
    assert.deepEqual(await (await http('/control/status', 'GET')).json(), {
      clients: 1,
      rooms: { echo: 0, chat: 1, ticker: 0, tabs: 0 },
      refusing: false,
      refusingFor: 0,
    })
    c.ws.close()
    await c.closed
  })

  test('refuse and restart: their defaults, fractions, and 400 outside 0–3600', async () => {
    assert.deepEqual(await (await http('/control/refuse')).json(), { refusingFor: 5000 })
    const status = await (await http('/control/status', 'GET')).json()
    assert.equal(status.refusing, true)
    assert.ok(status.refusingFor > 0 && status.refusingFor <= 5000)
    assert.deepEqual(await (await http('/control/refuse?seconds=0')).json(), { refusingFor: 0 })
    assert.deepEqual(await (await http('/control/refuse?seconds=0.5')).json(), { refusingFor: 500 })
    assert.deepEqual(await (await http('/control/refuse?seconds=')).json(), { refusingFor: 5000 })
    const c = client(`${server.url}/`)
    await http('/control/refuse?seconds=0')
    await c.opened
    assert.deepEqual(await (await http('/control/restart')).json(), { closed: 1, refusingFor: 2000 })
    assert.deepEqual(await c.closed, { code: 1012, reason: 'demo server restarting' })
    for (const bad of ['-1', '3601', 'soon']) {
      for (const action of ['refuse', 'restart']) {
        const response = await http(`/control/${action}?seconds=${bad}`)
        assert.equal(response.status, 400)
        assert.deepEqual(await response.json(), { error: 'seconds must be a number from 0 to 3600' })
      }
    }
    await http('/control/refuse?seconds=0')
    assert.equal(await upgradeStatus(`${server.url}/`), 101)
  })

  test('OPTIONS is a 204 preflight; any other route is a 404 that names it', async () => {
    const preflight = await http('/control/drop', 'OPTIONS')
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*')
    assert.equal(await preflight.text(), '')
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/control/status'],
      ['GET', '/control/drop'],
      ['GET', '/control/status/'],
    ]) {
      const response = await http(path, method)
      assert.equal(response.status, 404)
      assert.deepEqual(await response.json(), { error: `no route for ${method} ${path}` })
    }
  })

  test('a refused upgrade is a 403 with a text body and Connection: close', async () => {
    await http('/control/refuse?seconds=30')
    try {
      const answer = await new Promise((resolve) => {
        const ws = new WebSocket(`${server.url}/`)
        ws.on('error', () => {})
        ws.on('unexpected-response', (_request, response) => {
          let body = ''
          response.on('data', (chunk) => (body += chunk))
          response.on('end', () =>
            resolve({ status: response.statusCode, connection: response.headers.connection, body }),
          )
        })
      })
      assert.deepEqual(answer, {
        status: 403,
        connection: 'close',
        body: 'The react-glock demo server is refusing connections for a moment.\n',
      })
    } finally {
      await http('/control/refuse?seconds=0')
    }
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
