import { GlockError } from './errors'
import { explain } from './explain'
import { systemClock } from './clock'
import type {
  Clock,
  ConnectOptions,
  Data,
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
  heartbeat: false | Required<HeartbeatOptions>
  queue: Required<QueueOptions>
  notify: NotifyMode
  clock: Clock
  random: () => number
}

const silent: Logger = { debug() {}, warn() {}, error() {} }
const isPongText = (frame: Frame) => frame.type === 'text' && frame.data === 'pong'

/** Fills in what is missing; an explicit `undefined` counts as missing. */
function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const result = { ...defaults }
  for (const name in given) if (given[name] !== undefined) result[name] = given[name] as T[typeof name]
  return result
}

export function settle(options: ConnectOptions & { closeDelay?: number } = {}): Settings {
  if (process.env.NODE_ENV !== 'production') validate(options)
  const { reconnect, heartbeat, queue, ...rest } = options
  return withDefaults(
    {
      binaryType: 'arraybuffer',
      logger: process.env.NODE_ENV !== 'production' ? console : silent,
      reconnect:
        reconnect !== false &&
        withDefaults(
          { attempts: 10, minDelay: 300, maxDelay: 30_000, factor: 2, jitter: true, minUptime: 5_000 },
          reconnect,
        ),
      connectTimeout: 10_000,
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

/**
 * Development builds check every option and name the one that is wrong.
 * @throws GlockError `invalid_option`
 */
function validate(options: ConnectOptions & { closeDelay?: number }) {
  const fail = (name: string, expected: string, value: unknown): never => {
    throw new GlockError('invalid_option', explain?.option(name, expected, value))
  }
  const check = (name: string, value: unknown, test: (value: any) => boolean, expected: string) => {
    if (value !== undefined && !test(value)) fail(name, expected, value)
  }
  const number = (name: string, value: unknown, min = 0) =>
    check(name, value, (v) => typeof v === 'number' && v >= min, `a number ≥ ${min}`)
  const fn = (name: string, value: unknown) => check(name, value, (v) => typeof v === 'function', 'a function')
  const object = (name: string, value: unknown) =>
    check(name, value, (v) => v === false || (typeof v === 'object' && v !== null), 'false or an object')

  check('options', options, (v) => typeof v === 'object' && v !== null, 'an object')
  check('key', options.key, (v) => typeof v === 'string', 'a string')
  check('binaryType', options.binaryType, (v) => v === 'arraybuffer' || v === 'blob', "'arraybuffer' or 'blob'")
  check('notify', options.notify, (v) => ['frame', 'microtask', 'sync'].includes(v), "'frame', 'microtask' or 'sync'")
  fn('WebSocket', options.WebSocket)
  fn('onError', options.onError)
  fn('random', options.random)
  number('connectTimeout', options.connectTimeout)
  number('closeDelay', options.closeDelay)
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
    number('reconnect.minDelay', reconnect.minDelay)
    number('reconnect.maxDelay', reconnect.maxDelay)
    number('reconnect.factor', reconnect.factor, 1)
    number('reconnect.minUptime', reconnect.minUptime)
    check('reconnect.jitter', reconnect.jitter, (v) => typeof v === 'boolean', 'a boolean')
    fn('reconnect.shouldReconnect', reconnect.shouldReconnect)
    const maxDelay = reconnect.maxDelay ?? 30_000
    check('reconnect.minDelay', reconnect.minDelay, (v) => v <= maxDelay, `at most reconnect.maxDelay (${maxDelay})`)
  }
  if (heartbeat) {
    number('heartbeat.interval', heartbeat.interval, 1)
    number('heartbeat.timeout', heartbeat.timeout, 1)
    fn('heartbeat.isPong', heartbeat.isPong)
  }
  if (queue) {
    number('queue.max', queue.max)
    number('queue.highWaterMark', queue.highWaterMark)
    check('queue.overflow', queue.overflow, (v) => v === 'reject' || v === 'drop-oldest', "'reject' or 'drop-oldest'")
  }
}
