import { GlockError } from './errors'
import { describe, explain } from './explain'
import { systemClock } from './clock'
import { isData } from './frames'
import type {
  Clock,
  ConnectOptions,
  Data,
  Environment,
  Frame,
  HeartbeatOptions,
  Logger,
  NotifyMode,
  QueueOptions,
  ReconnectOptions,
  WebSocketConstructor,
} from './types'

/** Options with every default filled in. */
export interface Settings {
  protocols: string | string[] | undefined
  binaryType: BinaryType
  WebSocket: WebSocketConstructor | undefined
  onError: ((error: GlockError) => void) | undefined
  logger: Logger
  reconnect: false | (Required<Omit<ReconnectOptions, 'shouldReconnect'>> & Pick<ReconnectOptions, 'shouldReconnect'>)
  connectTimeout: number
  requestTimeout: number
  heartbeat: false | Required<HeartbeatOptions>
  queue: Required<QueueOptions>
  notify: NotifyMode
  clock: Clock
  random: () => number
  /** As given; `undefined` when not given, and the connection picks the browser's. */
  environment: false | Environment | undefined
}

/** What `settle` takes: the hook's options carry `closeDelay` too, which the core ignores. */
export type GivenOptions = (ConnectOptions & { closeDelay?: number; connect?: unknown }) | null | undefined

const isPongText = (frame: Frame) => frame.type === 'text' && frame.data === 'pong'

/** Never copied, in any build: `JSON.parse('{"__proto__": …}')` has an own `__proto__` that would swap the prototype. */
const unsafe = /^(__proto__|constructor|prototype)$/

/** Fills in what is missing; an explicit `undefined` or `null` counts as missing. */
function withDefaults<T extends object>(defaults: T, given: Partial<T> | null | undefined): T {
  const result = { ...defaults }
  for (const name in given) if (given[name] != null && !unsafe.test(name)) result[name] = given[name] as T[typeof name]
  return result
}

/** `null` or `undefined` options, or a `null` option, mean the defaults. */
export function settle(options: GivenOptions): Settings {
  if (process.env.NODE_ENV !== 'production') validate(options ?? {})
  const { reconnect, heartbeat, queue, ...rest } = options ?? {}
  return withDefaults(
    {
      binaryType: 'arraybuffer',
      // In every build: production needs somewhere to report errors thrown by user callbacks.
      logger: console as Logger,
      reconnect:
        reconnect !== false &&
        withDefaults(
          { attempts: 10, minDelay: 300, maxDelay: 30_000, factor: 2, jitter: true, minUptime: 5_000 },
          reconnect,
        ),
      connectTimeout: 10_000,
      requestTimeout: 30_000,
      heartbeat:
        !!heartbeat &&
        withDefaults({ message: 'ping' as Data, interval: 30_000, timeout: 10_000, isPong: isPongText }, heartbeat),
      queue: withDefaults<Required<QueueOptions>>({ max: 1000, overflow: 'reject', highWaterMark: 1024 * 1024 }, queue),
      notify: 'frame',
      clock: systemClock,
      random: Math.random,
    } as Settings,
    rest as Partial<Settings>,
  )
}

/** An object whose `names` are all functions. */
const withMethods = (value: any, names: string[]) =>
  typeof value === 'object' && value !== null && names.every((name) => typeof value[name] === 'function')

/**
 * Development builds check every option and name the one that is wrong. `null` counts as not given.
 * (`closeDelay` is the hook's: the hook checks it.)
 * @throws GlockError `invalid_option`
 */
function validate(options: ConnectOptions) {
  const fail = (name: string, expected: string, value: unknown): never => {
    throw new GlockError(
      'invalid_option',
      process.env.NODE_ENV !== 'production' ? explain!.option(name, expected, value) : undefined,
    )
  }
  const check = (name: string, value: unknown, test: (value: any) => boolean, expected: string) => {
    if (value != null && !test(value)) fail(name, expected, value)
  }
  const number = (name: string, value: unknown, min = 0) =>
    check(name, value, (v) => typeof v === 'number' && v >= min, `a number ≥ ${min}`)
  /** A count, or a duration in ms (`infinite`: Infinity means never). Below `min` keeps the message of `number`. */
  const whole = (name: string, value: unknown, min = 0, infinite = false) => {
    number(name, value, min)
    check(
      name,
      value,
      (v) => Number.isInteger(v) || (infinite && v === Infinity),
      `a whole number ≥ ${min}${infinite ? ' or Infinity' : ''}`,
    )
  }
  const duration = (name: string, value: unknown, min = 0) => whole(name, value, min, true)
  const fn = (name: string, value: unknown) => check(name, value, (v) => typeof v === 'function', 'a function')
  const object = (name: string, value: unknown) =>
    check(name, value, (v) => v === false || (typeof v === 'object' && v !== null), 'false or an object')

  // Not through `fail`: explain.option would say "options.options".
  if (typeof options !== 'object') {
    throw new GlockError('invalid_option', `options must be an object; got ${describe(options)}.`)
  }
  check('key', options.key, (v) => typeof v === 'string', 'a string')
  check('version', options.version, (v) => typeof v === 'string', 'a string')
  fn('connect', (options as { connect?: unknown }).connect)
  check(
    'tabs',
    options.tabs,
    (v) => typeof v === 'object' && typeof v.locks?.request === 'function' && typeof v.BroadcastChannel === 'function',
    'an object with locks and BroadcastChannel',
  )
  check(
    'protocols',
    options.protocols,
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((p) => typeof p === 'string')),
    'a string or an array of strings',
  )
  check('binaryType', options.binaryType, (v) => v === 'arraybuffer' || v === 'blob', "'arraybuffer' or 'blob'")
  check('notify', options.notify, (v) => ['frame', 'microtask', 'sync'].includes(v), "'frame', 'microtask' or 'sync'")
  fn('WebSocket', options.WebSocket)
  fn('onError', options.onError)
  fn('random', options.random)
  check(
    'logger',
    options.logger,
    (v) => withMethods(v, ['debug', 'warn', 'error']),
    'an object with debug, warn and error functions',
  )
  check(
    'clock',
    options.clock,
    (v) => withMethods(v, ['now', 'setTimeout', 'clearTimeout']),
    'an object with now, setTimeout and clearTimeout functions',
  )
  check(
    'environment',
    options.environment,
    (v) => v === false || withMethods(v, ['isOnline', 'subscribe']),
    'false or an object with isOnline and subscribe functions',
  )
  duration('connectTimeout', options.connectTimeout)
  duration('requestTimeout', options.requestTimeout)
  object('reconnect', options.reconnect)
  object('heartbeat', options.heartbeat)
  object('queue', options.queue)
  const { reconnect, heartbeat, queue } = options
  if (reconnect) {
    check(
      'reconnect.attempts',
      reconnect.attempts,
      (v) => v === Infinity || (Number.isInteger(v) && v >= 0),
      'a whole number ≥ 0 or Infinity',
    )
    // minDelay is the shortest wait: it must be finite.
    whole('reconnect.minDelay', reconnect.minDelay)
    duration('reconnect.maxDelay', reconnect.maxDelay)
    number('reconnect.factor', reconnect.factor, 1)
    duration('reconnect.minUptime', reconnect.minUptime)
    check('reconnect.jitter', reconnect.jitter, (v) => typeof v === 'boolean', 'a boolean')
    fn('reconnect.shouldReconnect', reconnect.shouldReconnect)
    const maxDelay = reconnect.maxDelay ?? 30_000
    check('reconnect.minDelay', reconnect.minDelay, (v) => v <= maxDelay, `at most reconnect.maxDelay (${maxDelay})`)
  }
  if (heartbeat) {
    check('heartbeat.message', heartbeat.message, isData, 'a string, ArrayBuffer, typed array or Blob')
    duration('heartbeat.interval', heartbeat.interval, 1)
    duration('heartbeat.timeout', heartbeat.timeout, 1)
    fn('heartbeat.isPong', heartbeat.isPong)
  }
  if (queue) {
    whole('queue.max', queue.max)
    whole('queue.highWaterMark', queue.highWaterMark)
    check('queue.overflow', queue.overflow, (v) => v === 'reject' || v === 'drop-oldest', "'reject' or 'drop-oldest'")
  }
}

const HANDLERS = ['init', 'open', 'send', 'receive'] as const

/**
 * Development builds: why `handlers` cannot be used, as an `invalid_argument` error naming the handler, or null.
 * `null`/`undefined` handlers, and a `null`/`undefined` handler, mean none. Production builds return null.
 */
export function checkHandlers(handlers: unknown): GlockError | null {
  if (process.env.NODE_ENV !== 'production' && handlers != null) {
    if (typeof handlers !== 'object' || Array.isArray(handlers)) {
      return new GlockError('invalid_argument', `handlers must be an object; got ${describe(handlers)}.`)
    }
    for (const name of HANDLERS) {
      const value = (handlers as Record<string, unknown>)[name]
      if (value != null && typeof value !== 'function') {
        return new GlockError(
          'invalid_argument',
          process.env.NODE_ENV !== 'production' ? explain!.handlerType(name, value) : undefined,
        )
      }
    }
  }
  return null
}
