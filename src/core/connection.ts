import { retriesByDefault, retryDelay } from './backoff'
import { createTimer } from './clock'
import { GlockError, type GlockErrorCode } from './errors'
import { explain } from './explain'
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

/**
 * The state a connection starts from, and what the server renders: `init`'s state, status `'idle'`.
 * Never throws: an `init` that throws leaves the state `null` and sets `error`.
 */
export function initialSnapshot<S>(
  url: UrlInput | null,
  handlers: Handlers<S, never> = {},
  key: string | null = null,
): Snapshot<S> {
  let state = null as S
  let error: GlockError | null = null
  try {
    if (handlers.init)
      state = handlers.init({ url: url === null || typeof url === 'function' ? null : urlForDisplay(url), key })
  } catch (cause) {
    error = new GlockError('handler_error', explain?.handlerThrew('init', cause), cause)
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
  let snapshot = initialSnapshot<S>(
    url,
    handlers as Handlers<S, never>,
    options.key ?? (typeof url === 'function' ? null : urlForDisplay(url)),
  )
  const listeners = new Set<Listener>()
  const now = () => settings.clock.now()
  const clock = () => settings.clock
  /** One slot for whichever timer the phase needs: connect timeout, heartbeat or retry wait. */
  const phase = createTimer(clock)
  const drain = createTimer(clock)
  const notifyLater = createTimer(clock)

  let socket: WebSocket | null = null
  let opened = false
  /** Set by `close()` or a close step: no retry may follow. */
  let deliberate = false
  let queue: Data[] = []
  let openedAt = 0
  let lastHeard = 0
  let heard = false
  /** Bumped by every attempt, so a slow URL function or a stale timer cannot act for an attempt nobody wants. */
  let generation = 0
  let pending = false
  let animationFrame: number | undefined

  function notify() {
    pending = false
    notifyLater.clear()
    if (animationFrame !== undefined) cancelAnimationFrame(animationFrame)
    animationFrame = undefined
    listeners.forEach((listener) => listener())
  }

  /** Socket events notify in batches (per animation frame by default); own calls notify at their end. */
  function schedule() {
    if (pending) return
    pending = true
    const mode = settings.notify
    if (mode === 'sync') return notify()
    if (mode === 'microtask') return queueMicrotask(() => pending && notify())
    const hasFrames = typeof requestAnimationFrame === 'function'
    if (hasFrames) animationFrame = requestAnimationFrame(notify)
    // rAF never fires in a hidden tab, and Node has none: a timer makes sure subscribers still hear.
    notifyLater.set(notify, hasFrames ? 100 : 16)
  }

  /** The per-frame path: a new state and nothing else. */
  function setState(state: S) {
    if (Object.is(state, snapshot.state)) return
    snapshot = { ...snapshot, state }
    schedule()
  }

  function update(patch: Partial<Snapshot<S>>) {
    for (const name in patch) {
      if (!Object.is(patch[name as keyof Snapshot<S>], snapshot[name as keyof Snapshot<S>])) {
        snapshot = { ...snapshot, ...patch }
        return schedule()
      }
    }
  }

  /** The end of an own call (push, close, reconnect): its result shows on the next render. */
  function flush() {
    if (pending) notify()
  }

  function report(error: GlockError) {
    update({ error })
    const { onError } = settings
    try {
      if (onError) onError(error)
      else if (process.env.NODE_ENV !== 'production') settings.logger.error(error)
    } catch (cause) {
      // A throwing onError must not leave a transition half done: rethrow it on its own.
      queueMicrotask(() => {
        throw cause
      })
    }
  }

  const fault = (code: GlockErrorCode, message?: string, cause?: unknown) =>
    report(new GlockError(code, message, cause))

  function apply(step: Step<S>, front?: boolean) {
    setState(step.state)
    if (step.push !== undefined) transmit(framesOf(step), front)
    if (step.close) {
      const { code = 1000, reason = '' } = step.close === true ? {} : step.close
      closeSocket(code, reason)
    }
  }

  /** Runs an `open` or `receive` handler: a throw or a wrong shape is reported, and the state stays. */
  function run(name: 'open' | 'receive', handler: () => Step<S>, front?: boolean) {
    let step: Step<S>
    try {
      step = handler()
    } catch (cause) {
      return fault('handler_error', explain?.handlerThrew(name, cause), cause)
    }
    const problem = checkStep(name, step)
    if (problem) report(problem)
    else apply(step, front)
  }

  function receive(frame: Frame) {
    const handler = config.handlers.receive
    if (handler) return run('receive', () => handler(frame, snapshot.state))
    if (process.env.NODE_ENV !== 'production') settings.logger.debug('[react-glock] received', frame)
    setState(frame as S)
  }

  // readyState too: after the server's close frame and before onclose, a send would be lost silently.
  const isOpen = () => socket?.readyState === 1 && snapshot.status === 'open'
  const full = () => socket!.bufferedAmount > settings.queue.highWaterMark
  const mustWait = () => queue.length > 0 || !isOpen() || full()

  /** Sends what the socket can take now; the rest waits in order. `front` puts the frames before the queue. */
  function transmit(frames: readonly Data[], front?: boolean) {
    for (const frame of frames) {
      if (front ? !isOpen() : mustWait()) queue.push(frame)
      else socket!.send(frame)
    }
    const { max, overflow } = settings.queue
    const excess = queue.length - max
    if (excess > 0) {
      // Handler frames cannot be refused: with 'reject' the newest go, with 'drop-oldest' the oldest.
      if (overflow === 'drop-oldest') queue.splice(0, excess)
      else queue.length = max
      update({ discarded: snapshot.discarded + excess })
      fault('queue_full', explain?.queueDropped(max, excess, overflow))
    }
    pump()
  }

  function pump() {
    while (queue.length > 0 && isOpen() && !full()) socket!.send(queue.shift()!)
    if (queue.length > 0 && isOpen()) drain.set(pump, DRAIN_POLL)
  }

  /** Browsers only; Node and React Native have none of these events and run unchanged. */
  function watch(method: 'addEventListener' | 'removeEventListener') {
    if (typeof addEventListener !== 'function') return
    globalThis[method]('online', wake)
    globalThis[method]('offline', pause)
    globalThis.document?.[method]('visibilitychange', wake)
  }

  const offline = () => globalThis.navigator?.onLine === false
  const waiting = () => socket === null && snapshot.status === 'connecting'

  /** Back online, or the page is visible again: a connection waiting to retry tries now. */
  function wake(event: Event) {
    if (waiting() && !offline() && (event.type === 'online' || globalThis.document?.visibilityState === 'visible'))
      start()
  }

  /** Offline: stop burning attempts until the network returns. */
  function pause() {
    if (!waiting()) return
    generation++
    phase.clear()
    update({ nextRetryAt: null })
  }

  function start() {
    const attempt = ++generation
    // The connect timeout covers the URL function too: a token fetch that hangs is a failed attempt.
    phase.set(() => {
      if (attempt !== generation || opened) return
      drop()
      fail(new GlockError('connect_timeout', explain?.connectTimeout(describeUrl(), settings.connectTimeout)))
    }, settings.connectTimeout)
    watch('addEventListener')
    update({ status: 'connecting', nextRetryAt: null })
    const target = config.url
    if (typeof target !== 'function') return open(target)
    // A URL function that throws and one that rejects make the same failed attempt.
    Promise.resolve()
      .then(target)
      .then(
        (resolved) => attempt === generation && open(resolved),
        (cause) => attempt === generation && fail(new GlockError('invalid_url', explain?.urlFunction(cause), cause)),
      )
  }

  const describeUrl = () => (typeof config.url === 'function' ? 'the URL function' : urlForDisplay(config.url))

  function open(target: string | URL) {
    let href: string
    try {
      href = resolveUrl(target)
    } catch (error) {
      // A fixed URL that cannot work is final; a URL function may do better next time.
      return typeof config.url === 'function' ? fail(error as GlockError) : end(error as GlockError)
    }
    const WebSocketClass = settings.WebSocket ?? (globalThis.WebSocket as typeof WebSocket | undefined)
    if (!WebSocketClass) return end(new GlockError('no_websocket', explain?.noWebSocket()))
    let ws: WebSocket
    try {
      ws = new WebSocketClass(href, settings.protocols)
    } catch (cause) {
      return fail(new GlockError('socket_error', explain?.constructorThrew(href, cause), cause))
    }
    socket = ws
    opened = false
    ws.binaryType = settings.binaryType
    ws.onopen = () => ws === socket && onOpen(ws)
    ws.onmessage = (event) => ws === socket && onMessage(event.data)
    // Node's ws throws 'error' events nobody listens to, so this listener stays, even on dropped sockets.
    ws.onerror = (event) =>
      ws === socket && fault('socket_error', explain?.socketFailed(href, (event as ErrorEvent).message))
    ws.onclose = (event) =>
      ws === socket && closed({ type: 'close', code: event.code, reason: event.reason, wasClean: event.wasClean })
  }

  function onOpen(ws: WebSocket) {
    phase.clear()
    opened = true
    openedAt = lastHeard = now()
    update({ status: 'open', error: null, nextRetryAt: null })
    const handler = config.handlers.open
    const info = { protocol: ws.protocol ?? '', extensions: ws.extensions ?? '', attempt: snapshot.attempt }
    // Frames from open go out before those queued while connecting.
    if (handler) run('open', () => handler(snapshot.state, info), true)
    pump()
    beat()
  }

  function onMessage(data: unknown) {
    const frame = toFrame(data)
    const heartbeat = settings.heartbeat
    if (heartbeat) {
      lastHeard = now()
      heard = true
      if (heartbeat.isPong(frame)) return
    }
    receive(frame)
  }

  /** Pings after `interval` of silence; a ping unanswered within `timeout` means the socket is dead. */
  function beat() {
    const heartbeat = settings.heartbeat
    if (!heartbeat || !isOpen()) return
    const quiet = now() - lastHeard
    if (quiet < heartbeat.interval) return phase.set(beat, heartbeat.interval - quiet)
    heard = false
    socket!.send(heartbeat.message)
    phase.set(() => {
      if (heard) return beat()
      drop()
      fault('heartbeat_timeout', explain?.heartbeatTimeout(heartbeat.timeout))
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

  /** The socket is gone: `receive` gets its close frame if it had opened, then the policy decides. */
  function closed(frame: CloseFrame, wasOpen = opened) {
    socket = null
    opened = false
    phase.clear()
    drain.clear()
    update({ lastClose: { code: frame.code, reason: frame.reason, wasClean: frame.wasClean } })
    if (wasOpen) receive(frame)
    const policy = settings.reconnect
    if (deliberate || !policy) return end()
    if (wasOpen && now() - openedAt >= policy.minUptime) update({ attempt: 0 })
    const next = snapshot.attempt + 1
    let wanted = false
    try {
      wanted = policy.shouldReconnect ? policy.shouldReconnect(frame, next) : retriesByDefault(frame.code, wasOpen)
    } catch (cause) {
      fault('handler_error', explain?.handlerThrew('reconnect.shouldReconnect', cause), cause)
    }
    if (!wanted) return end()
    if (next > policy.attempts) {
      return end(
        new GlockError('retries_exhausted', explain?.retriesExhausted(policy.attempts, frame.code, frame.reason)),
      )
    }
    const at = offline() ? null : now() + retryDelay(policy, next, settings.random)
    update({ status: 'connecting', attempt: next, nextRetryAt: at })
    if (at !== null) waitUntil(at)
  }

  function waitUntil(at: number) {
    const attempt = generation
    const step = Math.min(at - now(), WAKE_CHECK)
    const expected = now() + step
    phase.set(
      () => {
        if (attempt !== generation) return
        const time = now()
        // A timer that fires far later than asked means the machine slept: retry now.
        if (time >= at || time - expected > WAKE_CHECK) start()
        else waitUntil(at)
      },
      Math.max(0, step),
    )
  }

  function end(error?: GlockError) {
    generation++
    drop()
    watch('removeEventListener')
    // The error first: a subscriber woken by 'closed' (with notify 'sync') must see why.
    if (error) report(error)
    update({ status: 'closed', nextRetryAt: null })
  }

  /** A deliberate close: queued frames are discarded and counted, and no retry follows. */
  function closeSocket(code: number, reason: string) {
    deliberate = true
    if (queue.length > 0) update({ discarded: snapshot.discarded + queue.length })
    queue = []
    if (snapshot.status === 'closed') return
    if (!socket || !opened) return end()
    if (snapshot.status === 'closing') return
    update({ status: 'closing' })
    phase.clear()
    drain.clear()
    // The socket's own handshake timeout (the browser's, or ws's 30 s) ends a close the server ignores.
    socket.close(code, reason)
  }

  function reconnect() {
    const wasOpen = opened
    deliberate = opened = false
    drop(1000, 'reconnect')
    update({ attempt: 0 })
    if (wasOpen) receive({ type: 'close', code: 1000, reason: 'reconnect', wasClean: false })
    if (!deliberate) start()
    flush()
  }

  let invalid: GlockError | undefined
  try {
    settings = settle(options)
  } catch (error) {
    invalid = error as GlockError
    settings = settle({
      logger: options.logger,
      onError: typeof options.onError === 'function' ? options.onError : undefined,
    })
  }
  if (snapshot.error) report(snapshot.error)
  if (invalid) end(invalid)
  else start()
  flush()

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    push(message) {
      const { status } = snapshot
      if (deliberate || status === 'closed') {
        fault(
          'not_open',
          explain?.notOpen(
            deliberate ? 'the connection was closed; call reconnect() first' : `the connection is ${status}`,
          ),
        )
        flush()
        return false
      }
      const send = config.handlers.send
      // A send that throws throws here, before anything changed.
      const step = send ? send(message, snapshot.state) : { state: snapshot.state, push: encode(message) }
      const problem = send && checkStep('send', step)
      if (problem) throw problem
      const frames = framesOf(step)
      const { max, overflow } = settings.queue
      if (overflow === 'reject' && frames.length > 0 && mustWait() && queue.length + frames.length > max) {
        fault('queue_full', explain?.queueRefused(queue.length, max))
        flush()
        return false
      }
      apply(step)
      flush()
      return true
    },
    close(code = 1000, reason = '') {
      const problem = closeProblem(code, reason)
      if (problem) throw new GlockError('invalid_argument', explain?.close(code, reason, problem))
      closeSocket(code, reason)
      flush()
    },
    reconnect,
    configure(nextUrl, nextHandlers = {}, nextOptions = {}) {
      const previous = config
      config = { url: nextUrl, handlers: nextHandlers, options: nextOptions }
      if (nextOptions !== previous.options) {
        try {
          settings = settle(nextOptions)
        } catch (error) {
          // An inline options object is new every render: report the same problem once, or the owner re-renders forever.
          if (snapshot.error?.message !== (error as GlockError).message) report(error as GlockError)
        }
      }
      // A fixed URL that changed under the same key moves the socket; a URL function applies from the next attempt.
      const moved =
        typeof nextUrl !== 'function' && typeof previous.url !== 'function' && String(nextUrl) !== String(previous.url)
      if (moved && !deliberate && snapshot.status !== 'closed') reconnect()
    },
  }
}
