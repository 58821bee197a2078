import { vi } from 'vitest'
import {
  connect,
  type Clock,
  type Environment,
  type Frame,
  type Snapshot,
  type WebSocketConstructor,
} from 'react-glock/core'
import { FakeSocket } from '../support/fake-socket'

// Drives one connection into any phase of src/core/connection.ts's lifecycle table, and fires any event at it.

export type Phase = 'resolving' | 'connecting' | 'open' | 'closing' | 'waiting' | 'offline' | 'closed'

export type Event =
  | 'url answered'
  | 'url failed'
  | 'socket open'
  | 'socket message'
  | 'socket close'
  | 'connect timeout'
  | 'heartbeat dead'
  | 'retry due'
  | 'online, visible'
  | 'offline'
  | 'push'
  | 'close()'
  | 'reconnect()'

/** Distinct delays, so every timer the connection sets can be told apart by its delay alone. */
export const CONNECT_TIMEOUT = 1009
export const RETRY_DELAY = 307
export const HEARTBEAT = { interval: 2003, timeout: 701 }

/** A FakeSocket that can also be cut off at once, like ws's `terminate()`, which the connection uses on a dead peer. */
export class Socket extends FakeSocket {
  terminated = false
  terminate() {
    this.terminated = true
    this.readyState = 3
  }
}

type Kind = 'connect' | 'retry' | 'ping' | 'pong' | 'other'
const kindOf = (ms: number): Kind =>
  ms === CONNECT_TIMEOUT
    ? 'connect'
    : ms === RETRY_DELAY
      ? 'retry'
      : ms === HEARTBEAT.interval
        ? 'ping'
        : ms === HEARTBEAT.timeout
          ? 'pong'
          : 'other'

interface Timer {
  kind: Kind
  due: number
  pending: boolean
  /** What the connection asked to run, kept even once cleared: a stale timer is fired by calling it. */
  callback: () => void
  handle: ReturnType<typeof setTimeout>
}

interface UrlRequest {
  resolve(url: string): void
  reject(cause: unknown): void
  settled: boolean
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/**
 * A fresh connection (call `vi.useFakeTimers()` first) with a URL function whose answers the test gives, a hand-driven
 * environment, a clock that logs every timer, and a `receive` that counts frames.
 */
export function harness() {
  let online = true
  let listener: ((event: 'online' | 'offline' | 'visible') => void) | undefined
  // The listener is kept after `stop()` on purpose: a late environment event must be ignored too.
  const environment: Environment = {
    isOnline: () => online,
    subscribe(given) {
      listener = given
      return () => {}
    },
  }

  const timers: Timer[] = []
  /** timers[0, over) were set by attempts that are over. */
  let over = 0
  const clock: Clock = {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const timer: Timer = { kind: kindOf(ms), due: Date.now() + ms, pending: true, callback, handle: undefined! }
      timer.handle = setTimeout(() => ((timer.pending = false), callback()), ms)
      timers.push(timer)
      return timer
    },
    clearTimeout(timer) {
      ;(timer as Timer).pending = false
      clearTimeout((timer as Timer).handle)
    },
  }

  const urls: UrlRequest[] = []
  const errors: string[] = []
  /** Anything the connection had to shield itself from (a throw inside it): should stay empty. */
  const shielded: unknown[] = []
  /** Every frame `receive` saw. */
  const seen: Frame[] = []
  FakeSocket.reset()

  const connection = connect<number, string>(
    () =>
      new Promise<string>((resolve, reject) => {
        const request: UrlRequest = {
          resolve: (url) => ((request.settled = true), resolve(url)),
          reject: (cause) => ((request.settled = true), reject(cause)),
          settled: false,
        }
        urls.push(request)
      }),
    { init: () => 0, receive: (frame, n) => (seen.push(frame), { state: n + 1 }) },
    {
      key: 'phases',
      WebSocket: Socket as unknown as WebSocketConstructor,
      notify: 'sync',
      logger: { debug() {}, warn() {}, error: (error) => shielded.push(error) },
      onError: (error) => errors.push(error.code),
      environment,
      clock,
      random: () => 0.5,
      connectTimeout: CONNECT_TIMEOUT,
      heartbeat: { ...HEARTBEAT },
      reconnect: { minDelay: RETRY_DELAY, maxDelay: RETRY_DELAY, jitter: false, attempts: 100 },
    },
  )

  let phase: Phase = 'resolving'
  const sockets = () => FakeSocket.made as Socket[]
  const last = () => sockets().at(-1)!
  const hasSocket = () => phase === 'connecting' || phase === 'open' || phase === 'closing'
  /** The socket of the attempt under way, if it has one. */
  const current = (): Socket | null => (hasSocket() ? last() : null)
  /** The newest socket of an attempt that is over. */
  const old = (): Socket => sockets().at(hasSocket() ? -2 : -1)!
  const pendingUrl = () => urls.filter((request) => !request.settled).at(-1)!
  /** The newest URL request that an attempt now over left unanswered. */
  const staleUrl = () => urls.filter((request) => !request.settled && request !== urls.at(-1)).at(-1)!
  const advance = async (ms: number) => (vi.advanceTimersByTime(ms), flush())
  const attemptOver = () => (over = timers.length)
  /** Answers the URL request under way. */
  async function answer() {
    pendingUrl().resolve('ws://x.test')
    await flush()
  }
  /** The network comes back. */
  async function networkBack() {
    online = true
    listener!('online')
    await flush()
  }

  /**
   * Time runs out, if a timer of one of the `live` kinds is pending (`after` more past it when that is a ping);
   * otherwise the newest `stale` timer of an attempt that is over fires.
   */
  async function timer(live: Kind[], stale: Kind, after = 0) {
    const pending = timers.find((t) => t.pending && live.includes(t.kind))
    if (pending) return advance(pending.due - Date.now() + (pending.kind === 'ping' ? after : 0))
    const old = timers.slice(0, over).filter((t) => t.kind === stale)
    if (old.length === 0) throw new Error(`no stale ${stale} timer`)
    old.at(-1)!.callback()
    await flush()
  }

  /**
   * Every phase is reached through the same lived history, so that each has a stale URL request, an old socket and
   * stale timers of every kind: the first URL request is abandoned by the connect timeout; the second opens socket 1,
   * which sends a ping and is lost; the retry asks the URL again and opens socket 2.
   */
  async function lived(network: boolean) {
    await flush() // resolving: URL request 1
    await advance(CONNECT_TIMEOUT) // failed: waiting (request 1 stays unanswered)
    attemptOver()
    await advance(RETRY_DELAY) // resolving: URL request 2
    await answer() // connecting: socket 1
    last().open()
    await advance(HEARTBEAT.interval) // a ping goes out; the pong timer runs
    online = network
    last().serverClose(1006, '', false) // lost: waiting, or offline without a network
    attemptOver()
  }
  const paths: Record<Phase, () => Promise<void>> = {
    waiting: () => lived(true),
    offline: () => lived(false),
    async resolving() {
      await paths.waiting()
      await advance(RETRY_DELAY) // URL request 3
    },
    async connecting() {
      await paths.resolving()
      await answer() // connecting: socket 2
    },
    async open() {
      await paths.connecting()
      last().open()
    },
    async closing() {
      await paths.open()
      connection.close()
    },
    async closed() {
      await paths.closing()
      last().serverClose(1000, '', true)
      attemptOver()
    },
  }

  let pushed: boolean | undefined

  return {
    connection,
    errors,
    shielded,
    seen,
    urls,
    sockets,
    current,
    get pushed() {
      return pushed
    },
    snapshot: (): Snapshot<number> => connection.getSnapshot(),

    /** Drives the connection into `target`, then forgets the errors and frames seen on the way. */
    async enter(target: Phase) {
      phase = target
      await paths[target]()
      errors.length = 0
      seen.length = 0
    },

    /**
     * Fires `event`. Where it cannot happen to the attempt under way, it comes from one that is over: the old socket,
     * the stale URL request, a stale timer. Timers are cleared when their attempt ends, so no clock could fire one; it
     * is fired by calling what the connection gave the clock, as a clock whose clearTimeout came too late would.
     */
    async fire(event: Event, variant?: 'online' | 'visible') {
      switch (event) {
        case 'url answered':
          ;(phase === 'resolving' ? pendingUrl() : staleUrl()).resolve('ws://x.test')
          break
        case 'url failed':
          ;(phase === 'resolving' ? pendingUrl() : staleUrl()).reject(new Error('no token'))
          break
        case 'socket open':
          ;(phase === 'connecting' ? last() : old()).open()
          break
        case 'socket message':
          ;(phase === 'open' || phase === 'closing' ? last() : old()).receive('x')
          break
        case 'socket close':
          ;(current() ?? old()).serverClose(1006, '', false)
          break
        case 'connect timeout':
          return timer(['connect'], 'connect')
        case 'heartbeat dead':
          // Live: time runs past interval + timeout with nothing heard. Stale: the pong timer of socket 1.
          return timer(['ping', 'pong'], 'pong', HEARTBEAT.timeout)
        case 'retry due':
          return timer(['retry'], 'retry')
        case 'online, visible':
          online = true
          listener!(variant ?? 'online')
          break
        case 'offline':
          online = false
          listener!('offline')
          break
        case 'push':
          pushed = connection.push('m')
          break
        case 'close()':
          connection.close()
          break
        case 'reconnect()':
          connection.reconnect()
          break
      }
      await flush()
    },

    /** From the phase entered (one that retries), on to an open socket: to see what was queued go out. */
    async reachOpen() {
      if (phase === 'waiting') await advance(connection.getSnapshot().nextRetryAt! - Date.now())
      if (phase === 'offline') await networkBack()
      if (phase !== 'connecting') await answer()
      last().open()
    },

    answer,
    networkBack,
    /** Lets a long time pass, answering every URL request still unanswered. */
    async later() {
      for (const request of urls) if (!request.settled) request.resolve('ws://x.test')
      await flush()
      await advance(10 * 60_000)
    },
    advance,
  }
}

export type Harness = ReturnType<typeof harness>
