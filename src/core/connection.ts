import { retriesByDefault, retryDelay } from './backoff'
import { createTimer } from './clock'
import { GlockError } from './errors'
import { encode, toFrame } from './frames'
import { settle, type Settings } from './options'
import { checkStep, closeProblem, framesOf } from './step'
import { resolveUrl, urlForDisplay } from './url'
import type {
  CloseFrame,
  ConnectOptions,
  Connection,
  Data,
  Frame,
  Handlers,
  Listener,
  Snapshot,
  Step,
  UrlInput,
} from './types'

/** A retry wait is checked at least this often, so a wake from sleep retries without waiting out the backoff. */
const WAKE_CHECK = 5_000
/** How often to look at `bufferedAmount` while it is above the high-water mark: browsers have no drain event. */
const DRAIN_POLL = 25

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * The state a connection starts from, and what the server renders: `init`'s state, status `'idle'`.
 * Never throws: an `init` that throws leaves the state `null` and sets `error`.
 */
export function initialSnapshot<S>(url: UrlInput | null, handlers: Handlers<S, never> = {}, key: string | null = null): Snapshot<S> {
  let state = null as S
  let error: GlockError | null = null
  const shown = url === null || typeof url === 'function' ? null : urlForDisplay(url)
  try {
    if (handlers.init) state = handlers.init({ url: shown, key })
  } catch (cause) {
    error = new GlockError('handler_error', `The init handler threw: ${message(cause)}`, { cause })
  }
  return { state, status: 'idle', error, attempt: 0, nextRetryAt: null, lastClose: null, discarded: 0 }
}

/**
 * Opens a WebSocket at once and drives it with Glock's handlers. The connection reconnects
 * by its policy, queues frames while not open, and tells subscribers when its snapshot changes.
 * Bad input never throws here: it is reported on the snapshot's `error` and through `onError`.
 * @example
 * const chat = connect('wss://example.com/chat', { receive: (frame, state) => ({ state: [...state, frame] }) })
 * chat.subscribe(() => render(chat.getSnapshot().state))
 */
export function connect<S = Frame | null, M = unknown>(
  url: UrlInput,
  handlers: Handlers<S, M> = {},
  options: ConnectOptions = {},
): Connection<S, M> {
  let config = { url, handlers, options }
  let settings: Settings
  let snapshot = initialSnapshot<S>(url, handlers as Handlers<S, never>, options.key ?? null)
  const listeners = new Set<Listener>()
  const clock = () => settings.clock
  /** One slot for whichever timer the phase needs: connect timeout, heartbeat, retry wait or close timeout. */
  const phase = createTimer(clock)
  const drain = createTimer(clock)
  const notifyFallback = createTimer(clock)

  let socket: WebSocket | null = null
  let opened = false
  /** Set by `close()` or a close step: no retry may follow. */
  let deliberate = false
  let queue: Data[] = []
  let openedAt = 0
  let lastHeard = 0
  let heard = false
  /** Bumped by every attempt, so a slow URL function cannot open a socket nobody wants any more. */
  let generation = 0
  let watching = false

  let pending = false
  let frameHandle: number | undefined

  function flush() {
    pending = false
    notifyFallback.clear()
    if (frameHandle !== undefined) cancelAnimationFrame(frameHandle)
    frameHandle = undefined
    listeners.forEach((listener) => listener())
  }

  /** Socket events notify in batches (per animation frame by default); own calls flush at their end. */
  function schedule() {
    if (pending) return
    pending = true
    const mode = settings.notify
    if (mode === 'sync') return flush()
    if (mode === 'microtask') return queueMicrotask(() => pending && flush())
    const hasFrames = typeof requestAnimationFrame === 'function'
    if (hasFrames) frameHandle = requestAnimationFrame(flush)
    // rAF never fires in a hidden tab or in Node: a timer makes sure subscribers still hear of it.
    notifyFallback.set(flush, hasFrames ? 100 : 16)
  }

  function update(patch: Partial<Snapshot<S>>) {
    for (const name in patch) {
      if (!Object.is(patch[name as keyof Snapshot<S>], snapshot[name as keyof Snapshot<S>])) {
        snapshot = { ...snapshot, ...patch }
        return schedule()
      }
    }
  }

  function afterCall<T>(result: T): T {
    if (pending) flush()
    return result
  }

  function report(error: GlockError) {
    update({ error })
    if (settings.onError) settings.onError(error)
    else if (process.env.NODE_ENV !== 'production') settings.logger.error(error)
  }

  function apply(step: Step<S>, front = false) {
    update({ state: step.state })
    transmit(framesOf(step), front)
    if (step.close) {
      const { code = 1000, reason = '' } = step.close === true ? {} : step.close
      closeSocket(code, reason)
    }
  }

  function react(name: 'open' | 'receive', run: () => Step<S>, front = false) {
    let step: Step<S>
    try {
      step = run()
    } catch (cause) {
      return report(new GlockError('handler_error', `The ${name} handler threw: ${message(cause)}`, { cause }))
    }
    const problem = checkStep(name, step)
    if (problem) return report(problem)
    apply(step, front)
  }

  function receive(frame: Frame) {
    const handler = config.handlers.receive
    if (handler) return react('receive', () => handler(frame, snapshot.state))
    if (process.env.NODE_ENV !== 'production') settings.logger.debug('[react-glock] received', frame)
    update({ state: frame as S })
  }

  const isOpen = () => opened && socket !== null && snapshot.status === 'open'
  const backedUp = () => queue.length > 0 || !isOpen() || socket!.bufferedAmount > settings.queue.highWaterMark

  /** Sends what the socket can take now; the rest waits in order. `front` puts the frames before the queue. */
  function transmit(frames: readonly Data[], front: boolean) {
    for (const frame of frames) {
      if (front ? !isOpen() : backedUp()) queue.push(frame)
      else socket!.send(frame)
    }
    const excess = queue.length - settings.queue.max
    if (excess > 0) {
      // Handler frames are never refused outright: with 'reject' the newest go, with 'drop-oldest' the oldest.
      if (settings.queue.overflow === 'drop-oldest') queue.splice(0, excess)
      else queue.length = settings.queue.max
      discard(excess)
    }
    pump()
  }

  function discard(count: number) {
    update({ discarded: snapshot.discarded + count })
    report(new GlockError('queue_full', `The queue holds ${settings.queue.max} frames; ${count} were dropped (queue.overflow: '${settings.queue.overflow}').`))
  }

  function pump() {
    while (queue.length > 0 && isOpen() && !(socket!.bufferedAmount > settings.queue.highWaterMark)) {
      socket!.send(queue.shift()!)
    }
    if (queue.length > 0 && isOpen()) drain.set(pump, DRAIN_POLL)
  }

  function watch(on: boolean) {
    if (watching === on || typeof addEventListener !== 'function') return
    watching = on
    const method = on ? 'addEventListener' : 'removeEventListener'
    globalThis[method]('online', wake)
    globalThis[method]('offline', pause)
    if (typeof document !== 'undefined') document[method]('visibilitychange', wake)
  }

  const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false
  const waiting = () => socket === null && snapshot.status === 'connecting'

  /** Back online, or the page is visible again: a connection waiting to retry tries now. */
  function wake() {
    if (waiting() && !offline() && (typeof document === 'undefined' || document.visibilityState !== 'hidden')) {
      start()
    }
  }

  /** Offline: stop burning attempts until the network returns. */
  function pause() {
    if (waiting()) {
      generation++
      phase.clear()
      update({ nextRetryAt: null })
    }
  }

  function start() {
    const attempt = ++generation
    phase.clear()
    watch(true)
    update({ status: 'connecting', nextRetryAt: null })
    const target = config.url
    if (typeof target !== 'function') return open(target, attempt)
    let result: ReturnType<typeof target>
    try {
      result = target()
    } catch (cause) {
      return fail(new GlockError('invalid_url', `The URL function threw: ${message(cause)}`, { cause }))
    }
    if (!(result instanceof Promise)) return open(result, attempt)
    result.then(
      (resolved) => attempt === generation && open(resolved, attempt),
      (cause) => attempt === generation && fail(new GlockError('invalid_url', `The URL function rejected: ${message(cause)}`, { cause })),
    )
  }

  function open(target: string | URL, attempt: number) {
    let href: string
    try {
      href = resolveUrl(target)
    } catch (error) {
      return typeof config.url === 'function' ? fail(error as GlockError) : end(error as GlockError)
    }
    const WebSocketClass = settings.WebSocket ?? (globalThis.WebSocket as typeof WebSocket | undefined)
    if (!WebSocketClass) {
      return end(new GlockError('no_websocket', 'There is no global WebSocket here (Node 20 has none): pass one as options.WebSocket, e.g. the ws package.'))
    }
    let ws: WebSocket
    try {
      ws = new WebSocketClass(href, settings.protocols)
    } catch (cause) {
      return fail(new GlockError('socket_error', `new WebSocket(${JSON.stringify(href)}) threw: ${message(cause)}`, { cause }))
    }
    socket = ws
    opened = false
    ws.binaryType = settings.binaryType
    ws.onopen = () => ws === socket && onOpen(ws)
    ws.onmessage = (event) => ws === socket && onMessage(event.data)
    // Node's ws throws an 'error' event nobody listens to, so this listener stays even for dropped sockets.
    ws.onerror = (event) => {
      if (ws === socket) {
        const detail = (event as Event & { message?: string }).message
        report(new GlockError('socket_error', `The socket to ${href} failed${detail ? `: ${detail}` : ''}.`))
      }
    }
    ws.onclose = (event) => {
      if (ws === socket) closed({ type: 'close', code: event.code, reason: event.reason, wasClean: event.wasClean })
    }
    phase.set(() => {
      if (attempt !== generation || opened) return
      drop()
      fail(new GlockError('connect_timeout', `The socket to ${href} did not open within ${settings.connectTimeout} ms.`))
    }, settings.connectTimeout)
  }

  function onOpen(ws: WebSocket) {
    phase.clear()
    opened = true
    openedAt = lastHeard = clock().now()
    update({ status: 'open', error: null, nextRetryAt: null })
    const handler = config.handlers.open
    const info = { protocol: ws.protocol ?? '', extensions: ws.extensions ?? '', attempt: snapshot.attempt }
    // Frames from open go out before those queued while connecting.
    if (handler) react('open', () => handler(snapshot.state, info), true)
    pump()
    beat()
  }

  function onMessage(data: unknown) {
    const frame = toFrame(data)
    const heartbeat = settings.heartbeat
    if (heartbeat) {
      lastHeard = clock().now()
      heard = true
      if (heartbeat.isPong(frame)) return
    }
    receive(frame)
  }

  /** Pings after `interval` of silence; a ping unanswered within `timeout` means the socket is dead. */
  function beat() {
    const heartbeat = settings.heartbeat
    if (!heartbeat || !isOpen()) return
    const quiet = clock().now() - lastHeard
    if (quiet < heartbeat.interval) return phase.set(beat, heartbeat.interval - quiet)
    heard = false
    socket!.send(heartbeat.message)
    phase.set(() => {
      if (heard) return beat()
      drop()
      report(new GlockError('heartbeat_timeout', `No answer within ${heartbeat.timeout} ms of a heartbeat ping.`))
      closed({ type: 'close', code: 1006, reason: 'heartbeat timeout', wasClean: false }, true)
    }, heartbeat.timeout)
  }

  /** Forgets the current socket and closes it; its events are ignored from now on. */
  function drop(code?: number, reason?: string) {
    const ws = socket
    socket = null
    phase.clear()
    drain.clear()
    try {
      ws?.close(code, reason)
    } catch {
      // A socket that cannot even be closed is gone already.
    }
  }

  /** A failed attempt: the socket never opened. */
  function fail(error: GlockError) {
    report(error)
    closed({ type: 'close', code: 1006, reason: error.message, wasClean: false }, false)
  }

  function closed(frame: CloseFrame, wasOpen = opened) {
    socket = null
    opened = false
    phase.clear()
    drain.clear()
    update({ lastClose: { code: frame.code, reason: frame.reason, wasClean: frame.wasClean } })
    if (wasOpen) receive(frame)
    retry(frame, wasOpen)
  }

  function retry(frame: CloseFrame, wasOpen: boolean) {
    const policy = settings.reconnect
    if (deliberate || !policy) return end()
    if (wasOpen && clock().now() - openedAt >= policy.minUptime) update({ attempt: 0 })
    const next = snapshot.attempt + 1
    let wanted: boolean
    try {
      wanted = policy.shouldReconnect ? policy.shouldReconnect(frame, next) : retriesByDefault(frame.code, wasOpen)
    } catch (cause) {
      report(new GlockError('handler_error', `reconnect.shouldReconnect threw: ${message(cause)}`, { cause }))
      wanted = false
    }
    if (!wanted) return end()
    if (next > policy.attempts) {
      return end(new GlockError('retries_exhausted', `Gave up after ${policy.attempts} retries; the last close was ${frame.code}${frame.reason ? ` (${frame.reason})` : ''}.`))
    }
    update({ status: 'connecting', attempt: next })
    if (offline()) return update({ nextRetryAt: null })
    const at = clock().now() + retryDelay(policy, next, settings.random)
    update({ nextRetryAt: at })
    waitUntil(at)
  }

  function waitUntil(at: number) {
    const attempt = generation
    const step = Math.min(at - clock().now(), WAKE_CHECK)
    const expected = clock().now() + step
    phase.set(() => {
      if (attempt !== generation) return
      const now = clock().now()
      // A timer that fires far later than asked means the machine slept: retry now.
      if (now >= at || now - expected > WAKE_CHECK) start()
      else waitUntil(at)
    }, Math.max(0, step))
  }

  function end(error?: GlockError) {
    generation++
    drop()
    watch(false)
    update({ status: 'closed', nextRetryAt: null })
    if (error) report(error)
  }

  function closeSocket(code: number, reason: string) {
    deliberate = true
    if (queue.length > 0) {
      update({ discarded: snapshot.discarded + queue.length })
      queue = []
    }
    const ws = socket
    if (!ws || !opened) return end()
    if (snapshot.status === 'closing') return
    update({ status: 'closing' })
    drain.clear()
    phase.set(() => {
      if (ws !== socket) return
      drop()
      closed({ type: 'close', code, reason, wasClean: false }, true)
    }, settings.closeTimeout)
    ws.close(code, reason)
  }

  function configure(nextUrl: UrlInput, nextHandlers: Handlers<S, M> = {}, nextOptions: ConnectOptions = {}) {
    if (nextOptions !== config.options) {
      try {
        settings = settle(nextOptions)
      } catch (error) {
        return report(error as GlockError)
      }
    }
    config = { url: nextUrl, handlers: nextHandlers, options: nextOptions }
  }

  try {
    settings = settle(options)
  } catch (error) {
    settings = settle({ logger: options.logger })
    end(error as GlockError)
  }
  if (snapshot.error) report(snapshot.error)
  if (snapshot.status === 'idle') start()
  afterCall(undefined)

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    push(value) {
      if (deliberate || snapshot.status === 'closed' || snapshot.status === 'idle') {
        report(new GlockError('not_open', `push was refused: the connection is ${deliberate ? 'closing or closed' : snapshot.status}${snapshot.status === 'closed' ? ' for good; call reconnect() first' : ''}.`))
        return afterCall(false)
      }
      const send = config.handlers.send
      // A send that throws throws here, before anything changed.
      const step = send ? send(value, snapshot.state) : { state: snapshot.state, push: encode(value) }
      const problem = send && checkStep('send', step)
      if (problem) throw problem
      const frames = framesOf(step)
      const { max, overflow } = settings.queue
      if (overflow === 'reject' && frames.length > 0 && backedUp() && queue.length + frames.length > max) {
        report(new GlockError('queue_full', `push was refused: the queue already holds ${queue.length} of ${max} frames.`))
        return afterCall(false)
      }
      apply(step)
      return afterCall(true)
    },
    close(code = 1000, reason = '') {
      const problem = closeProblem(code, reason)
      if (problem) throw new GlockError('invalid_argument', `close(${code}, ${JSON.stringify(reason)}): ${problem}.`)
      if (snapshot.status !== 'closed') closeSocket(code, reason)
      afterCall(undefined)
    },
    reconnect() {
      deliberate = false
      const ws = socket
      const wasOpen = opened
      drop(1000, 'reconnect')
      opened = false
      update({ attempt: 0 })
      if (ws && wasOpen) receive({ type: 'close', code: 1000, reason: 'reconnect', wasClean: false })
      if (!deliberate) start()
      afterCall(undefined)
    },
    configure,
  }
}
