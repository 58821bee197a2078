import { GlockError, describe } from './errors'
import { systemClock } from './clock'
import type { Clock, ConnectOptions, Frame, Data, Logger, NotifyMode, ReconnectOptions, WebSocketConstructor } from './types'

const silent: Logger = { debug() {}, warn() {}, error() {} }

/** Options with every default filled in and every value checked. */
export interface Settings {
  protocols: string | string[] | undefined
  binaryType: BinaryType
  WebSocket: WebSocketConstructor | undefined
  onError: ((error: GlockError) => void) | undefined
  logger: Logger
  reconnect: false | (Required<Omit<ReconnectOptions, 'shouldReconnect'>> & Pick<ReconnectOptions, 'shouldReconnect'>)
  connectTimeout: number
  closeTimeout: number
  heartbeat: false | { message: Data; interval: number; timeout: number; isPong: (frame: Frame) => boolean }
  queue: { max: number; overflow: 'reject' | 'drop-oldest'; highWaterMark: number }
  notify: NotifyMode
  clock: Clock
  random: () => number
}

function invalid(name: string, expected: string, value: unknown): never {
  throw new GlockError('invalid_option', `options.${name} must be ${expected}; got ${describe(value)}.`)
}

function number(name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) invalid(name, `a number ≥ ${min}`, value)
  return value
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (value === undefined) return allowed[0]!
  if (!allowed.includes(value as T)) invalid(name, allowed.map((v) => `'${v}'`).join(' or '), value)
  return value as T
}

function fn<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') invalid(name, 'a function', value)
  return value
}

function object<T extends object>(name: string, value: T | false | undefined, fallback: T | false): T | false {
  if (value === undefined) return fallback
  if (value !== false && (value === null || typeof value !== 'object')) invalid(name, 'false or an object', value)
  return value
}

const isPongText = (frame: Frame) => frame.type === 'text' && frame.data === 'pong'

/** @throws GlockError `invalid_option`, naming the option. */
export function settle(options: ConnectOptions = {}): Settings {
  const reconnect = object('reconnect', options.reconnect, {})
  const heartbeat = object('heartbeat', options.heartbeat, false)
  const queue = object('queue', options.queue, {}) || {}
  let retry: Settings['reconnect'] = false
  if (reconnect) {
    const attempts = number('reconnect.attempts', reconnect.attempts, 10)
    if (attempts !== Infinity && !Number.isInteger(attempts)) invalid('reconnect.attempts', 'a whole number or Infinity', attempts)
    const minDelay = number('reconnect.minDelay', reconnect.minDelay, 300)
    const maxDelay = number('reconnect.maxDelay', reconnect.maxDelay, Math.max(30_000, minDelay))
    if (minDelay > maxDelay) invalid('reconnect.minDelay', `at most reconnect.maxDelay (${maxDelay})`, minDelay)
    retry = {
      attempts,
      minDelay,
      maxDelay,
      factor: number('reconnect.factor', reconnect.factor, 2, 1),
      jitter: reconnect.jitter ?? true,
      minUptime: number('reconnect.minUptime', reconnect.minUptime, 5_000),
      shouldReconnect: fn('reconnect.shouldReconnect', reconnect.shouldReconnect),
    }
  }
  return {
    protocols: options.protocols,
    binaryType: oneOf('binaryType', options.binaryType, ['arraybuffer', 'blob'] as const),
    WebSocket: fn('WebSocket', options.WebSocket),
    onError: fn('onError', options.onError),
    logger: options.logger ?? (process.env.NODE_ENV !== 'production' ? console : silent),
    reconnect: retry,
    connectTimeout: number('connectTimeout', options.connectTimeout, 10_000),
    closeTimeout: number('closeTimeout', options.closeTimeout, 5_000),
    heartbeat: heartbeat && {
      message: heartbeat.message ?? 'ping',
      interval: number('heartbeat.interval', heartbeat.interval, 30_000, 1),
      timeout: number('heartbeat.timeout', heartbeat.timeout, 10_000, 1),
      isPong: fn('heartbeat.isPong', heartbeat.isPong) ?? isPongText,
    },
    queue: {
      max: number('queue.max', queue.max, 1000),
      overflow: oneOf('queue.overflow', queue.overflow, ['reject', 'drop-oldest'] as const),
      highWaterMark: number('queue.highWaterMark', queue.highWaterMark, 1024 * 1024),
    },
    notify: oneOf('notify', options.notify, ['frame', 'microtask', 'sync'] as const),
    clock: options.clock ?? systemClock,
    random: fn('random', options.random) ?? Math.random,
  }
}
