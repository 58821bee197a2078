// The demo protocol, free of any transport: demo/server.mjs runs it over `ws` in Node, and the stories run
// the very same code in the browser over mock-socket (stories/backend/mockBackend.ts), so a static Storybook
// behaves like `npm start`. A transport hands each connection in as a "peer" and feeds it what arrives.
//
// Rooms, chosen by the URL path:
//   /chat    — a JSON text frame {"type":"chat","from","text"} is broadcast to everyone in the room;
//              joining sends {"type":"history"}, and every join or leave sends {"type":"presence","clients"}.
//   /ticker  — {"type":"prices"} on join, then a {"type":"tick","symbol","price","change","updates"} every
//              `tickInterval` ms for one symbol at a time.
//   /tabs    — echo, and every join or leave sends {"type":"presence","clients"} to the room, so a page sees how
//              many sockets the server holds there (the Across tabs story: one for every tab of a browser).
//   any other path — echo.
// Everywhere:
//   - a greeting {"type":"greeting","text","n","at"} on connect and every `greetingInterval` ms;
//   - the text "ping" is answered with "pong" (react-glock's default heartbeat);
//   - {"type":"close","code","reason"} makes the server close that socket with this code and reason;
//   - {"type":"rpc","id","method","params"} is a request: answered with {"type":"rpc-reply","id","result"} or
//     {"type":"rpc-reply","id","error":{"code","message"}}. Methods: "add" (params: numbers; their sum),
//     "slow" (params {"delay","value"}: value after delay ms), "never" (no answer at all);
//   - every other text frame, and every binary frame, is echoed back as it came.

/** The demo server's fixed default port; GLOCK_DEMO_PORT overrides it (see demo/server.mjs). */
export const DEFAULT_PORT = 8787
export const DEFAULT_GREETING_INTERVAL = 5_000
export const DEFAULT_TICK_INTERVAL = 250
export const SYMBOLS = ['GLCK', 'GUN', 'BEAM', 'ELIX', 'OTP', 'NERV']

const HISTORY = 20
/** The longest delay a "slow" request may ask for, in ms. */
export const MAX_SLOW_DELAY = 60_000
const STARTING_PRICES = { GLCK: 120, GUN: 42, BEAM: 310, ELIX: 77, OTP: 19.5, NERV: 233 }

/** Rooms whose sockets are told, on every join and leave, how many they are. */
const PRESENCE_ROOMS = new Set(['chat', 'tabs'])

/** The room a path belongs to: 'chat', 'ticker', 'tabs' or 'echo'. */
export function roomOf(path) {
  const name = String(path || '/')
    .split('?')[0]
    .replace(/\/+$/, '')
    .split('/')
    .pop()
  return name === 'chat' || name === 'ticker' || name === 'tabs' ? name : 'echo'
}

/** Close codes a server may send (RFC 6455 §7.4): 1000–1003, 1007–1014, 3000–4999. */
export function closeCodeProblem(code, reason) {
  if (!Number.isInteger(code)) return `code must be a whole number; got ${JSON.stringify(code)}`
  const allowed = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)
  if (!allowed) return `code ${code} cannot be sent in a close frame (use 1000–1003, 1007–1014 or 3000–4999)`
  if (typeof reason !== 'string') return 'reason must be a string'
  if (new TextEncoder().encode(reason).byteLength > 123) return 'reason must be at most 123 UTF-8 bytes'
  return null
}

const round = (n) => Math.round(n * 100) / 100

/**
 * @param {object} [options]
 * @param {number} [options.greetingInterval] ms between greetings (0 or Infinity: only the one on connect).
 * @param {number} [options.tickInterval] ms between ticker updates.
 * @param {() => number} [options.random]
 * @param {() => number} [options.now]
 */
export function createHub({
  greetingInterval = DEFAULT_GREETING_INTERVAL,
  tickInterval = DEFAULT_TICK_INTERVAL,
  random = Math.random,
  now = Date.now,
} = {}) {
  /** @type {Set<{ peer: any, room: string }>} */
  const sessions = new Set()
  const prices = Object.fromEntries(
    SYMBOLS.map((symbol) => [symbol, { price: STARTING_PRICES[symbol], change: 0, updates: 0 }]),
  )
  const history = []
  let greetings = 0
  let chatId = 0
  let refusingUntil = 0
  let greetingTimer = null
  let tickTimer = null
  /** Replies of "slow" requests not yet sent. */
  const slowTimers = new Set()

  const inRoom = (room) => [...sessions].filter((session) => session.room === room)
  const sendJson = (session, message) => session.peer.send(JSON.stringify(message))
  const broadcast = (room, message) => inRoom(room).forEach((session) => sendJson(session, message))
  const announce = (room) => {
    if (PRESENCE_ROOMS.has(room)) broadcast(room, { type: 'presence', clients: inRoom(room).length })
  }

  function greet(session) {
    greetings += 1
    sendJson(session, { type: 'greeting', text: 'hello from the react-glock demo server', n: greetings, at: now() })
  }

  function tick() {
    const symbol = SYMBOLS[Math.floor(random() * SYMBOLS.length)] ?? SYMBOLS[0]
    const quote = prices[symbol]
    const price = Math.max(0.01, round(quote.price * (1 + (random() - 0.5) * 0.02)))
    prices[symbol] = { price, change: round(price - quote.price), updates: quote.updates + 1 }
    broadcast('ticker', { type: 'tick', symbol, ...prices[symbol], at: now() })
  }

  /** Timers run only while someone listens, so an idle hub (or a story nobody opened) costs nothing. */
  function updateTimers() {
    const anyone = sessions.size > 0
    if (anyone && greetingTimer === null && greetingInterval > 0 && Number.isFinite(greetingInterval)) {
      greetingTimer = setInterval(() => sessions.forEach(greet), greetingInterval)
    } else if (!anyone && greetingTimer !== null) {
      clearInterval(greetingTimer)
      greetingTimer = null
    }
    const listening = inRoom('ticker').length > 0
    if (listening && tickTimer === null) tickTimer = setInterval(tick, tickInterval)
    else if (!listening && tickTimer !== null) {
      clearInterval(tickTimer)
      tickTimer = null
    }
  }

  function command(session, text) {
    let message
    try {
      message = JSON.parse(text)
    } catch {
      return false
    }
    if (message === null || typeof message !== 'object') return false
    if (message.type === 'close') {
      const code = message.code ?? 1000
      const reason = message.reason ?? ''
      const problem = closeCodeProblem(code, reason)
      if (problem) sendJson(session, { type: 'error', message: `close refused: ${problem}` })
      else session.peer.close(code, reason)
      return true
    }
    if (message.type === 'rpc') {
      rpc(session, message)
      return true
    }
    if (message.type === 'chat' && session.room === 'chat') {
      const entry = {
        type: 'chat',
        id: ++chatId,
        from: String(message.from ?? 'anonymous').slice(0, 40),
        text: String(message.text ?? '').slice(0, 500),
        at: now(),
      }
      history.push(entry)
      if (history.length > HISTORY) history.shift()
      broadcast('chat', entry)
      return true
    }
    return false
  }

  /** Answers a {"type":"rpc"} request (or, for "never", does not). */
  function rpc(session, { id = null, method, params }) {
    const answer = (body) => sendJson(session, { type: 'rpc-reply', id, ...body })
    const fail = (code, message) => answer({ error: { code, message } })
    if (method === 'add') {
      const numbers = Array.isArray(params) ? params : []
      if (!Array.isArray(params) || !numbers.every((n) => typeof n === 'number' && Number.isFinite(n)))
        return fail('invalid_params', 'add takes an array of numbers')
      return answer({ result: numbers.reduce((sum, n) => sum + n, 0) })
    }
    if (method === 'slow') {
      const delay = params?.delay ?? 1000
      if (typeof delay !== 'number' || !(delay >= 0 && delay <= MAX_SLOW_DELAY))
        return fail('invalid_params', `slow takes a delay from 0 to ${MAX_SLOW_DELAY} ms`)
      const timer = setTimeout(() => {
        slowTimers.delete(timer)
        if (sessions.has(session)) answer({ result: params?.value ?? null })
      }, delay)
      slowTimers.add(timer)
      return
    }
    if (method === 'never') return
    fail('unknown_method', `no method ${JSON.stringify(method ?? null)}`)
  }

  /** Refuses upgrades (HTTP 403) for `ms`; 0 accepts again at once. */
  function refuse(ms) {
    refusingUntil = ms > 0 ? now() + ms : 0
    return refusingUntil
  }

  return {
    /**
     * A new connection. `peer` is `{ path, send(data), close(code, reason), terminate() }`; the transport calls
     * `receive(data)` for every frame (a string for text, an ArrayBuffer or view for binary) and `leave()` once.
     */
    join(peer) {
      const session = { peer, room: roomOf(peer.path) }
      sessions.add(session)
      greet(session)
      if (session.room === 'chat') sendJson(session, { type: 'history', messages: history.slice() })
      announce(session.room)
      if (session.room === 'ticker') sendJson(session, { type: 'prices', prices: structuredClone(prices), at: now() })
      updateTimers()
      return {
        receive(data) {
          if (!sessions.has(session)) return
          if (typeof data !== 'string') return peer.send(data)
          if (data === 'ping') return peer.send('pong')
          if (!command(session, data)) peer.send(data)
        },
        leave() {
          if (!sessions.delete(session)) return
          announce(session.room)
          updateTimers()
        },
      }
    },
    /** Whether an upgrade may go through now (false while refusing). */
    accepts: () => now() >= refusingUntil,
    /** Drops every connection without a close frame: clients see 1006. Returns how many. */
    drop() {
      const all = [...sessions]
      all.forEach((session) => session.peer.terminate())
      return all.length
    },
    refuse,
    /** A restart: every client gets 1012 (Service Restart), then upgrades are refused for `ms`. */
    restart(ms) {
      const all = [...sessions]
      refuse(ms)
      all.forEach((session) => session.peer.close(1012, 'demo server restarting'))
      return all.length
    },
    status() {
      const rooms = { echo: 0, chat: 0, ticker: 0, tabs: 0 }
      sessions.forEach((session) => (rooms[session.room] += 1))
      const refusingFor = Math.max(0, refusingUntil - now())
      return { clients: sessions.size, rooms, refusing: refusingFor > 0, refusingFor }
    },
    dispose() {
      sessions.clear()
      slowTimers.forEach((timer) => clearTimeout(timer))
      slowTimers.clear()
      updateTimers()
    },
  }
}
