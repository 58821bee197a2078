import { createTimer } from './clock'
import { createEnvironmentWatcher, type EnvironmentEvent } from './environment'
import { GlockError, type GlockErrorCode } from './errors'
import { explain } from './explain'
import { encode, toFrame } from './frames'
import { createHeartbeat } from './heartbeat'
import { createNotifier } from './notifier'
import { checkHandlers, settle, type Settings } from './options'
import { isDefinition } from './definition'
import { decideRetry, nextAttempt, retryDelay } from './reconnectPolicy'
import { createRequests, type PendingRequest } from './requests'
import { createRetryWait } from './retryWait'
import { createSendQueue } from './sendQueue'
import { checkStep, closeProblem, framesOf } from './step'
import { testingMarkOf } from './testingMark'
import { resolveUrl, urlForDisplay } from './url'
import type {
  Callbacks,
  CloseFrame,
  ConnectOptions,
  Connection,
  Data,
  FixedUrl,
  Frame,
  HandlersWithInit,
  OpenInfo,
  Reply,
  RequestOptions,
  Snapshot,
  SocketDefinition,
  Status,
  Step,
  UrlInput,
  WebSocketLike,
} from './types'

/*
 * The lifecycle, one phase at a time. Every input is one event, run to completion before the next; a call made
 * from inside an event (a handler, onError, a logger, a subscriber) waits and runs right after it.
 *
 *   phase       status       meaning
 *   resolving   connecting   the URL function is being answered
 *   connecting  connecting   a socket is opening
 *   open        open
 *   closing     closing      we asked the socket to close, and wait for its close frame
 *   waiting     connecting   the retry wait (`nextRetryAt`)
 *   offline     connecting   a retry waits for the network (`nextRetryAt: null`)
 *   closed      closed       over for good, until `reconnect()`
 *
 *   event            resolving  connecting  open      closing   waiting   offline   closed
 *   url answered     connect    ·           ·         ·         ·         ·         ·
 *   url failed       failed     ·           ·         ·         ·         ·         ·
 *   socket open      ·          open        ·         ·         ·         ·         ·
 *   socket message   ·          ·           receive   receive   ·         ·         ·
 *   socket close     ·          failed      lost      closed    ·         ·         ·
 *   connect timeout  failed     failed      ·         ·         ·         ·         ·
 *   heartbeat dead   ·          ·           lost      ·         ·         ·         ·
 *   retry due        ·          ·           ·         ·         attempt   ·         ·
 *   online, visible  ·          ·           ·         ·         attempt   attempt   ·
 *   offline          offline    ·           ·         ·         offline   ·         ·
 *   push             queue      queue       send      refused   queue     queue     refused
 *   close()          closed     closed      closing   closing   closed    closed    closed
 *   reconnect()      attempt    attempt     attempt*  attempt*  attempt   attempt   attempt
 *
 *   ·        ignored: an event of an attempt that is over (a stale timer, a late URL, an old socket)
 *   attempt  resolving (URL function) or connecting; closed if the URL can never work or there is no WebSocket;
 *            failed if the constructor throws
 *   connect  connecting, or as `attempt` for a URL that cannot work
 *   failed   the policy decides: waiting, offline (no network) or closed (no retry, or retries exhausted)
 *   lost     `receive` sees the close frame, then as `failed`; a close step there makes it closed
 *   receive  `receive` runs; a close step from open makes it closing; frames sent while closing are discarded
 *   *        `receive` first sees a close frame 1000 'reconnect'; a close step there makes it closed
 */
type Phase = 'resolving' | 'connecting' | 'open' | 'closing' | 'waiting' | 'offline' | 'closed'

const STATUS: Record<Phase, Status> = {
  resolving: 'connecting',
  connecting: 'connecting',
  open: 'open',
  closing: 'closing',
  waiting: 'connecting',
  offline: 'connecting',
  closed: 'closed',
}

/** How often to look at `bufferedAmount` while it is above the high-water mark: browsers have no drain event. */
const DRAIN_POLL = 25

const closeFrame = (code: number, reason: string, wasClean = false): CloseFrame => ({
  type: 'close',
  code,
  reason,
  wasClean,
})

/**
 * The state a connection starts from, and what the server renders: `init`'s state, status `'idle'`.
 * Never throws: an `init` that throws leaves the state `null` and sets `error`.
 */
export function initialSnapshot<S>(
  url: UrlInput | null,
  handlers?: Callbacks<S, never> | null,
  key: string | null = null,
): Snapshot<S> {
  let state = null as S
  let error: GlockError | null = null
  try {
    const init = handlers?.init
    if (init) state = init({ url: url === null || typeof url === 'function' ? null : urlForDisplay(url), key })
  } catch (cause) {
    error = new GlockError(
      'handler_error',
      process.env.NODE_ENV !== 'production' ? explain!.handlerThrew('init', cause) : undefined,
      cause,
    )
  }
  return {
    state,
    status: 'idle',
    error,
    attempt: 0,
    nextRetryAt: null,
    lastClose: null,
    discarded: 0,
    pending: 0,
    tab: null,
  }
}

/** A queued frame of a request: sending it marks the request sent on that socket. */
class RequestFrame {
  constructor(
    readonly data: Data,
    readonly request: PendingRequest,
  ) {}
}

/** What a connection runs: from a definition, or given one by one. */
interface Given<S, M> {
  url: UrlInput
  handlers?: Callbacks<S, M> | null
  options?: ConnectOptions | null
}

/**
 * Opens a WebSocket at once and drives it with Glock's handlers. The connection reconnects
 * by its policy, queues frames while not open, and tells subscribers when its snapshot changes.
 * Bad input never throws here: it is reported on the snapshot's `error` and through `onError`.
 * @example
 * const chat = connect('wss://example.com/chat', { receive: (frame, state) => ({ state: [...state, frame] }) })
 * chat.subscribe(() => render(chat.getSnapshot().state))
 */
export function connect<S, M = unknown>(definition: SocketDefinition<S, M>): Connection<S, M>
export function connect<S, M = unknown>(
  url: UrlInput,
  handlers: HandlersWithInit<S, M>,
  options?: ConnectOptions | null,
): Connection<S, M>
/** Without `init` the state starts as `null`: it is an `S | null`. */
export function connect<S = Frame, M = unknown>(
  url: UrlInput,
  handlers?: Callbacks<S | null, M> | null,
  options?: ConnectOptions | null,
): Connection<S | null, M>
export function connect<S, M>(
  target: UrlInput | SocketDefinition<S, M>,
  givenHandlers?: Callbacks<S, M> | null,
  givenOptions?: ConnectOptions | null,
): Connection<S, M> {
  const given: Given<S, M> = isDefinition(target)
    ? target
    : { url: target as UrlInput, handlers: givenHandlers, options: givenOptions }
  const { url, handlers, options } = given
  let config = { url, handlers: handlers ?? {}, options }
  let settings: Settings
  let snapshot = initialSnapshot<S>(
    url,
    handlers as Callbacks<S, never>,
    options?.key ?? (typeof url === 'function' ? null : urlForDisplay(url)),
  )
  let phase: Phase = 'closed'
  let socket: WebSocketLike | null = null
  let openedAt = 0
  /** Bumped whenever an attempt begins or ends, so a late URL, a stale timer or an old socket cannot act for it. */
  let attemptId = 0

  // --- run to completion ---------------------------------------------------------------------------------
  let busy = false
  /** Tasks waiting for the current event to end, each with its argument. */
  const inbox: unknown[] = []
  function run<T>(task: (arg: T) => void, arg?: T) {
    if (busy) return void inbox.push(task, arg)
    busy = true
    try {
      let next: ((arg: any) => void) | undefined = task
      while (next) {
        try {
          next(arg)
        } catch (error) {
          // The last line of defence: nothing a user passes may escape from a socket event or a timer.
          shield(error, {})
        }
        notifier.eventEnded()
        next = inbox.shift() as typeof next
        arg = inbox.shift() as T
      }
    } finally {
      busy = false
    }
  }
  /** A user's own call: one event, and its result shows at once. */
  const call = (task: () => void) => run(() => (task(), notifier.flush()))

  /** Callbacks that throw (subscribers, onError, loggers) go to the platform, or once each to the logger. */
  const reported = new WeakSet<object>()
  function shield(error: unknown, source: object) {
    if (typeof reportError === 'function') return reportError(error)
    if (reported.has(source)) return
    reported.add(source)
    try {
      settings.logger.error(error)
    } catch {
      // A logger that cannot log leaves nowhere else to say it.
    }
  }

  const clock = () => settings.clock
  const now = () => settings.clock.now()
  // The testing kit's sockets notify at once, inside React's act: a test sees each change with no frame to wait for.
  const testing = () => testingMarkOf(settings.WebSocket)
  const notifier = createNotifier(() => (testing() ? 'sync' : settings.notify), clock, run, shield, testing)
  const queue = createSendQueue<Data | RequestFrame>(() => settings.queue)
  const requests = createRequests({
    clock,
    run,
    counted: (pending) => change({ pending }),
    unqueue: (request) => queue.remove((frame) => frame instanceof RequestFrame && frame.request === request),
  })
  const connectTimer = createTimer(clock)
  const drainTimer = createTimer(clock)
  const retryWait = createRetryWait(clock)
  const heartbeat = createHeartbeat(clock, run, (message) => socket!.send(message), heartbeatDead)
  const environment = createEnvironmentWatcher(() => settings.environment, onEnvironment, shield)

  // --- the snapshot: every change goes through here ------------------------------------------------------
  /** The current state. On the per-frame path only it changes, and the snapshot object is rebuilt when read. */
  let state = snapshot.state
  let stale = false
  function read() {
    if (stale) snapshot = { ...snapshot, state }
    stale = false
    return snapshot
  }
  function setState(next: S) {
    if (Object.is(next, state)) return
    state = next
    stale = true
    notifier.changed()
  }
  function change(patch: Partial<Snapshot<S>>) {
    read()
    for (const name in patch) {
      if (!Object.is(patch[name as keyof Snapshot<S>], snapshot[name as keyof Snapshot<S>])) {
        snapshot = { ...snapshot, ...patch }
        return notifier.changed()
      }
    }
  }
  /** Every phase but `waiting` has no retry time. */
  function enter(next: Phase, patch?: Partial<Snapshot<S>>) {
    phase = next
    change({ status: STATUS[next], nextRetryAt: null, ...patch })
  }
  const discard = (count: number) => count > 0 && change({ discarded: snapshot.discarded + count })

  /** The handler the error on the snapshot came from: `receive` or `send` succeeding next clears it. */
  let errorSource: string | undefined
  /** Development builds, with no onError: the messages logged already, so a retry loop logs each once. */
  const logged = process.env.NODE_ENV !== 'production' ? new Set<string>() : undefined
  function report(error: GlockError, source?: string) {
    errorSource = source
    change({ error })
    const { onError, logger } = settings
    try {
      if (onError) onError(error)
      else if (process.env.NODE_ENV !== 'production' && !logged!.has(error.message)) {
        logged!.add(error.message)
        // One line, not a stack: the code says what happened, the message what to do.
        logger.error(error.message.replace('] ', `] ${error.code}: `))
      }
    } catch (cause) {
      shield(cause, onError ?? logger)
    }
  }
  const fault = (code: GlockErrorCode, message?: string, cause?: unknown) =>
    report(new GlockError(code, message, cause))
  /** Its source succeeded: the error it caused is over (an older one never comes back). */
  function recovered(source: string) {
    if (errorSource !== source) return
    errorSource = undefined
    change({ error: null })
  }

  // --- handlers ------------------------------------------------------------------------------------------
  /** Runs a user's handler: a throw is reported as a `handler_error`, and undefined comes back instead. */
  function guarded<T>(name: string, handler: () => T): T | undefined {
    try {
      return handler()
    } catch (cause) {
      handlerFailed(name, cause)
    }
  }
  const handlerFailed = (name: string, cause: unknown) =>
    report(
      new GlockError(
        'handler_error',
        process.env.NODE_ENV !== 'production' ? explain!.handlerThrew(name, cause) : undefined,
        cause,
      ),
      name,
    )

  /** Runs `open` or `receive`: a throw or a wrong shape is reported, and the state stays. */
  function step<A>(name: 'open' | 'receive', handler: (arg: A, state: S) => Step<S>, arg: A) {
    let result: Step<S>
    try {
      result = handler(arg, state)
    } catch (cause) {
      // A GlockError says what went wrong itself (json()'s invalid_message, a bad close() call).
      return cause instanceof GlockError ? report(cause, name) : handlerFailed(name, cause)
    }
    const problem = checkStep(name, result)
    if (problem) return report(problem, name)
    if (name === 'receive') recovered(name)
    apply(result, name === 'open')
  }

  /** `direct`: the open handler's frames go out before those queued while connecting. */
  function apply(result: Step<S>, direct?: boolean, request?: PendingRequest) {
    setState(result.state)
    if (result.push !== undefined) transmit(framesOf(result), direct, request)
    if (result.reply !== undefined) settleReplies(result.reply)
    if (result.close) {
      const { code = 1000, reason = '' } = result.close === true ? {} : result.close
      requestClose(code, reason)
    }
  }

  function deliver(frame: Frame) {
    const receive = config.handlers.receive
    if (receive) return step('receive', receive, frame)
    if (process.env.NODE_ENV !== 'production') {
      const { logger } = settings
      try {
        logger.debug('[react-glock] received', frame)
      } catch (error) {
        shield(error, logger)
      }
    }
    setState(frame as S)
  }

  // --- frames out ----------------------------------------------------------------------------------------
  // readyState too: after the server's close frame and before onclose, a send would be lost silently.
  const isOpen = () => phase === 'open' && socket?.readyState === 1
  const full = () => socket!.bufferedAmount > settings.queue.highWaterMark
  const mustWait = () => queue.length > 0 || !isOpen() || full()

  function transmit(frames: readonly Data[], direct?: boolean, request?: PendingRequest) {
    // Frames for a connection that is closing for good would otherwise reach the server after a reconnect.
    if (closingForGood()) return discard(frames.length)
    let dropped = 0
    for (const frame of frames) {
      if (direct ? isOpen() : !mustWait()) put(frame, request)
      else dropped += queue.add(request ? new RequestFrame(frame, request) : frame)
    }
    if (dropped > 0) {
      discard(dropped)
      report(
        new GlockError(
          'queue_full',
          process.env.NODE_ENV !== 'production'
            ? explain!.queueDropped(settings.queue.max, dropped, settings.queue.overflow)
            : undefined,
        ),
        'send',
      )
    }
    // The open handler's frames: opened() sends what is resent, then the queue.
    if (!direct) pump()
  }

  /** Sends a frame; a request's frame marks it sent on this socket. */
  function put(frame: Data | RequestFrame, request?: PendingRequest) {
    if (frame instanceof RequestFrame) return put(frame.data, frame.request)
    if (request) request.sent = true
    socket!.send(frame)
  }

  function pump() {
    while (queue.length > 0 && isOpen() && !full()) put(queue.shift()!)
    if (queue.length > 0 && isOpen()) drainTimer.set(() => run(pump), DRAIN_POLL)
  }

  const closingForGood = () => phase === 'closing' || phase === 'closed'

  /** Why a push of `count` frames is refused now: closed for good, or no room in the queue. */
  function refusal(count: number): GlockError | undefined {
    if (closingForGood()) {
      return new GlockError(
        'not_open',
        process.env.NODE_ENV !== 'production'
          ? explain!.notOpen(phase === 'closing', ended, snapshot.lastClose?.code)
          : undefined,
        ended,
      )
    }
    const { overflow, max } = settings.queue
    if (count > 0 && overflow === 'reject' && mustWait() && !queue.fits(count)) {
      return new GlockError(
        'queue_full',
        process.env.NODE_ENV !== 'production' ? explain!.queueRefused(queue.length, max) : undefined,
      )
    }
  }

  /** `deferred`: asked for inside an event, so a refusal is counted and a throwing send is reported. */
  function push(message: M, deferred: boolean): boolean {
    const refuse = (error: GlockError) => {
      if (deferred) discard(1)
      report(error, 'send')
      return false
    }
    const closed = refusal(0)
    if (closed) return refuse(closed)
    const send = config.handlers.send
    let result: Step<S>
    try {
      // A send that throws throws at the call, before anything changed.
      result = send ? send(message, state, undefined) : { state, push: encode(message) }
      const problem = send && checkStep('send', result)
      if (problem) throw problem
    } catch (cause) {
      if (!deferred) throw cause
      if (cause instanceof GlockError) report(cause, 'send')
      else handlerFailed('send', cause)
      return false
    }
    const full = refusal(framesOf(result).length)
    if (full) return refuse(full)
    recovered('send')
    apply(result)
    return true
  }

  // --- requests ------------------------------------------------------------------------------------------
  /** `request()`, as one event: refused, sent, queued, or rejected with what `send` threw. */
  function sendRequest(
    message: M,
    options: RequestOptions,
    settlement: { resolve(value: unknown): void; reject(reason: unknown): void },
  ) {
    const closed = refusal(0)
    if (closed) return settlement.reject(closed)
    const timeout = options.timeout ?? settings.requestTimeout
    // Checked in every build: a timeout that is not a number would wait for ever, unsaid.
    if (!(timeout >= 0) || (timeout !== Infinity && !Number.isInteger(timeout))) {
      return settlement.reject(
        new GlockError(
          'invalid_argument',
          process.env.NODE_ENV !== 'production'
            ? explain!.option('timeout', 'a whole number ≥ 0 or Infinity', timeout).replace('options.', 'request: ')
            : undefined,
        ),
      )
    }
    const request = requests.begin(settlement, timeout, options.signal, !!options.resend, () => {
      return new GlockError(
        'request_timeout',
        process.env.NODE_ENV !== 'production' ? explain!.requestTimeout(request!.id, timeout) : undefined,
      )
    })
    if (!request) return
    const send = config.handlers.send
    let result: Step<S>
    try {
      result = send ? send(message, state, { id: request.id }) : { state, push: encode(message) }
      const problem = send && checkStep('send', result)
      if (problem) throw problem
    } catch (cause) {
      return requests.drop(
        request,
        cause instanceof GlockError
          ? cause
          : new GlockError(
              'handler_error',
              process.env.NODE_ENV !== 'production' ? explain!.handlerThrew('send', cause) : undefined,
              cause,
            ),
      )
    }
    request.frames = framesOf(result)
    const full = refusal(request.frames.length)
    if (full) return requests.drop(request, full)
    recovered('send')
    apply(result, false, request)
  }

  /** Replies from a handler's Step: each settles its request; one for no pending request is ignored. */
  function settleReplies(reply: Reply | readonly Reply[]) {
    for (const { id, ...outcome } of Array.isArray(reply) ? reply : [reply as Reply]) {
      const settled = requests.reply(
        id,
        'error' in outcome
          ? {
              error: new GlockError(
                'request_failed',
                process.env.NODE_ENV !== 'production' ? explain!.requestFailed(id, outcome.error) : undefined,
                outcome.error,
              ),
            }
          : { value: (outcome as { value?: unknown }).value },
      )
      if (!settled && process.env.NODE_ENV !== 'production') {
        try {
          settings.logger.debug(explain!.lateReply(id))
        } catch (error) {
          shield(error, settings.logger)
        }
      }
    }
  }

  /** Requests whose frames went out on a socket that is gone: sent again on the next open, or lost. */
  function requestsLost(close: CloseFrame) {
    requests.failAll(
      () => lost(close),
      (request) => request.sent && !request.resend,
    )
    for (const request of requests.all()) {
      if (request.sent) Object.assign(request, { sent: false, again: true })
    }
  }
  const lost = (cause: unknown) =>
    new GlockError(
      'connection_lost',
      process.env.NODE_ENV !== 'production' ? explain!.connectionLost(cause) : undefined,
      cause,
    )

  /** After `open`'s frames, before the queue: the requests to send again, in the order they were first sent. */
  function resend() {
    for (const request of requests.all()) {
      if (!request.again || !isOpen()) continue
      request.again = false
      for (const frame of request.frames) put(frame, request)
    }
  }

  // --- attempts ------------------------------------------------------------------------------------------
  /** Forgets the socket and every timer of the attempt; returns the socket, for the caller to close. */
  function release(): WebSocketLike | null {
    const ws = socket
    socket = null
    attemptId++
    connectTimer.clear()
    drainTimer.clear()
    heartbeat.stop()
    retryWait.cancel()
    return ws
  }

  /** Closes a socket we gave up on; a dead peer is cut off at once where the implementation can (ws's terminate). */
  function dispose(ws: WebSocketLike | null, code?: number, reason?: string) {
    try {
      if (code === undefined && typeof (ws as { terminate?: unknown })?.terminate === 'function') {
        ;(ws as unknown as { terminate(): void }).terminate()
      } else ws?.close(code, reason)
    } catch {
      // A socket that cannot even be closed is gone already.
    }
  }

  function attempt() {
    release()
    ended = undefined
    onPurpose = false
    const id = attemptId
    environment.start()
    // The connect timeout covers the URL function too: a token fetch that hangs is a failed attempt.
    connectTimer.set(() => run(() => id === attemptId && timedOut()), settings.connectTimeout)
    const target = config.url
    if (typeof target !== 'function') return openSocket(target)
    enter('resolving')
    // A URL function that throws and one that rejects make the same failed attempt.
    Promise.resolve()
      .then(target)
      .then(
        (resolved) => run(() => id === attemptId && openSocket(resolved)),
        (cause) =>
          run(
            () =>
              id === attemptId &&
              failed(
                new GlockError(
                  'invalid_url',
                  process.env.NODE_ENV !== 'production' ? explain!.urlFunction(cause) : undefined,
                  cause,
                ),
              ),
          ),
      )
  }

  function openSocket(target: FixedUrl) {
    let href: string
    try {
      href = resolveUrl(target)
    } catch (error) {
      // A fixed URL that cannot work is final; a URL function may do better next time.
      return typeof config.url === 'function' ? failed(error as GlockError) : finish(error as GlockError)
    }
    const WebSocketClass = settings.WebSocket ?? globalThis.WebSocket
    if (!WebSocketClass)
      return finish(
        new GlockError('no_websocket', process.env.NODE_ENV !== 'production' ? explain!.noWebSocket() : undefined),
      )
    enter('connecting')
    let ws: WebSocketLike
    try {
      ws = new WebSocketClass(href, settings.protocols)
    } catch (cause) {
      return failed(
        new GlockError(
          'socket_error',
          process.env.NODE_ENV !== 'production' ? explain!.constructorThrew(href, cause) : undefined,
          cause,
        ),
      )
    }
    socket = ws
    ws.binaryType = settings.binaryType
    ws.onopen = () => run(() => ws === socket && opened(ws))
    // Made once per socket, so the per-frame path allocates no closure.
    const onMessage = (data: unknown) => ws === socket && message(data)
    ws.onmessage = (event: { data: unknown }) => run(onMessage, event.data)
    // Node's ws throws 'error' events nobody listens to, so this listener stays, even on dropped sockets.
    ws.onerror = (event: { message?: string }) =>
      run(
        () =>
          ws === socket &&
          fault(
            'socket_error',
            process.env.NODE_ENV !== 'production' ? explain!.socketFailed(href, event.message) : undefined,
          ),
      )
    ws.onclose = (event: CloseFrame) =>
      run(() => ws === socket && gone(closeFrame(event.code, event.reason, event.wasClean), phase !== 'connecting'))
  }

  function opened(ws: WebSocketLike) {
    connectTimer.clear()
    openedAt = now()
    enter('open', { error: null })
    const open = config.handlers.open
    const info = { protocol: ws.protocol ?? '', extensions: ws.extensions ?? '', attempt: snapshot.attempt }
    if (open) step('open', (info: OpenInfo, current: S) => open(current, info), info)
    resend()
    pump()
    if (phase === 'open' && settings.heartbeat) heartbeat.start(settings.heartbeat)
  }

  function message(data: unknown) {
    const frame = toFrame(data)
    const options = settings.heartbeat
    if (options) {
      heartbeat.heard()
      // A pong check that throws lets the frame through to receive.
      if (guarded('heartbeat.isPong', () => options.isPong(frame))) return
    }
    deliver(frame)
  }

  function timedOut() {
    dispose(release())
    failed(
      new GlockError(
        'connect_timeout',
        process.env.NODE_ENV !== 'production'
          ? explain!.connectTimeout(
              typeof config.url === 'function' ? 'the URL function' : urlForDisplay(config.url),
              settings.connectTimeout,
            )
          : undefined,
      ),
    )
  }

  function heartbeatDead() {
    dispose(release())
    fault(
      'heartbeat_timeout',
      process.env.NODE_ENV !== 'production'
        ? explain!.heartbeatTimeout((settings.heartbeat as { timeout: number }).timeout)
        : undefined,
    )
    gone(closeFrame(1006, 'heartbeat timeout'), true)
  }

  /** A failed attempt: the socket never opened. */
  function failed(error: GlockError) {
    report(error)
    gone(closeFrame(1006, error.message), false)
  }

  /** The socket is gone: `receive` gets its close frame if it had opened, then the policy decides. */
  function gone(close: CloseFrame, wasOpen: boolean) {
    release()
    // Closing on purpose, the connection's end rejects them as connection_closed.
    if (!closingForGood()) requestsLost(close)
    const { type: _, ...lastClose } = close
    change({ lastClose })
    if (wasOpen) deliver(close)
    // Closing on purpose (close(), or a close step just now): no retry.
    if (closingForGood()) return finish()
    const policy = settings.reconnect
    if (!policy) return finish()
    const retry = nextAttempt(policy, snapshot.attempt, wasOpen ? now() - openedAt : -1)
    const { shouldReconnect } = policy
    // A shouldReconnect that throws leaves the decision to the default policy.
    const wanted = shouldReconnect && guarded('reconnect.shouldReconnect', () => !!shouldReconnect(close, retry))
    const decision = decideRetry(policy, close, wasOpen, retry, wanted)
    if (decision === 'stop') return finish()
    if (decision === 'exhausted') {
      return finish(
        new GlockError(
          'retries_exhausted',
          process.env.NODE_ENV !== 'production'
            ? explain!.retriesExhausted(policy.attempts, close.code, close.reason)
            : undefined,
        ),
      )
    }
    if (!environment.isOnline()) return enter('offline', { attempt: retry })
    const at = Math.round(now() + retryDelay(policy, retry, draw()))
    enter('waiting', { attempt: retry, nextRetryAt: at })
    const id = attemptId
    retryWait.wait(at, () => run(() => id === attemptId && attempt()))
  }

  /** A number in [0, 1) from the random source; anything else is reported, and the retry waits the whole bound. */
  function draw(): number {
    let value: unknown
    try {
      value = settings.random()
    } catch (cause) {
      value = cause
    }
    if (typeof value === 'number' && value >= 0 && value < 1) return value
    fault('invalid_option', process.env.NODE_ENV !== 'production' ? explain!.randomOutOfRange(value) : undefined)
    return 1
  }

  function onEnvironment(event: EnvironmentEvent) {
    run(() => {
      if (event === 'offline') {
        // Offline: stop burning attempts until the network returns.
        if (phase === 'waiting' || phase === 'resolving') {
          release()
          enter('offline')
        }
      } else if ((phase === 'waiting' || phase === 'offline') && (event === 'online' || environment.isOnline())) {
        attempt()
      }
    })
  }

  /** Why the connection ended for good, if an error ended it: a later refusal says so, with it as the cause. */
  let ended: GlockError | undefined
  /** Closing because someone asked (close(), a close step): pending requests end as `connection_closed`. */
  let onPurpose = false
  /** Over for good: the socket (if still opening) is closed, and the environment is no longer watched. */
  function finish(error?: GlockError) {
    ended = error
    requests.failAll(() =>
      onPurpose
        ? new GlockError(
            'connection_closed',
            process.env.NODE_ENV !== 'production' ? explain!.connectionClosed() : undefined,
          )
        : lost(error ?? snapshot.lastClose),
    )
    // Frames still queued would otherwise reach the server after a later reconnect().
    discard(queue.clear())
    dispose(release(), 1000, '')
    environment.stop()
    // The error first: whoever is told of 'closed' must see why.
    if (error) report(error)
    enter('closed')
  }

  /** A deliberate close: queued frames are discarded and counted, and no retry follows. */
  function requestClose(code: number, reason: string) {
    onPurpose = true
    discard(queue.clear())
    if (closingForGood()) return
    // While a lost socket's close frame is being delivered the phase is still open, but there is no socket.
    if (phase !== 'open' || !socket) return finish()
    drainTimer.clear()
    heartbeat.stop()
    enter('closing')
    // The socket's own handshake timeout (the browser's, or ws's 30 s) ends a close the server ignores.
    socket!.close(code, reason)
  }

  function restart() {
    const wasOpen = phase === 'open' || phase === 'closing'
    dispose(release(), 1000, 'reconnect')
    requestsLost(closeFrame(1000, 'reconnect'))
    enter('connecting', { attempt: 0 })
    if (wasOpen) deliver(closeFrame(1000, 'reconnect'))
    if (phase !== 'closed') attempt()
  }

  /** Takes new options; returns why they are invalid, keeping the previous settings then. */
  function resettle(options: ConnectOptions | null | undefined): GlockError | undefined {
    try {
      settings = settle(options)
    } catch (error) {
      return error as GlockError
    }
  }

  // --- start -----------------------------------------------------------------------------------------------
  const invalid = resettle(options)
  if (invalid) {
    // Bad options still leave the defaults, and the given onError and logger where they work, to report them with.
    const { onError, logger } = options!
    settings = { ...settle(null), onError: typeof onError === 'function' ? onError : undefined }
    if (typeof logger?.error === 'function') settings.logger = logger
  }
  call(() => {
    if (snapshot.error) report(snapshot.error)
    const problem = invalid ?? checkHandlers(handlers)
    if (problem) finish(problem)
    else attempt()
  })

  return {
    getSnapshot: read,
    subscribe: notifier.subscribe,
    push(message) {
      if (busy) {
        // Inside an event: refused now if it can never work, sent right after the event otherwise. Behind calls
        // already waiting (a reconnect(), say) it is judged at its turn, like they are.
        const refused = inbox.length === 0 && refusal(1)
        if (refused) run(() => report(refused))
        else call(() => push(message, true))
        return !refused
      }
      let result = false
      let failure: { error: unknown } | undefined
      call(() => {
        try {
          result = push(message, false)
        } catch (error) {
          failure = { error }
        }
      })
      if (failure) throw failure.error
      return result
    },
    request<R>(message: M, options?: RequestOptions) {
      // Not a call that shows at once: pending counts are batched like incoming frames.
      return new Promise<R>((resolve, reject) =>
        run(() => sendRequest(message, options ?? {}, { resolve: resolve as (value: unknown) => void, reject })),
      )
    },
    close(code = 1000, reason = '') {
      const problem = closeProblem(code, reason)
      if (problem)
        throw new GlockError(
          'invalid_argument',
          process.env.NODE_ENV !== 'production' ? explain!.close(code, reason, problem) : undefined,
        )
      call(() => requestClose(code, reason))
    },
    reconnect: () => call(restart),
    release: () => call(() => requestClose(1000, '')),
    configure(nextUrl, nextHandlers, nextOptions) {
      run(() => {
        const previous = config
        config = { url: nextUrl, handlers: nextHandlers ?? {}, options: nextOptions }
        const problem = (nextOptions !== previous.options && resettle(nextOptions)) || checkHandlers(nextHandlers)
        // An inline options object is new every render: report the same problem once, or the owner re-renders forever.
        if (problem && snapshot.error?.message !== problem.message) report(problem)
        // The open socket's heartbeat follows the new settings at once.
        if (phase === 'open') heartbeat.follow(settings.heartbeat)
        // A fixed URL that changed under the same key moves the socket; a URL function applies from the next attempt.
        const moved =
          typeof nextUrl !== 'function' &&
          typeof previous.url !== 'function' &&
          String(nextUrl) !== String(previous.url)
        if (moved && !closingForGood()) {
          restart()
          notifier.flush()
        }
      })
    },
  }
}
