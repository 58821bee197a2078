import {
  connect,
  defineSocket,
  GlockError,
  initialSnapshot,
  type Callbacks,
  type Connection,
  type ConnectOptions,
  type Data,
  type Frame,
  type HandlersWithInit,
  type Reply,
  type RequestOptions,
  type Snapshot,
  type SocketDefinition,
  type Step,
  type TabsEnvironment,
  type UrlInput,
} from 'react-glock/core'
import { systemClock } from '../core/clock'
import { isDefinition } from '../core/definition'
import { createNotifier } from '../core/notifier'
import { closeProblem } from '../core/step'
import { createOutbox } from './outbox'
import { fromWire, toWire, type Answer, type Command, type WireMessage, type WireSnapshot } from './wire'

/** The wire protocol's version: a later, incompatible release uses another name, and never talks to this one. */
const PROTOCOL = 'react-glock/tabs/1:'

const HANDLER_NAMES = ['init', 'open', 'send', 'receive'] as const

/** A request the previous leader sent, to go out again with the same frames; its reply names `id`. */
interface Resent {
  id: number
  frames: readonly Data[]
}

/** One of this tab's requests, until it settles. */
interface Mine {
  resolve(value: unknown): void
  reject(reason: unknown): void
  command: Extract<Command, { op: 'request' }>
  /** Its command's number: until the leader carried it out, it is replayed rather than handed on. */
  n: number
  /** When its timeout ends, on this tab's clock: a hand-over passes on what is left of it. */
  deadline: number
}

type Role = 'waiting' | 'follower' | 'leader' | 'alone' | 'released'

/** Where this runtime's tabs meet, or undefined (server rendering, Node, React Native, old browsers). */
function tabsHere(): TabsEnvironment | undefined {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: TabsEnvironment['locks'] }).locks
  if (locks && typeof BroadcastChannel === 'function') return { locks, BroadcastChannel }
}

/**
 * `connect`, with one socket per key for all the tabs, windows and iframes of an origin. The tab that wins a Web
 * Lock (the leader) holds the socket and runs the handlers; the others mirror its snapshot over a BroadcastChannel
 * and act through it. When the leader goes, another tab takes over from the last snapshot it saw, and reconnects.
 * Where Web Locks or BroadcastChannel are missing, or a URL function has no `key`, it is `connect`.
 * @example
 * const chat = defineSocket('wss://chat.example/room/1', handlers, { connect: connectAcrossTabs })
 */
export function connectAcrossTabs<S, M = unknown>(definition: SocketDefinition<S, M>): Connection<S, M>
export function connectAcrossTabs<S, M = unknown>(
  url: UrlInput,
  handlers: HandlersWithInit<S, M>,
  options?: ConnectOptions | null,
): Connection<S, M>
export function connectAcrossTabs<S = Frame, M = unknown>(
  url: UrlInput,
  handlers?: Callbacks<S | null, M> | null,
  options?: ConnectOptions | null,
): Connection<S | null, M>
export function connectAcrossTabs<S, M>(
  target: UrlInput | SocketDefinition<S, M>,
  givenHandlers?: Callbacks<S, M> | null,
  givenOptions?: ConnectOptions | null,
): Connection<S, M> {
  // A definition brings the key the way connect's would be found: options.key, else the resolved URL.
  const definition: SocketDefinition<S, M> = isDefinition(target)
    ? target
    : (defineSocket as (url: UrlInput, handlers?: unknown, options?: unknown) => SocketDefinition<S, M>)(
        target as UrlInput,
        givenHandlers,
        givenOptions,
      )
  let config: {
    url: UrlInput
    handlers: Callbacks<S, M> | null | undefined
    options: ConnectOptions | null | undefined
  } = {
    url: definition.url,
    handlers: definition.handlers,
    options: definition.options as ConnectOptions | null,
  }
  const key = definition.key
  const tabs = config.options?.tabs ?? tabsHere()
  if (!tabs || key === null) return connect(config.url, config.handlers as HandlersWithInit<S, M>, config.options)

  const options = () => config.options
  const clock = () => options()?.clock ?? systemClock
  const logger = () => options()?.logger ?? console
  const self = (options()?.random ?? Math.random)().toString(36).slice(2) + clock().now().toString(36)
  const handlerNames = () => HANDLER_NAMES.filter((name) => config.handlers?.[name] != null).join(', ') || 'none'
  const sig = () => `${handlerNames()}|${options()?.version ?? ''}`

  let role: Role = 'waiting'
  let snapshot: Snapshot<S> = {
    ...initialSnapshot<S>(config.url, config.handlers as Callbacks<S, never>, key),
    status: 'connecting',
  }
  /** A callback that throws goes to the platform, as the core's do. */
  const shield = (error: unknown) => {
    if (typeof reportError === 'function') reportError(error)
    else logger().error(error)
  }
  const notifier = createNotifier(
    () => options()?.notify ?? 'frame',
    clock,
    (task) => task(),
    shield,
  )
  /** A new snapshot for this tab's subscribers: at once for a call of its own, batched like frames otherwise. */
  function show(next: Snapshot<S>, now?: boolean) {
    if (next === snapshot) return
    snapshot = next
    notifier.changed()
    if (now) notifier.flush()
    else notifier.eventEnded()
  }
  const report = (error: GlockError) => {
    try {
      options()?.onError?.(error)
    } catch (thrown) {
      shield(thrown)
    }
  }

  const channel = new tabs.BroadcastChannel(PROTOCOL + key)
  const post = (message: WireMessage) => channel.postMessage(message)
  channel.onmessage = ({ data }: { data: WireMessage }) => {
    try {
      receive(data)
    } catch (error) {
      // The last line of defence: nothing may escape from a channel event.
      shield(error)
    }
  }
  // A leader answers with its snapshot: a tab that joins late shows the current state after one round trip.
  post({ type: 'hello', from: self })

  // --- what every tab knows of the shared connection, from the leader's snapshots -------------------------------
  let term = 0
  let seq = 0
  let stateSeq = -1
  let lastId = 0
  let acked: Record<string, number> = {}
  /** The last snapshot a leader posted, as this tab rebuilt it: where a new leader here starts from. */
  let mirrored: Snapshot<S> | undefined

  // --- this tab's own --------------------------------------------------------------------------------------------
  const outbox = createOutbox()
  const mine = new Map<number, Mine>()
  let rids = 0
  /** A refusal the leader sent back for this tab's push, and the push's number: a later accepted one clears it. */
  let refused: { error: GlockError; n: number } | undefined

  /** The snapshot this tab shows, from the shared one: its own requests, refusals and part. */
  function view(shared: Snapshot<S>): Snapshot<S> {
    return {
      ...shared,
      error: refused?.error ?? shared.error,
      pending: role === 'leader' || role === 'alone' ? shared.pending : mine.size,
      tab: role === 'leader' || role === 'follower' ? role : null,
    }
  }
  const pendingChanged = () => show({ ...snapshot, pending: mine.size })

  /** Another tab has spoken on the channel: until then a leader posts nothing, for nobody would hear it. */
  let heard = false
  function receive(message: WireMessage) {
    if (role === 'released' || role === 'alone') return
    heard = true
    switch (message.type) {
      case 'snapshot':
        return mirror(message)
      case 'command':
        return role === 'leader' && command(message)
      case 'hello':
        return role === 'leader' && publish(true)
      case 'answer':
        return message.to === self && answered(message.answer)
      case 'bye':
        // The leader went: its socket with it. Show that until the next leader's first snapshot.
        if (message.leader && role === 'follower' && snapshot.status !== 'closed')
          show({ ...snapshot, status: 'connecting' })
    }
  }

  function mirror(message: Extract<WireMessage, { type: 'snapshot' }>) {
    if (role === 'leader' || message.term < term || (message.term === term && message.seq <= seq)) return
    const newLeader = message.term > term
    term = message.term
    seq = message.seq
    lastId = message.lastId
    acked = message.acked
    if (message.sig !== sig()) return alone(message)
    outbox.acked(acked[self] ?? 0)
    if (refused && (acked[self] ?? 0) > refused.n) refused = undefined
    const wire = message.snapshot
    const previous = mirrored ?? snapshot
    let state = previous.state
    if (message.stateSeq !== stateSeq && 'state' in message) {
      state = message.state as S
      stateSeq = message.stateSeq
    }
    const error = fromWire(wire.error, previous.error)
    const lastClose =
      wire.lastClose &&
      previous.lastClose &&
      wire.lastClose.code === previous.lastClose.code &&
      wire.lastClose.reason === previous.lastClose.reason &&
      wire.lastClose.wasClean === previous.lastClose.wasClean
        ? previous.lastClose
        : wire.lastClose
    if (error !== previous.error) refused = undefined
    const shared = { ...previous, ...wire, state, error, lastClose }
    mirrored = shared
    role = 'follower'
    if (newLeader) handOver()
    // A new part or status shows at once (a hand-over, an open): they are rare, and frames may be far apart.
    show(view(shared), shared.status !== snapshot.status || snapshot.tab !== 'follower')
  }

  /** A new leader: this tab's commands it has not carried out go to it again, in order, then its requests. */
  function handOver() {
    for (const { n, command } of outbox.waiting()) post({ type: 'command', from: self, sig: sig(), n, command })
    carryOn((request) => (request.n = send(request.command)))
  }

  /**
   * Requests the leader that went had taken on: sent on to the next one if they may go out again (`resend`), with
   * the id and frames they went out with and what is left of their timeout; lost otherwise.
   */
  function carryOn(deliver: (request: Mine, rid: number) => void) {
    for (const [rid, request] of mine) {
      // Not carried out yet: it goes again with the other commands.
      if (request.n > (acked[self] ?? 0)) continue
      const sent = answeredSent.get(rid)
      answeredSent.delete(rid)
      if (!request.command.resend) {
        settleMine(rid, { error: lost() })
        continue
      }
      const timeout = Math.max(0, request.deadline - clock().now())
      request.command = { ...request.command, timeout, ...(sent && { id: sent.id, frames: [...sent.frames] }) }
      deliver(request, rid)
    }
  }
  /** The ids and frames the leader told this tab its requests went out with. */
  const answeredSent = new Map<number, { id: number; frames: readonly Data[] }>()
  const lost = () =>
    new GlockError(
      'connection_lost',
      process.env.NODE_ENV !== 'production'
        ? 'The tab that held the connection went before the reply came (the request had no resend).'
        : undefined,
    )

  function answered(answer: Answer) {
    if (answer.kind === 'refused') {
      refused = { error: fromWire(answer.error)!, n: answer.n }
      return show(view(mirrored ?? snapshot))
    }
    if (!mine.has(answer.rid)) return
    if (answer.kind === 'sent') return void answeredSent.set(answer.rid, answer)
    answeredSent.delete(answer.rid)
    settleMine(answer.rid, answer.error ? { error: fromWire(answer.error) } : { value: answer.value })
  }

  function settleMine(rid: number, outcome: { value?: unknown; error?: unknown }) {
    const request = mine.get(rid)
    if (!request) return
    mine.delete(rid)
    if ('error' in outcome) request.reject(outcome.error)
    else request.resolve(outcome.value)
    pendingChanged()
  }

  /** Numbers a command and posts it: a leader carries it out now, else the next one will. */
  function send(command: Command): number {
    const n = outbox.add(command)
    try {
      post({ type: 'command', from: self, sig: sig(), n, command })
    } catch (error) {
      outbox.remove(n)
      throw error
    }
    return n
  }

  // --- the leader ------------------------------------------------------------------------------------------------
  let inner: Connection<S, M> | undefined
  let unlock: (() => void) | undefined
  /** Request ids here are the previous leaders' and then this one's: 1, 2, 3, … for the shared connection. */
  let base = 0
  /** The messages that are requests sent again: `send` passes their frames on as they are. */
  const resent = new WeakSet<object>()
  const marked = (again: Resent) => (resent.add(again), again)
  /** Resent requests: the id they were sent with → the id the connection gave them here. */
  const alias = new Map<number, number>()
  /** The request being forwarded now: `send` fills in its id and frames. */
  let current: { id?: number; frames?: readonly Data[] } | undefined
  const forwards = new Map<string, AbortController>()
  let published: Snapshot<S> | undefined
  let acksChanged = false
  let localCall = false
  /** Set when the state cannot be cloned to the other tabs; cleared by the next snapshot that can. */
  let cloneError: GlockError | undefined
  let leaving = false

  /**
   * The lock asked for and not yet held. A tab asks while it has subscribers (or before it ever had one), so a
   * tab whose components are all gone, waiting out its closeDelay, never takes over a socket nobody there uses.
   */
  let asking: AbortController | undefined
  let subscribers = 0
  function ask() {
    if (asking || role === 'leader' || role === 'alone' || role === 'released') return
    const controller = (asking = new AbortController())
    tabs!.locks
      .request(PROTOCOL + key, { signal: controller.signal }, () => {
        if (asking !== controller) return Promise.resolve()
        asking = undefined
        return new Promise<void>((resolve) => {
          unlock = resolve
          lead()
        })
      })
      .catch(() => {
        // Withdrawn: this tab left, has no subscribers, or connects on its own.
      })
  }
  const withdraw = () => {
    asking?.abort()
    asking = undefined
  }
  ask()

  /** The handlers, as the leader runs them: request ids go on from the previous leader's, and resent requests keep theirs. */
  function wrap(handlers: Callbacks<S, M> | null | undefined): Callbacks<S, M> {
    const { open, send, receive } = handlers ?? {}
    const toHere = (id: unknown) => (typeof id === 'number' ? (alias.get(id) ?? id) - base : id)
    const mapReply = (reply: Reply) =>
      typeof reply === 'object' && reply !== null ? { ...reply, id: toHere(reply.id) as number } : reply
    return {
      ...handlers,
      init: carried ? () => carried!.state : handlers?.init,
      // Taking over is a reconnect: `open` can subscribe again.
      open: open && ((state, info) => open(state, tookOver && !info.attempt ? { ...info, attempt: 1 } : info)),
      send:
        send &&
        ((message, state, request) => {
          const id = request && request.id + base
          if (id !== undefined && id > lastId) lastId = id
          const again = resent.has(message as object) && (message as Resent)
          if (again) {
            alias.set(again.id, id!)
            return { state, push: again.frames }
          }
          const step = send(message, state, id === undefined ? undefined : { id })
          if (request && current) {
            current.id = id
            current.frames = step?.push === undefined ? [] : ([] as Data[]).concat(step.push as Data)
          }
          return step
        }),
      receive:
        receive &&
        ((frame, state) => {
          const step: Step<S> = receive(frame, state)
          const reply = step?.reply
          if (reply === undefined) return step
          return { ...step, reply: Array.isArray(reply) ? reply.map(mapReply) : mapReply(reply as Reply) }
        }),
    }
  }
  const innerOptions = (): ConnectOptions => ({ ...options(), notify: 'sync' })

  function lead() {
    carried = mirrored
    tookOver = mirrored !== undefined
    role = 'leader'
    // Later than every term before it, even one this tab never saw (a leader that went before it heard of it).
    term = Math.max(term + 1, clock().now())
    seq = 0
    base = lastId
    // Closed for every tab before the last leader went: it stays closed, with no socket, until a reconnect().
    if (carried?.status === 'closed' || carried?.status === 'closing') changed()
    else start()
    // What this tab asked of the leader that went is carried out here now.
    for (const { command } of outbox.drain()) carryOut(self, command)
    carryOn((request, rid) => forward(self, rid, request.command))
  }
  function start() {
    const connection = (inner = connect(config.url, wrap(config.handlers) as HandlersWithInit<S, M>, innerOptions()))
    connection.subscribe(() => role === 'leader' && !leaving && changed())
    changed()
  }
  /** `reconnect()` starts counting again, as `connect`'s does: the take-over's attempt 1 is over. */
  function restart() {
    tookOver = false
    if (inner) inner.reconnect()
    else start()
  }
  /** A leader with no connection (it took over a closed one) refuses what needs one. */
  const closedError = () =>
    new GlockError(
      'not_open',
      process.env.NODE_ENV !== 'production'
        ? 'push was refused: the connection is closed. Call reconnect() to connect again.'
        : undefined,
    )

  /** The snapshot this tab took over from, if it took over. */
  let carried: Snapshot<S> | undefined
  let tookOver = false

  /** The connection changed: this tab shows it, and every other tab hears of it now (never on an animation frame). */
  function changed() {
    const inside = inner
      ? inner.getSnapshot()
      : { ...carried!, status: 'closed' as const, discarded: 0, lastClose: null }
    const before = mirrored
    const shared: Snapshot<S> = {
      ...inside,
      attempt: inside.attempt || (tookOver ? 1 : 0),
      discarded: inside.discarded + (before?.discarded ?? 0),
      lastClose: inside.lastClose ?? before?.lastClose ?? null,
      error: cloneError ?? inside.error,
      pending: mine.size,
    }
    leaderSnapshot = shared
    publish()
    // The latest: publishing may have found an error, and shown it already.
    show(view(leaderSnapshot), localCall || leaderSnapshot.status !== snapshot.status || snapshot.tab !== 'leader')
  }
  let leaderSnapshot: Snapshot<S> | undefined

  function publish(hello = false) {
    if (role !== 'leader' || leaving || !heard) return
    const shared = leaderSnapshot!
    if (shared === published && !acksChanged && !hello) return
    const stateChanged = published === undefined || !Object.is(published.state, shared.state)
    published = shared
    acksChanged = false
    if (stateChanged) stateSeq++
    const { state, pending: _, tab: __, error, ...rest } = shared
    const message: Extract<WireMessage, { type: 'snapshot' }> = {
      type: 'snapshot',
      from: self,
      term,
      seq: ++seq,
      sig: sig(),
      handlers: handlerNames(),
      version: options()?.version,
      snapshot: { ...rest, error: toWire(error) } as WireSnapshot,
      stateSeq,
      lastId,
      acked,
    }
    if (stateChanged || hello) message.state = state
    try {
      post(message)
      // Only a state that crossed ends the error: a snapshot without one says nothing of it.
      if (cloneError && 'state' in message) {
        cloneError = undefined
        changed()
      }
    } catch (cause) {
      const error = new GlockError(
        'invalid_state',
        process.env.NODE_ENV !== 'production'
          ? `The state cannot be cloned to the other tabs (${(cause as Error)?.message ?? cause}): keep it to plain data (no functions, class instances with methods, or DOM nodes).`
          : undefined,
        cause,
      )
      // The others keep the last state that crossed, and hear why no newer one does.
      delete message.state
      post({ ...message, snapshot: { ...message.snapshot, error: toWire(error) } })
      if (cloneError?.message !== error.message) {
        cloneError = error
        report(error)
        changed()
      }
    }
  }

  function command(message: Extract<WireMessage, { type: 'command' }>) {
    // Another version's tab: it connects on its own once it sees this leader's snapshot.
    if (message.sig !== sig()) return
    // A duplicate (a replay of what was done), or one after a gap that the sender's replay fills in order.
    if (message.n !== (acked[message.from] ?? 0) + 1) return
    acked = { ...acked, [message.from]: message.n }
    acksChanged = true
    carryOut(message.from, message.command, message.n)
    publish()
  }

  /** Carries out a command, from another tab or this one's own from before it led. */
  function carryOut(from: string, command: Command, n = 0) {
    const connection = inner
    if (!connection) {
      if (command.op === 'reconnect') restart()
      else if (command.op === 'push' && from !== self)
        answer(from, { kind: 'refused', n, error: toWire(closedError())! })
      else if (command.op === 'request') settle(from, command.rid, { error: closedError() })
      return
    }
    switch (command.op) {
      case 'push': {
        let ok = false
        let error: GlockError | null = null
        try {
          ok = connection.push(command.message as M)
        } catch (cause) {
          error =
            cause instanceof GlockError
              ? cause
              : new GlockError(
                  'handler_error',
                  process.env.NODE_ENV !== 'production'
                    ? `The send handler threw: ${(cause as Error)?.message ?? cause}`
                    : undefined,
                  cause,
                )
        }
        if (!ok && from !== self)
          answer(from, { kind: 'refused', n, error: toWire(error ?? connection.getSnapshot().error)! })
        return
      }
      case 'request':
        return forward(from, command.rid, command)
      case 'cancel':
        return forwards.get(`${from} ${command.rid}`)?.abort()
      case 'close':
        return connection.close(command.code, command.reason)
      case 'reconnect':
        return restart()
    }
  }

  function answer(to: string, answer: Answer) {
    if (leaving) return
    try {
      post({ type: 'answer', to, answer })
    } catch (cause) {
      // A reply value that cannot be cloned: the request fails in the tab that made it, saying why.
      if (answer.kind === 'settled')
        post({
          type: 'answer',
          to,
          answer: {
            kind: 'settled',
            rid: answer.rid,
            error: toWire(new GlockError('request_failed', String(cause), cause)),
          },
        })
    }
  }

  /** Sends a request through the connection for the tab that made it, and tells that tab how it went. */
  function forward(
    from: string,
    rid: number,
    command: Extract<Command, { op: 'request' }>,
    signal?: RequestOptions['signal'],
  ) {
    const connection = inner!
    const controller = new AbortController()
    const name = `${from} ${rid}`
    forwards.set(name, controller)
    const sendAgain = command.id !== undefined && config.handlers?.send
    current = {}
    const promise = connection.request(
      sendAgain ? (marked({ id: command.id!, frames: command.frames! }) as M) : (command.message as M),
      {
        timeout: command.timeout,
        resend: command.resend,
        signal: signal ?? controller.signal,
      },
    )
    const { id, frames } = current
    current = undefined
    if (id !== undefined && from !== self) answer(from, { kind: 'sent', rid, id, frames: frames! })
    const done = (outcome: { value?: unknown; error?: unknown }) => {
      forwards.delete(name)
      settle(from, rid, outcome)
    }
    promise.then(
      (value) => done({ value }),
      (error) => done({ error }),
    )
  }

  /** A request settled here: in this tab, or in the tab that made it. */
  function settle(from: string, rid: number, outcome: { value?: unknown; error?: unknown }) {
    if (from === self) return settleMine(rid, outcome)
    const { error } = outcome
    answer(from, {
      kind: 'settled',
      rid,
      ...('error' in outcome
        ? {
            error: toWire(error instanceof GlockError ? error : new GlockError('request_failed', String(error), error)),
          }
        : { value: outcome.value }),
    })
  }

  // --- on its own ------------------------------------------------------------------------------------------------
  /** Development builds: a leader running other code (a rolling deploy) is not mirrored; this tab connects by itself. */
  function alone(message: Extract<WireMessage, { type: 'snapshot' }>) {
    if (process.env.NODE_ENV !== 'production') {
      try {
        logger().warn(
          `[react-glock] The tab leading ${JSON.stringify(key)} runs other code (handlers: ${message.handlers}; ` +
            `version: ${JSON.stringify(message.version ?? null)}) than this one (handlers: ${handlerNames()}; version: ` +
            `${JSON.stringify(options()?.version ?? null)}): this tab connects on its own, with its own socket.`,
        )
      } catch {
        // A logger that cannot warn leaves nowhere else to say it.
      }
    }
    withdraw()
    post({ type: 'bye', from: self, leader: false })
    channel.close()
    role = 'alone'
    const connection = (inner = connect(config.url, config.handlers as HandlersWithInit<S, M>, innerOptions()))
    connection.subscribe(() => show(view(connection.getSnapshot()), localCall))
    show(view(connection.getSnapshot()))
    for (const { command } of outbox.drain()) carryOut(self, command)
  }

  /** A call of this tab's own: what it changes shows at once. */
  function own<T>(task: () => T): T {
    const outer = localCall
    localCall = true
    try {
      return task()
    } finally {
      localCall = outer
      notifier.flush()
    }
  }
  const leading = () => role === 'leader' || role === 'alone'
  /** A push refused in this tab: its error, and false. */
  function refuse(error: GlockError) {
    report(error)
    show({ ...snapshot, error }, true)
    return false
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      const unsubscribe = notifier.subscribe(listener)
      subscribers++
      ask()
      let done = false
      return () => {
        if (done) return
        done = true
        unsubscribe()
        if (--subscribers === 0) withdraw()
      }
    },
    push(message) {
      if (leading()) return own(() => (inner ? inner.push(message) : refuse(closedError())))
      if (role === 'released') {
        return refuse(
          new GlockError(
            'not_open',
            process.env.NODE_ENV !== 'production' ? 'push was refused: this tab released the connection.' : undefined,
          ),
        )
      }
      try {
        send({ op: 'push', message })
        return true
      } catch (cause) {
        // It cannot cross to the leader (a function, say): refused here, saying why.
        const error = new GlockError(
          'invalid_argument',
          process.env.NODE_ENV !== 'production'
            ? `push: the message cannot be sent to the tab that holds the connection (${(cause as Error)?.message ?? cause}).`
            : undefined,
          cause,
        )
        return refuse(error)
      }
    },
    request<R>(message: M, requestOptions?: RequestOptions): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        if (role === 'alone') return void inner!.request<R>(message, requestOptions).then(resolve, reject)
        if (role === 'leader' && !inner) return reject(closedError())
        const { timeout, signal, resend = false } = requestOptions ?? {}
        if (signal?.aborted) return reject(signal.reason)
        const rid = ++rids
        const command: Extract<Command, { op: 'request' }> = { op: 'request', rid, message, timeout, resend }
        const deadline = clock().now() + (timeout ?? options()?.requestTimeout ?? 30_000)
        const request: Mine = { resolve: resolve as (value: unknown) => void, reject, command, n: 0, deadline }
        mine.set(rid, request)
        if (role === 'leader') {
          forward(self, rid, command, signal)
        } else {
          try {
            request.n = send(command)
          } catch (cause) {
            mine.delete(rid)
            return reject(
              new GlockError(
                'invalid_argument',
                process.env.NODE_ENV !== 'production'
                  ? `request: the message cannot be sent to the tab that holds the connection (${(cause as Error)?.message ?? cause}).`
                  : undefined,
                cause,
              ),
            )
          }
          signal?.addEventListener(
            'abort',
            () => {
              if (!mine.has(rid)) return
              settleMine(rid, { error: signal.reason })
              send({ op: 'cancel', rid })
            },
            { once: true },
          )
        }
        pendingChanged()
      })
    },
    close(code = 1000, reason = '') {
      const problem = closeProblem(code, reason)
      if (problem)
        throw new GlockError(
          'invalid_argument',
          process.env.NODE_ENV !== 'production' ? `close(${code}, ${JSON.stringify(reason)}): ${problem}.` : undefined,
        )
      if (leading()) own(() => inner?.close(code, reason))
      else if (role !== 'released') send({ op: 'close', code, reason })
    },
    reconnect() {
      if (leading()) own(restart)
      else if (role !== 'released') send({ op: 'reconnect' })
    },
    release() {
      const was = role
      if (was === 'released') return
      role = 'released'
      withdraw()
      if (was === 'leader') {
        // The others take over from the last snapshot posted: what this socket does while closing is not theirs.
        leaving = true
        post({ type: 'bye', from: self, leader: true })
      } else if (was !== 'alone') post({ type: 'bye', from: self, leader: false })
      channel.close()
      inner?.release()
      unlock?.()
      for (const rid of [...mine.keys()])
        settleMine(rid, {
          error: new GlockError(
            'connection_closed',
            process.env.NODE_ENV !== 'production' ? 'The connection was released before the reply came.' : undefined,
          ),
        })
    },
    configure(url, handlers, nextOptions) {
      config = { url, handlers, options: nextOptions }
      if (role === 'alone') inner!.configure(url, handlers, innerOptions())
      else if (role === 'leader') inner!.configure(url, wrap(handlers), innerOptions())
    },
  }
}
