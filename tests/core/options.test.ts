// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { checkHandlers, settle, type GivenOptions, type Settings } from '../../src/core/options'
import { systemClock } from '../../src/core/clock'
import { GlockError } from '../../src/core/errors'
import type { Environment, Frame } from '../../src/core/types'
import { inProduction } from '../support/production'

/** Options as untyped callers (JavaScript, JSON) hand them over. */
const loose = (options: unknown) => settle(options as GivenOptions)

/** The error `settle` throws for these options. */
function refusal(options: unknown): GlockError {
  try {
    loose(options)
  } catch (error) {
    return error as GlockError
  }
  throw new Error(`settle accepted ${JSON.stringify(options)}`)
}

const pong: Frame = { type: 'text', data: 'pong' }
const environment: Environment = { isOnline: () => true, subscribe: () => () => {} }

function expectDefaults(settings: Settings) {
  const { heartbeat, ...rest } = settings
  expect(rest).toEqual({
    binaryType: 'arraybuffer',
    logger: console,
    reconnect: { attempts: 10, minDelay: 300, maxDelay: 30_000, factor: 2, jitter: true, minUptime: 5_000 },
    connectTimeout: 10_000,
    requestTimeout: 30_000,
    queue: { max: 1000, overflow: 'reject', highWaterMark: 1024 * 1024 },
    notify: 'frame',
    clock: systemClock,
    random: Math.random,
  })
  expect(heartbeat).toBe(false)
  expect(settings.logger).toBe(console)
  expect(settings.protocols).toBeUndefined()
  expect(settings.WebSocket).toBeUndefined()
  expect(settings.onError).toBeUndefined()
  expect(settings.environment).toBeUndefined()
  expect(Object.getPrototypeOf(settings)).toBe(Object.prototype)
}

describe('settle: missing options', () => {
  test('undefined, null and {} options all give the defaults', () => {
    expectDefaults(settle(undefined))
    expectDefaults(settle(null))
    expectDefaults(settle({}))
  })

  test('a null option counts as not given', () => {
    expectDefaults(
      loose({
        key: null,
        protocols: null,
        binaryType: null,
        WebSocket: null,
        onError: null,
        logger: null,
        reconnect: null,
        connectTimeout: null,
        heartbeat: null,
        queue: null,
        notify: null,
        clock: null,
        random: null,
        environment: null,
      }),
    )
  })

  test('a null nested option counts as not given, next to the ones given', () => {
    const settings = loose({
      reconnect: { attempts: null, minDelay: 5, maxDelay: null, factor: null, jitter: null, minUptime: null },
      heartbeat: { message: null, interval: 50, timeout: null, isPong: null },
      queue: { max: null, overflow: 'drop-oldest', highWaterMark: null },
    })
    expect(settings.reconnect).toEqual({
      attempts: 10,
      minDelay: 5,
      maxDelay: 30_000,
      factor: 2,
      jitter: true,
      minUptime: 5_000,
    })
    expect(settings.heartbeat).toEqual({ message: 'ping', interval: 50, timeout: 10_000, isPong: expect.any(Function) })
    expect(settings.heartbeat && settings.heartbeat.isPong(pong)).toBe(true)
    expect(settings.heartbeat && settings.heartbeat.isPong({ type: 'text', data: 'ping' })).toBe(false)
    expect(settings.queue).toEqual({ max: 1000, overflow: 'drop-oldest', highWaterMark: 1024 * 1024 })
  })

  test('reconnect: false and heartbeat: false turn them off; an empty heartbeat turns it on with defaults', () => {
    expect(settle({ reconnect: false }).reconnect).toBe(false)
    expect(settle({ heartbeat: false }).heartbeat).toBe(false)
    expect(settle({ heartbeat: {} }).heartbeat).toMatchObject({ message: 'ping', interval: 30_000, timeout: 10_000 })
  })

  test('closeDelay is the hook’s: present in any form, the core neither refuses nor uses it', () => {
    expect(() => settle({ closeDelay: -5 })).not.toThrow()
    expect(() => loose({ closeDelay: 'soon' })).not.toThrow()
    expect(() => settle({ closeDelay: Infinity })).not.toThrow()
    expectDefaults({ ...settle({ closeDelay: 1.5 }), closeDelay: undefined } as Settings)
  })
})

describe('settle: keys that would reach the prototype', () => {
  test('a JSON __proto__ key does not swap the settings’ prototype', () => {
    const options = JSON.parse('{"__proto__": {"protocols": "evil"}}')
    expect(Object.keys(options)).toEqual(['__proto__'])
    const settings = loose(options)
    expect(settings.protocols).toBeUndefined()
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype)
    expect(Object.hasOwn(settings, '__proto__')).toBe(false)
    expect(({} as { protocols?: unknown }).protocols).toBeUndefined()
    expectDefaults(settings)
  })

  test('__proto__, constructor and prototype keys are ignored at the top level, the rest still applies', () => {
    const settings = loose(
      JSON.parse(
        '{"__proto__": {"notify": "sync"}, "constructor": "evil", "prototype": "evil", "notify": "microtask"}',
      ),
    )
    expect(settings.notify).toBe('microtask')
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype)
    expect(settings.constructor).toBe(Object)
    expect(Object.hasOwn(settings, 'constructor')).toBe(false)
    expect(Object.hasOwn(settings, 'prototype')).toBe(false)
  })

  test.each(['reconnect', 'heartbeat', 'queue'] as const)('they are ignored in %s too', (name) => {
    const nested = JSON.parse(
      '{"__proto__": {"max": 7, "attempts": 7, "interval": 7}, "constructor": 1, "prototype": 2}',
    )
    const settings = loose({ [name]: nested })
    const value = settings[name] as object
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.hasOwn(value, 'constructor')).toBe(false)
    expect(Object.hasOwn(value, 'prototype')).toBe(false)
    expect(Object.hasOwn(value, '__proto__')).toBe(false)
    const defaults = { reconnect: { attempts: 10 }, heartbeat: { interval: 30_000 }, queue: { max: 1000 } }[name]
    expect(value).toMatchObject(defaults)
  })
})

describe('settle: what passes through', () => {
  test('environment: undefined when not given, else as given', () => {
    expect(settle({}).environment).toBeUndefined()
    expect(settle({ environment: false }).environment).toBe(false)
    expect(settle({ environment }).environment).toBe(environment)
  })

  test('valid values of every checked option are accepted and kept', () => {
    const logger = { debug() {}, warn() {}, error() {} }
    const clock = { now: () => 0, setTimeout: () => 1, clearTimeout() {} }
    const random = () => 0.5
    const isPong = () => false
    const message = new Uint8Array([1, 2])
    const settings = settle({
      protocols: ['a', 'b'],
      logger,
      clock,
      random,
      environment,
      connectTimeout: Infinity,
      reconnect: { attempts: Infinity, minDelay: 0, maxDelay: Infinity, factor: 1.5, minUptime: Infinity },
      heartbeat: { message, interval: Infinity, timeout: 1, isPong },
      queue: { max: 0, highWaterMark: 0 },
    })
    expect(settings).toMatchObject({ protocols: ['a', 'b'], logger, clock, random, environment })
    expect(settings.connectTimeout).toBe(Infinity)
    expect(settings.reconnect).toEqual({
      attempts: Infinity,
      minDelay: 0,
      maxDelay: Infinity,
      factor: 1.5,
      jitter: true,
      minUptime: Infinity,
    })
    expect(settings.heartbeat).toEqual({ message, interval: Infinity, timeout: 1, isPong })
    expect(settings.queue).toEqual({ max: 0, overflow: 'reject', highWaterMark: 0 })
  })

  test.each([
    ['a string protocol', { protocols: 'chat' }],
    ['no protocols', { protocols: [] }],
    ['a text heartbeat', { heartbeat: { message: 'hi', timeout: Infinity } }],
    ['an ArrayBuffer heartbeat', { heartbeat: { message: new ArrayBuffer(1) } }],
    ['a Blob heartbeat', { heartbeat: { message: new Blob(['x']) } }],
    ['the console as logger', { logger: console }],
    ['the system clock', { clock: systemClock }],
  ])('accepts %s', (_name, options) => {
    expect(() => loose(options)).not.toThrow()
  })
})

describe('settle: development validation', () => {
  const f = () => {}
  test.each<[string, unknown, string]>([
    // Kept as they were.
    ['options', 'ws://x', 'must be an object; got "ws://x".'],
    ['options', 5, 'must be an object; got 5.'],
    ['reconnect.minDelay', { reconnect: { minDelay: -1 } }, 'must be a number ≥ 0; got -1.'],
    ['reconnect.attempts', { reconnect: { attempts: 2.5 } }, 'must be a whole number ≥ 0 or Infinity; got 2.5.'],
    ['reconnect.attempts', { reconnect: { attempts: Number.NaN } }, 'must be a whole number ≥ 0 or Infinity; got NaN.'],
    [
      'reconnect.minDelay',
      { reconnect: { minDelay: 5000, maxDelay: 1000 } },
      'must be at most reconnect.maxDelay (1000); got 5000.',
    ],
    ['queue.max', { queue: { max: -1 } }, 'must be a number ≥ 0; got -1.'],
    [
      'queue.overflow',
      { queue: { overflow: 'drop-newest' } },
      "must be 'reject' or 'drop-oldest'; got \"drop-newest\".",
    ],
    ['heartbeat.interval', { heartbeat: { interval: 0.5 } }, 'must be a number ≥ 1; got 0.5.'],
    ['reconnect.factor', { reconnect: { factor: 0.5 } }, 'must be a number ≥ 1; got 0.5.'],
    // New: objects and functions.
    ['logger', { logger: {} }, 'must be an object with debug, warn and error functions; got {}.'],
    ['logger', { logger: { debug: f, warn: f } }, 'must be an object with debug, warn and error functions; got {}.'],
    ['logger', { logger: 'console' }, 'must be an object with debug, warn and error functions; got "console".'],
    ['logger', { logger: f }, 'must be an object with debug, warn and error functions; got a function.'],
    [
      'clock',
      { clock: { now: f, setTimeout: f } },
      'must be an object with now, setTimeout and clearTimeout functions; got {}.',
    ],
    ['clock', { clock: 5 }, 'must be an object with now, setTimeout and clearTimeout functions; got 5.'],
    ['random', { random: 0.5 }, 'must be a function; got 0.5.'],
    [
      'environment',
      { environment: true },
      'must be false or an object with isOnline and subscribe functions; got true.',
    ],
    [
      'environment',
      { environment: { isOnline: () => true } },
      'must be false or an object with isOnline and subscribe functions; got {}.',
    ],
    [
      'heartbeat.message',
      { heartbeat: { message: {} } },
      'must be a string, ArrayBuffer, typed array or Blob; got {}.',
    ],
    [
      'heartbeat.message',
      { heartbeat: { message: 42 } },
      'must be a string, ArrayBuffer, typed array or Blob; got 42.',
    ],
    ['heartbeat.isPong', { heartbeat: { isPong: 'pong' } }, 'must be a function; got "pong".'],
    ['protocols', { protocols: 5 }, 'must be a string or an array of strings; got 5.'],
    ['protocols', { protocols: ['chat', 1] }, 'must be a string or an array of strings; got an array.'],
    ['protocols', { protocols: { chat: true } }, 'must be a string or an array of strings; got {"chat":true}.'],
    // New: whole numbers.
    ['queue.max', { queue: { max: 1.5 } }, 'must be a whole number ≥ 0; got 1.5.'],
    ['queue.max', { queue: { max: Infinity } }, 'must be a whole number ≥ 0; got Infinity.'],
    ['queue.highWaterMark', { queue: { highWaterMark: 0.5 } }, 'must be a whole number ≥ 0; got 0.5.'],
    ['connectTimeout', { connectTimeout: 1.5 }, 'must be a whole number ≥ 0 or Infinity; got 1.5.'],
    ['requestTimeout', { requestTimeout: 2.5 }, 'must be a whole number ≥ 0 or Infinity; got 2.5.'],
    ['reconnect.minDelay', { reconnect: { minDelay: 0.5 } }, 'must be a whole number ≥ 0; got 0.5.'],
    ['reconnect.minDelay', { reconnect: { minDelay: Infinity } }, 'must be a whole number ≥ 0; got Infinity.'],
    [
      'reconnect.minDelay',
      { reconnect: { minDelay: Infinity, maxDelay: Infinity } },
      'must be a whole number ≥ 0; got Infinity.',
    ],
    ['reconnect.maxDelay', { reconnect: { maxDelay: 100.5 } }, 'must be a whole number ≥ 0 or Infinity; got 100.5.'],
    ['reconnect.minUptime', { reconnect: { minUptime: 1.5 } }, 'must be a whole number ≥ 0 or Infinity; got 1.5.'],
    ['heartbeat.interval', { heartbeat: { interval: 1.5 } }, 'must be a whole number ≥ 1 or Infinity; got 1.5.'],
    ['heartbeat.timeout', { heartbeat: { timeout: 2.5 } }, 'must be a whole number ≥ 1 or Infinity; got 2.5.'],
    ['heartbeat.timeout', { heartbeat: { timeout: -Infinity } }, 'must be a number ≥ 1; got -Infinity.'],
    // NaN, always refused.
    ['connectTimeout', { connectTimeout: Number.NaN }, 'must be a number ≥ 0; got NaN.'],
    ['reconnect.minDelay', { reconnect: { minDelay: Number.NaN } }, 'must be a number ≥ 0; got NaN.'],
    ['reconnect.maxDelay', { reconnect: { maxDelay: Number.NaN } }, 'must be a number ≥ 0; got NaN.'],
    ['reconnect.factor', { reconnect: { factor: Number.NaN } }, 'must be a number ≥ 1; got NaN.'],
    ['reconnect.minUptime', { reconnect: { minUptime: Number.NaN } }, 'must be a number ≥ 0; got NaN.'],
    ['heartbeat.interval', { heartbeat: { interval: Number.NaN } }, 'must be a number ≥ 1; got NaN.'],
    ['heartbeat.timeout', { heartbeat: { timeout: Number.NaN } }, 'must be a number ≥ 1; got NaN.'],
    ['queue.max', { queue: { max: Number.NaN } }, 'must be a number ≥ 0; got NaN.'],
    ['queue.highWaterMark', { queue: { highWaterMark: Number.NaN } }, 'must be a number ≥ 0; got NaN.'],
  ])('refuses a bad %s: %j', (name, options, message) => {
    const error = refusal(options)
    expect(error).toBeInstanceOf(GlockError)
    expect(error.code).toBe('invalid_option')
    expect(error.message).toBe(`[react-glock] ${name === 'options' ? name : `options.${name}`} ${message}`)
  })

  test('a null options argument is not refused, unlike other non-objects', () => {
    expect(() => settle(null)).not.toThrow()
    expect(refusal(false).message).toBe('[react-glock] options must be an object; got false.')
  })
})

describe('checkHandlers', () => {
  const f = () => ({ state: 0 })

  test.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['no handlers', {}],
    ['every handler', { init: () => 0, open: f, send: f, receive: f }],
    ['null and undefined handlers', { init: null, open: undefined, send: null, receive: undefined }],
    ['other keys, whatever they hold', { other: 5, onMessage: 'x' }],
  ])('accepts %s', (_name, handlers) => {
    expect(checkHandlers(handlers)).toBeNull()
  })

  test.each(['init', 'open', 'send', 'receive'])('names a %s that is not a function', (name) => {
    const error = checkHandlers({ receive: f, [name]: 'hello' })
    expect(error).toBeInstanceOf(GlockError)
    expect(error?.code).toBe('invalid_argument')
    expect(error?.message).toBe(`[react-glock] handlers.${name} must be a function; got "hello".`)
  })

  test('shows what it got instead of a function', () => {
    expect(checkHandlers({ send: { state: 1 } })?.message).toBe(
      '[react-glock] handlers.send must be a function; got {"state":1}.',
    )
    expect(checkHandlers({ open: 0 })?.message).toBe('[react-glock] handlers.open must be a function; got 0.')
  })

  test.each<[string, unknown, string]>([
    ['a string', 'hello', '"hello"'],
    ['a number', 5, '5'],
    ['a function (a receive passed for the handlers)', f, 'a function'],
    ['an array', [f], 'an array'],
  ])('refuses %s for the handlers', (_name, handlers, got) => {
    const error = checkHandlers(handlers)
    expect(error?.code).toBe('invalid_argument')
    expect(error?.message).toBe(`[react-glock] handlers must be an object; got ${got}.`)
  })
})

describe('production builds', () => {
  const production = inProduction(() => import('../../src/core/options'))

  test('a JSON __proto__ key does not swap the prototype, at any level', async () => {
    const { settle } = await production()
    const settings = settle(
      JSON.parse(
        '{"__proto__": {"protocols": "evil"}, "constructor": 1, "reconnect": {"__proto__": {"attempts": 99}}, "queue": {"__proto__": {"max": 1}}, "heartbeat": {"__proto__": {"interval": 1}, "prototype": 3}}',
      ),
    )
    expect(settings.protocols).toBeUndefined()
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype)
    expect(Object.hasOwn(settings, 'constructor')).toBe(false)
    expect(settings.reconnect).toEqual({
      attempts: 10,
      minDelay: 300,
      maxDelay: 30_000,
      factor: 2,
      jitter: true,
      minUptime: 5_000,
    })
    expect(Object.getPrototypeOf(settings.reconnect)).toBe(Object.prototype)
    expect(settings.queue).toEqual({ max: 1000, overflow: 'reject', highWaterMark: 1024 * 1024 })
    expect(Object.getPrototypeOf(settings.queue)).toBe(Object.prototype)
    expect(settings.heartbeat).toMatchObject({ message: 'ping', interval: 30_000, timeout: 10_000 })
    expect(Object.getPrototypeOf(settings.heartbeat)).toBe(Object.prototype)
    expect(Object.hasOwn(settings.heartbeat as object, 'prototype')).toBe(false)
  })

  test('null options and null option values mean the defaults; the logger is the console', async () => {
    const { settle } = await production()
    expect(settle(null).logger).toBe(console)
    const settings = settle({ reconnect: null, queue: { max: null }, logger: null } as unknown as GivenOptions)
    expect(settings.logger).toBe(console)
    expect(settings.reconnect).toMatchObject({ attempts: 10 })
    expect(settings.queue.max).toBe(1000)
  })

  test('options are not validated and checkHandlers always says null', async () => {
    const { settle, checkHandlers } = await production()
    expect(settle({ queue: { max: 1.5 } }).queue.max).toBe(1.5)
    expect(checkHandlers({ receive: 'hello' })).toBeNull()
    expect(checkHandlers('hello')).toBeNull()
  })
})
