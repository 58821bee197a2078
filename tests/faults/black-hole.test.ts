import { afterEach, expect, test } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { connect, type GlockError } from 'react-glock/core'
import { countingWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startBlackHole } from '../support/server'
import { closedOf, until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

const cleanup: Array<() => Promise<unknown> | void> = []
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((fn) => fn()))
})

test('2. black-hole server: the connect timeout fires on every attempt and backoff follows, then retries_exhausted', async () => {
  const hole = await startBlackHole()
  cleanup.push(() => hole.close())
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  const errors: GlockError[] = []
  const draws = [0.5, 0.25, 0.75]
  const policy = { attempts: 3, minDelay: 1_000, maxDelay: 30_000, factor: 2 }
  const CONNECT_TIMEOUT = 2_000
  const connection = connect(
    hole.url,
    {},
    {
      WebSocket: traced.WebSocket,
      clock,
      random: () => draws.shift()!,
      notify: 'sync',
      logger: silentLogger,
      onError: (error) => errors.push(error),
      connectTimeout: CONNECT_TIMEOUT,
      reconnect: policy,
    },
  )
  cleanup.push(() => connection.close())

  const timeouts: number[] = []
  const delays: number[] = []
  const bounds: number[] = []
  for (let attempt = 0; attempt <= policy.attempts; attempt++) {
    await hole.accepted.reached(attempt + 1)
    expect(connection.getSnapshot()).toMatchObject({ status: 'connecting', attempt, nextRetryAt: null })
    const startedAt = clock.now()
    expect(clock.nextIn).toBe(CONNECT_TIMEOUT)
    clock.advance(CONNECT_TIMEOUT - 1)
    expect(connection.getSnapshot().nextRetryAt).toBeNull()
    clock.advance(1)
    timeouts.push(clock.now() - startedAt)
    expect(errors.at(-1 - (attempt === policy.attempts ? 1 : 0))?.code).toBe('connect_timeout')
    // The client gave the TCP connection up.
    await hole.closed.reached(attempt + 1)
    await closedOf(traced.made[attempt]!)
    if (attempt === policy.attempts) break
    const waiting = connection.getSnapshot()
    expect(waiting).toMatchObject({
      status: 'connecting',
      attempt: attempt + 1,
      lastClose: { code: 1006, wasClean: false },
    })
    const delay = waiting.nextRetryAt! - clock.now()
    const bound = Math.min(policy.maxDelay, policy.minDelay * policy.factor ** attempt)
    expect(delay).toBeGreaterThanOrEqual(policy.minDelay)
    expect(delay).toBeLessThanOrEqual(bound)
    delays.push(delay)
    bounds.push(bound)
    expect(traced.made).toHaveLength(attempt + 1)
    clock.advance(delay - 1)
    expect(traced.made).toHaveLength(attempt + 1)
    clock.advance(1)
    expect(traced.made).toHaveLength(attempt + 2)
  }

  await until(connection, (s) => s.status === 'closed')
  const end = connection.getSnapshot()
  expect(end.error?.code).toBe('retries_exhausted')
  expect(end.error?.message).toContain('Gave up after 3 retries')
  expect(errors.map((error) => error.code)).toEqual([...Array(4).fill('connect_timeout'), 'retries_exhausted'])
  expect(errors[0]!.message).toContain(`did not open within ${CONNECT_TIMEOUT} ms`)
  // Delays drawn afresh from [minDelay, min(maxDelay, minDelay·2^(n−1))] with the injected draws 0.5, 0.25, 0.75.
  expect(delays).toEqual([1_000, 1_250, 3_250])
  expect(timeouts).toEqual([CONNECT_TIMEOUT, CONNECT_TIMEOUT, CONNECT_TIMEOUT, CONNECT_TIMEOUT])
  expect(clock.pending).toBe(0)
  expect(hole.open).toBe(0)
  expect(traced.unclosed()).toBe(0)

  record('02-black-hole', {
    connectTimeoutMs: CONNECT_TIMEOUT,
    attempts: timeouts.length,
    retries: policy.attempts,
    delaysMs: delays,
    boundsMs: bounds,
    errors: errors.map((error) => error.code),
    status: end.status,
    tcpOpened: hole.accepted.value,
    tcpClosedByClient: hole.closed.value,
    tcpLeftOpen: hole.open,
    timersLeft: clock.pending,
  })
})
