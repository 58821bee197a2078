import { afterEach, expect, test } from 'vitest'
import { connect, type ConnectOptions, type GlockError } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { ManualClock } from './support/clock'
import { quiet, record } from './support/figures'
import { tracedWebSocket } from './support/sockets'
import { until } from './support/wait'

let server: TestServer | undefined
afterEach(() => server?.close())

async function setup(queue: ConnectOptions['queue']) {
  server = await startServer({ echo: false })
  const clock = new ManualClock()
  const traced = tracedWebSocket()
  const errors: GlockError[] = []
  const connection = connect<null, string>(
    server.url,
    {},
    {
      WebSocket: traced.WebSocket,
      clock,
      notify: 'sync',
      logger: quiet,
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
    order: 9,
    fault: "Queue overflow, overflow: 'reject' (max 3): 5 pushes before open",
    did: `accepted ${accepted.filter(Boolean).length}, refused ${accepted.filter((ok) => !ok).length} (push returned false, 'queue_full' on error and onError each time); on open sent the ${accepted.filter(Boolean).length} in order`,
    lost: `${accepted.filter((ok) => !ok).length} refused at the push call (the caller knows); 0 lost silently; discarded = ${connection.getSnapshot().discarded}`,
    figures: { max: 3, pushed: letters.length, refused: accepted.filter((ok) => !ok).length, arrived: server.received },
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
    order: 9.1,
    fault: "Queue overflow, overflow: 'drop-oldest' (max 3): 5 pushes before open",
    did: `accepted all ${letters.length}, dropped the ${connection.getSnapshot().discarded} oldest ('queue_full' on error and onError, snapshot.discarded = ${connection.getSnapshot().discarded}); on open sent the newest ${server.received.length} in order`,
    lost: `${connection.getSnapshot().discarded} (the oldest), counted on snapshot.discarded and reported; 0 lost silently`,
    figures: {
      max: 3,
      pushed: letters.length,
      discarded: connection.getSnapshot().discarded,
      arrived: server.received,
    },
  })
})

test('9c. above queue.highWaterMark frames wait in the queue, polled until the socket drains, then go out in order', async () => {
  const { server, clock, traced, errors, connection } = await setup({ max: 4, highWaterMark: 1_000 })
  await until(connection, (s) => s.status === 'open')
  const socket = traced.sockets[0]!
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
    order: 9.2,
    fault: 'Socket backed up: bufferedAmount 5 000 B above highWaterMark 1 000 B (queue max 4)',
    did: `kept 4 pushes in the queue instead of the socket, polled bufferedAmount every 25 ms (${pollCount} polls), sent them in order once it drained; the 5th push was refused ('queue_full')`,
    lost: '1 refused at the push call; 0 lost silently; no poll timer left once drained',
    figures: {
      highWaterMark: 1_000,
      buffered: 5_000,
      queued: 4,
      refused: 1,
      polls: pollCount,
      timersLeft: clock.pending,
    },
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
    const traced = tracedWebSocket()
    const logged: unknown[] = []
    const connection = connect(
      'ws://never.invalid/',
      {},
      {
        ...options,
        WebSocket: traced.WebSocket,
        notify: 'sync',
        logger: { debug() {}, warn() {}, error: (error) => logged.push(error) },
      },
    )
    const { status, error } = connection.getSnapshot()
    expect(status).toBe('closed')
    expect(error?.code).toBe('invalid_option')
    expect(error?.message).toMatch(new RegExp(`^\\[react-glock\\] options\\.${option.replace('.', '\\.')} must be `))
    if (option === 'reconnect.minDelay' && options.reconnect && options.reconnect.maxDelay !== undefined) {
      expect(error?.message).toContain('reconnect.maxDelay (1000)')
    }
    expect(traced.attempts).toBe(0)
    expect(connection.push('x')).toBe(false)
    // Without onError, the error goes to logger.error (how often is 9e's business).
    expect(logged[0]).toBe(error)
  },
)

test('9e. an invalid option is also reported through onError, once, like every error put on the snapshot', () => {
  const seen: GlockError[] = []
  const connection = connect(
    'ws://never.invalid/',
    {},
    {
      reconnect: { minDelay: 5_000, maxDelay: 1_000 },
      WebSocket: tracedWebSocket().WebSocket,
      notify: 'sync',
      logger: quiet,
      onError: (error) => seen.push(error),
    },
  )
  const { error } = connection.getSnapshot()
  expect(error?.code).toBe('invalid_option')
  expect(seen).toHaveLength(1)
  expect(seen[0]).toBe(error)
  record('10b-invalid-option-onerror', {
    order: 9.4,
    fault: 'Invalid option (minDelay > maxDelay) with an onError handler',
    did: `put 'invalid_option' on the snapshot; onError called ${seen.length} time${seen.length === 1 ? '' : 's'}`,
    lost:
      seen.length === 1
        ? 'nothing'
        : seen.length === 0
          ? 'the report to onError (the error went to the snapshot and logger.error only)'
          : `nothing, but the same error was reported ${seen.length} times`,
    figures: { onErrorCalls: seen.length },
  })
})

test('9f. invalid-option messages, for the record', () => {
  const messages = invalid.map(([name, options, option]) => {
    const connection = connect(
      'ws://never.invalid/',
      {},
      { ...options, WebSocket: tracedWebSocket().WebSocket, logger: quiet },
    )
    const message = connection.getSnapshot().error!.message
    expect(message.startsWith(`[react-glock] options.${option} must be `)).toBe(true)
    return `${name}: "${message.replace('[react-glock] ', '')}"`
  })
  record('09d-invalid-options', {
    order: 9.3,
    fault: `Invalid options (${invalid.length} cases: negative delays, attempts not a whole number, minDelay > maxDelay, bad queue settings)`,
    did: `status 'closed' with error.code 'invalid_option' naming the option, no socket, no throw; e.g. ${messages.filter((m) => /^(negative minDelay|attempts a string|minDelay > maxDelay):/.test(m)).join('; ')}`,
    lost: 'nothing opened; push returns false',
    figures: { cases: messages },
  })
})
