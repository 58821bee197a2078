import { describe, expect, test } from 'vitest'
import { decideRetry, nextAttempt, retriesByDefault, retryDelay, type Policy } from '../../../src/core/reconnectPolicy'
import type { CloseFrame } from '../../../src/core/types'

/** The defaults `settle` fills in, with any overrides. */
const policy = (overrides: Partial<Policy> = {}): Policy => ({
  attempts: 10,
  minDelay: 300,
  maxDelay: 30_000,
  factor: 2,
  jitter: true,
  minUptime: 5_000,
  ...overrides,
})

const closed = (code: number): CloseFrame => ({ type: 'close', code, reason: '', wasClean: code === 1000 })

describe('retriesByDefault()', () => {
  test.each([
    [1001, 'going away'],
    [1005, 'no status'],
    [1006, 'abnormal closure'],
    [1011, 'server error'],
    [1012, 'service restart'],
    [1013, 'try again later'],
    [1014, 'bad gateway'],
  ])('retries after close %i (%s)', (code) => {
    expect(retriesByDefault(code, true)).toBe(true)
  })

  test.each([
    [1000, 'normal closure'],
    [1002, 'protocol error'],
    [1003, 'unsupported data'],
    [1008, 'policy violation'],
    [4000, 'an application code'],
  ])('does not retry after close %i (%s)', (code) => {
    expect(retriesByDefault(code, true)).toBe(false)
  })

  test('retries every connect that failed before the socket opened, whatever the code', () => {
    expect(retriesByDefault(1000, false)).toBe(true)
    expect(retriesByDefault(1006, false)).toBe(true)
    expect(retriesByDefault(4000, false)).toBe(true)
  })
})

describe('nextAttempt()', () => {
  test('counts up while sockets close before staying open minUptime', () => {
    expect(nextAttempt(policy(), 0, 0)).toBe(1)
    expect(nextAttempt(policy(), 3, 4_999)).toBe(4)
  })

  test('restarts at retry 1 once a socket stayed open minUptime or longer', () => {
    expect(nextAttempt(policy(), 7, 5_000)).toBe(1)
    expect(nextAttempt(policy(), 7, 60_000)).toBe(1)
  })

  test('a socket that never opened (uptime -1) never restarts the count, even with minUptime 0', () => {
    expect(nextAttempt(policy(), 7, -1)).toBe(8)
    expect(nextAttempt(policy({ minUptime: 0 }), 7, -1)).toBe(8)
  })

  test('with minUptime 0, any socket that opened restarts the count', () => {
    expect(nextAttempt(policy({ minUptime: 0 }), 7, 0)).toBe(1)
  })
})

describe('decideRetry()', () => {
  test('no policy (reconnect: false) stops, whatever else says', () => {
    expect(decideRetry(false, closed(1006), true, 1, undefined)).toBe('stop')
    expect(decideRetry(false, closed(1006), true, 1, true)).toBe('stop')
  })

  test('without an answer from shouldReconnect, the default decides', () => {
    expect(decideRetry(policy(), closed(1006), true, 2, undefined)).toBe(2)
    expect(decideRetry(policy(), closed(1000), true, 2, undefined)).toBe('stop')
    expect(decideRetry(policy(), closed(1000), false, 2, undefined)).toBe(2)
  })

  test("shouldReconnect's true retries where the default would not", () => {
    expect(decideRetry(policy(), closed(1000), true, 3, true)).toBe(3)
    expect(decideRetry(policy(), closed(4000), true, 3, true)).toBe(3)
  })

  test("shouldReconnect's false stops where the default would retry", () => {
    expect(decideRetry(policy(), closed(1006), true, 3, false)).toBe('stop')
    expect(decideRetry(policy(), closed(1006), false, 3, false)).toBe('stop')
  })

  test("the last allowed retry is made; the one after it is 'exhausted'", () => {
    expect(decideRetry(policy({ attempts: 3 }), closed(1006), true, 3, undefined)).toBe(3)
    expect(decideRetry(policy({ attempts: 3 }), closed(1006), true, 4, undefined)).toBe('exhausted')
  })

  test("attempts 0: the first retry is already 'exhausted'", () => {
    expect(decideRetry(policy({ attempts: 0 }), closed(1006), true, 1, undefined)).toBe('exhausted')
  })

  test("a stop wins over 'exhausted': no error for a close that would not be retried anyway", () => {
    expect(decideRetry(policy({ attempts: 3 }), closed(1000), true, 4, undefined)).toBe('stop')
    expect(decideRetry(policy({ attempts: 3 }), closed(1006), true, 4, false)).toBe('stop')
  })

  test('attempts Infinity never runs out', () => {
    expect(decideRetry(policy({ attempts: Infinity }), closed(1006), true, 1_000_000, undefined)).toBe(1_000_000)
  })
})

describe('retryDelay()', () => {
  test('the bound grows by factor per retry, from minDelay, up to maxDelay', () => {
    const waitsTheBound = policy({ jitter: false })
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((retry) => retryDelay(waitsTheBound, retry, 0.5))).toEqual([
      300, 600, 1200, 2400, 4800, 9600, 19_200, 30_000, 30_000,
    ])
  })

  test('a draw of 0 waits minDelay, whatever the retry', () => {
    expect(retryDelay(policy(), 1, 0)).toBe(300)
    expect(retryDelay(policy(), 5, 0)).toBe(300)
    expect(retryDelay(policy(), 50, 0)).toBe(300)
  })

  test('a draw close to 1 waits the bound', () => {
    const almostOne = 1 - Number.EPSILON
    expect(retryDelay(policy(), 1, almostOne)).toBe(300)
    expect(retryDelay(policy(), 4, almostOne)).toBe(2400)
    expect(retryDelay(policy(), 20, almostOne)).toBe(30_000)
  })

  test('a draw in between is uniform between minDelay and the bound', () => {
    // Retry 3: bound 1200, so 300 + 0.5 · (1200 − 300).
    expect(retryDelay(policy(), 3, 0.5)).toBe(750)
    expect(retryDelay(policy(), 3, 0.25)).toBe(525)
  })

  test('results are whole milliseconds, rounded to the nearest', () => {
    // 300 + 0.3333 · 900 = 599.97 → 600; 100 · 1.5² = 225 bound, 100 + 0.501 · 125 = 162.625 → 163.
    expect(retryDelay(policy(), 3, 0.3333)).toBe(600)
    expect(retryDelay(policy({ minDelay: 100, factor: 1.5 }), 3, 0.501)).toBe(163)
    // With jitter off, a fractional bound is rounded too: 100 · 1.5 = 150, 100 · 1.5³ = 337.5 → 338.
    expect(retryDelay(policy({ minDelay: 100, factor: 1.5, jitter: false }), 4, 0)).toBe(338)
  })

  test('jitter: false ignores the draw and waits the bound', () => {
    const waitsTheBound = policy({ jitter: false })
    expect(retryDelay(waitsTheBound, 3, 0)).toBe(1200)
    expect(retryDelay(waitsTheBound, 3, 0.9)).toBe(1200)
  })

  test('factor 1 keeps every wait at minDelay', () => {
    expect(retryDelay(policy({ factor: 1, jitter: false }), 10, 0)).toBe(300)
    expect(retryDelay(policy({ factor: 1 }), 10, 0.99)).toBe(300)
  })

  test('a very late retry stays at maxDelay instead of overflowing', () => {
    expect(retryDelay(policy({ jitter: false }), 5_000, 0)).toBe(30_000)
  })
})
