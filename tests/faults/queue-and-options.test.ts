import { afterEach, expect, test } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { connect, type ConnectOptions, type GlockError } from 'react-glock/core'
import { countingWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startServer, type TestServer } from '../support/server'
import { until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

let server: TestServer | undefined
afterEach(() => server?.close())

async function setup(queue: ConnectOptions['queue']) {
  server = await startServer({ echo: false })
  const clock = new ManualClock()
  const traced = countingWebSocket(NodeWebSocket)
  const errors: GlockError[] = []
  const connection = connect<null, string>(
    server.url,
    {},
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: silentLogger,
      onError: (error) => errors.push(error),
      queue,
    },
  )
  return { server, clock, traced, errors, connection }
}

const letters = ['a', 'b', 'c', 'd', 'e']

test("9. queue overflow, 'reject': pushes beyond max are refused and reported; the accepted ones arrive in order", async () => {
  const { server, errors, connection } = await setup({ max: 3, overflow: 'reject' })
  const accepted = letters.map((letter) => connection.push(letter))
  expect(accepted).toEqual([true, true, true, false, false])
  expect(errors.map((error) => error.code)).toEqual(['queue_full', 'queue_full'])
  expect(errors[0]!.message).toContain('push was refused: the queue already holds 3 of 3 frames')
  expect(connection.getSnapshot()).toMatchObject({ status: 'connecting', discarded: 0 })
  expect(connection.getSnapshot().error?.code).toBe('queue_full')
  await until(connection, (s) => s.status === 'open')
  expect(connection.push('f')).toBe(true)
  expect(await server.messages(4)).toEqual(['a', 'b', 'c', 'f'])
  connection.close()

  record('09-queue-reject', {
    max: 3,
    overflow: 'reject',
    pushed: letters.length,
    accepted: accepted.filter(Boolean).length,
    refused: accepted.filter((ok) => !ok).length,
    errors: errors.map((error) => error.code),
    discarded: connection.getSnapshot().discarded,
    arrived: server.received,
  })
})

test("9b. queue overflow, 'drop-oldest': every push is accepted, the oldest are dropped, counted and reported", async () => {
  const { server, errors, connection } = await setup({ max: 3, overflow: 'drop-oldest' })
  const accepted = letters.map((letter) => connection.push(letter))
  expect(accepted).toEqual([true, true, true, true, true])
  expect(errors.map((error) => error.code)).toEqual(['queue_full', 'queue_full'])
  expect(errors[0]!.message).toContain("1 were dropped (queue.overflow: 'drop-oldest')")
  expect(connection.getSnapshot().discarded).toBe(2)
  await until(connection, (s) => s.status === 'open')
  expect(await server.messages(3)).toEqual(['c', 'd', 'e'])
  connection.close()

  record('09b-queue-drop-oldest', {
    max: 3,
    overflow: 'drop-oldest',
    pushed: letters.length,
    accepted: accepted.filter(Boolean).length,
    errors: errors.map((error) => error.code),
    discarded: connection.getSnapshot().discarded,
    arrived: server.received,
  })
})

test('9c. above queue.highWaterMark frames wait in the queue, polled until the socket drains, then go out in order', async () => {
  const { server, clock, traced, errors, connection } = await setup({ max: 4, highWaterMark: 1_000 })
  await until(connection, (s) => s.status === 'open')
  const socket = traced.made[0]!
  socket.buffered = 5_000
  const accepted = ['x1', 'x2', 'x3', 'x4', 'x5'].map((frame) => connection.push(frame))
  expect(accepted).toEqual([true, true, true, true, false])
  expect(errors.map((error) => error.code)).toEqual(['queue_full'])
  expect(socket.sent).toEqual([])
  // Browsers have no drain event: the queue polls bufferedAmount.
  const polls = clock.requested.length
  expect(clock.nextIn).toBe(25)
  clock.advance(100)
  expect(socket.sent).toEqual([])
  socket.buffered = null
  clock.advance(25)
  expect(socket.sent).toEqual(['x1', 'x2', 'x3', 'x4'])
  expect(await server.messages(4)).toEqual(['x1', 'x2', 'x3', 'x4'])
  expect(clock.pending).toBe(0)
  const pollCount = clock.requested.slice(polls).filter((ms) => ms === 25).length + 1
  connection.close()

  record('09c-backpressure', {
    highWaterMark: 1_000,
    buffered: 5_000,
    max: 4,
    queued: accepted.filter(Boolean).length,
    refused: accepted.filter((ok) => !ok).length,
    errors: errors.map((error) => error.code),
    pollEveryMs: 25,
    polls: pollCount,
    timersLeft: clock.pending,
  })
})

const invalid: Array<[string, ConnectOptions, string]> = [
  ['negative minDelay', { reconnect: { minDelay: -1 } }, 'reconnect.minDelay'],
  ['negative maxDelay', { reconnect: { maxDelay: -100 } }, 'reconnect.maxDelay'],
  ['negative minUptime', { reconnect: { minUptime: -5 } }, 'reconnect.minUptime'],
  ['negative connectTimeout', { connectTimeout: -5 }, 'connectTimeout'],
  ['negative heartbeat interval', { heartbeat: { interval: -1 } }, 'heartbeat.interval'],
  ['attempts a string', { reconnect: { attempts: '5' as never } }, 'reconnect.attempts'],
  ['attempts NaN', { reconnect: { attempts: Number.NaN } }, 'reconnect.attempts'],
  ['attempts fractional', { reconnect: { attempts: 2.5 } }, 'reconnect.attempts'],
  ['minDelay > maxDelay', { reconnect: { minDelay: 5_000, maxDelay: 1_000 } }, 'reconnect.minDelay'],
  ['queue.max negative', { queue: { max: -1 } }, 'queue.max'],
  ['unknown overflow policy', { queue: { overflow: 'drop-newest' as never } }, 'queue.overflow'],
]

test.each(invalid)(
  '9d. invalid option (%s): a clear invalid_option error naming the option, nothing opened, nothing thrown',
  (_name, options, option) => {
    const traced = countingWebSocket(NodeWebSocket)
    const logged: unknown[] = []
    const connection = connect(
      'ws://never.invalid/',
      {},
      {
        ...options,
        WebSocket: traced.WebSocket,
        notify: 'sync',
        logger: { ...silentLogger, error: (error) => logged.push(error) },
      },
    )
    const { status, error } = connection.getSnapshot()
    expect(status).toBe('closed')
    expect(error?.code).toBe('invalid_option')
    expect(error?.message).toMatch(new RegExp(`^\\[react-glock\\] options\\.${option.replace('.', '\\.')} must be `))
    expect(traced.attempts).toBe(0)
    expect(connection.push('x')).toBe(false)
    // Without onError, the error goes to logger.error as one line (how often is 9e's business).
    expect(logged[0]).toBe(`[react-glock] invalid_option: ${error!.message.slice('[react-glock] '.length)}`)
  },
)

test("9d. invalid option (minDelay > maxDelay): the message also gives maxDelay's value", () => {
  const [, options] = invalid.find(([name]) => name === 'minDelay > maxDelay')!
  const connection = connect(
    'ws://never.invalid/',
    {},
    {
      ...options,
      WebSocket: countingWebSocket(NodeWebSocket).WebSocket,
      notify: 'sync',
      logger: silentLogger,
    },
  )
  expect(connection.getSnapshot().error?.message).toContain('reconnect.maxDelay (1000)')
})

test('9e. an invalid option is also reported through onError, once, like every error put on the snapshot', () => {
  const seen: GlockError[] = []
  const connection = connect(
    'ws://never.invalid/',
    {},
    {
      reconnect: { minDelay: 5_000, maxDelay: 1_000 },
      WebSocket: countingWebSocket(NodeWebSocket).WebSocket,
      notify: 'sync',
      logger: silentLogger,
      onError: (error) => seen.push(error),
    },
  )
  const { error } = connection.getSnapshot()
  // Recorded before the assertions, so that a failure shows what was lost.
  record('10b-invalid-option-onerror', { error: error?.code ?? null, onErrorCalls: seen.length })
  expect(error?.code).toBe('invalid_option')
  expect(seen).toHaveLength(1)
  expect(seen[0]).toBe(error)
})

test('9f. every invalid-option message starts with the option it names (the messages go in the table)', () => {
  const cases = invalid.map(([name, options, option]) => {
    const connection = connect(
      'ws://never.invalid/',
      {},
      { ...options, WebSocket: countingWebSocket(NodeWebSocket).WebSocket, logger: silentLogger },
    )
    const message = connection.getSnapshot().error!.message
    expect(message.startsWith(`[react-glock] options.${option} must be `)).toBe(true)
    return { name, option, message }
  })
  record('09d-invalid-options', { cases })
})
