import { format } from 'node:util'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { WebSocket } from 'ws'
import {
  connect,
  GlockError,
  type Connection,
  type DefinitionOptions,
  type GlockErrorCode,
  type Callbacks,
  type WebSocketConstructor,
} from 'react-glock/core'
import { fakeClock } from '../support/fake-clock'
import { countingWebSocket } from '../support/fake-socket'
import { FAILURE, startJsonRpcServer, type JsonRpcServer } from '../support/jsonrpc-server'
import { silentLogger } from '../support/logger'
import { closedOf, turn, turnsUntil, until } from '../support/wait'
import { defineRpc, outcome, rpcHandlers, type Call, type Outcome, type RpcState } from './jsonrpc'

const NodeWebSocket: WebSocketConstructor = WebSocket

let rpc: JsonRpcServer
const made: Array<Connection<RpcState, Call>> = []

beforeEach(async () => {
  rpc = await startJsonRpcServer()
})
afterEach(async () => {
  made.splice(0).forEach((connection) => connection.close())
  await rpc.close()
})

/** A JSON-RPC connection to the test's server over `ws`, notifying at the end of each event, not yet open. */
function rpcConnection(options: DefinitionOptions = {}, overrides: Partial<Callbacks<RpcState, Call>> = {}) {
  const connection = connect(
    defineRpc(rpc.url, { WebSocket: NodeWebSocket, notify: 'sync', logger: silentLogger, ...options }, overrides),
  )
  made.push(connection)
  return connection
}

/** The same, once open. */
async function openRpc(options: DefinitionOptions = {}, overrides: Partial<Callbacks<RpcState, Call>> = {}) {
  const connection = rpcConnection(options, overrides)
  await until(connection, (snapshot) => snapshot.status === 'open')
  return connection
}

/** Reconnects 100 ms after a drop, on the test's clock. */
const RETRY = { minDelay: 100, maxDelay: 100, jitter: false } as const

/** A connection waiting for its retry (after a drop the policy retries). */
const waitingToRetry = (connection: Connection<RpcState, Call>) =>
  until(connection, (snapshot) => snapshot.status === 'connecting' && snapshot.nextRetryAt !== null)

/** The rejection is a GlockError with this code. */
function rejectedWith(result: Outcome<unknown>, code: GlockErrorCode): GlockError {
  expect(result.settled).toBe(true)
  expect(result.value).toBeUndefined()
  expect(result.reason).toBeInstanceOf(GlockError)
  expect((result.reason as GlockError).code).toBe(code)
  return result.reason as GlockError
}

const all = <T>(results: Array<Outcome<T>>) => Promise.all(results.map((result) => result.done))

/** What the server read on one connection: a request by its id, a notification by its method. */
const readOn = (connection: number) =>
  rpc.calls.filter((call) => call.connection === connection).map((call) => call.id ?? call.method)

const hello = JSON.stringify({ jsonrpc: '2.0', method: 'hello' })

describe('replies', () => {
  test('requests resolve with their result; ids start at 1 and count up', async () => {
    const connection = await openRpc()
    const echoed = connection.request({ method: 'echo', params: { text: 'hi' } })
    const sum = connection.request<number>({ method: 'add', params: [1, 2, 3] })
    expect(await echoed).toEqual({ text: 'hi' })
    expect(await sum).toBe(6)
    expect(rpc.requests).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'echo', params: { text: 'hi' }, connection: 0 },
      { jsonrpc: '2.0', id: 2, method: 'add', params: [1, 2, 3], connection: 0 },
    ])
    expect(connection.getSnapshot()).toMatchObject({ pending: 0, error: null, status: 'open' })
  })

  test('a push is a notification: send is told undefined, and the frame carries no id', async () => {
    const told: unknown[] = []
    const connection = await openRpc(
      {},
      {
        send: (call, state, request) => (told.push(request), rpcHandlers.send(call, state, request)),
      },
    )
    expect(connection.push({ method: 'note', params: 1 })).toBe(true)
    await connection.request({ method: 'echo', params: 2 })
    expect(told).toEqual([undefined, { id: 1 }])
    expect(rpc.calls).toEqual([
      { jsonrpc: '2.0', method: 'note', params: 1, connection: 0 },
      { jsonrpc: '2.0', id: 1, method: 'echo', params: 2, connection: 0 },
    ])
  })

  test("an error reply rejects with request_failed, whose cause is the server's error as received", async () => {
    const connection = await openRpc()
    const failed = outcome(connection.request({ method: 'fail', params: { why: 'testing' } }))
    await failed.done
    const error = rejectedWith(failed, 'request_failed')
    expect(error.cause).toEqual({ code: FAILURE.code, message: FAILURE.message, data: { why: 'testing' } })
    // The connection is fine: the next request resolves.
    expect(await connection.request({ method: 'echo', params: 'next' })).toBe('next')
    expect(connection.getSnapshot()).toMatchObject({ pending: 0, status: 'open' })
  })

  test('a batch frame (receive returns an array of replies) settles every request in it', async () => {
    const connection = await openRpc()
    rpc.holdReplies()
    const results = [
      outcome(connection.request({ method: 'echo', params: 'a' })),
      outcome(connection.request({ method: 'fail', params: 'b' })),
      outcome(connection.request({ method: 'add', params: [3, 4] })),
    ]
    await rpc.requestsRead(3)
    expect(rpc.release('reverse', { batch: true })).toEqual([3, 2, 1])
    await all(results)
    expect(results[0]!.value).toBe('a')
    expect(rejectedWith(results[1]!, 'request_failed').cause).toEqual({ ...FAILURE, data: 'b' })
    expect(results[2]!.value).toBe(7)
    // One frame settled all three.
    expect(connection.getSnapshot()).toMatchObject({ pending: 0, state: { frames: 1 } })
  })

  test.each(['reverse', 'shuffled'] as const)(
    '1,000 concurrent requests settle with the right values when the server replies in %s order',
    async (order) => {
      const connection = await openRpc()
      rpc.holdReplies()
      const results = Array.from({ length: 1000 }, (_, i) =>
        outcome(connection.request<number>({ method: 'add', params: [i, 1000] })),
      )
      expect(connection.getSnapshot().pending).toBe(1000)
      await rpc.requestsRead(1000)
      // Sent in the order made, ids 1…1000.
      expect(rpc.ids).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
      const sent = rpc.release(order)
      expect(sent).toHaveLength(1000)
      expect(sent.slice(0, 3)).not.toEqual([1, 2, 3])
      await all(results)
      expect(results.map((result) => result.value)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1000))
      expect(results.filter((result) => result.reason !== undefined)).toEqual([])
      expect(connection.getSnapshot()).toMatchObject({ pending: 0, error: null, state: { frames: 1000 } })
    },
  )
})

describe('timeouts', () => {
  test('a request rejects with request_timeout at its timeout, not before; the late reply is then ignored', async () => {
    const time = fakeClock()
    const debug = vi.fn()
    const connection = await openRpc({ clock: time.clock, requestTimeout: 5000, logger: { ...silentLogger, debug } })
    const slow = outcome(connection.request({ method: 'slow', params: 'late' }))
    await rpc.requestsRead(1)
    time.advance(4999)
    await turn()
    expect(slow.settled).toBe(false)
    expect(connection.getSnapshot().pending).toBe(1)
    time.advance(1)
    await slow.done
    rejectedWith(slow, 'request_timeout')
    expect(connection.getSnapshot().pending).toBe(0)

    // The late reply, then a request after it on the same socket: by its reply, the late one was handled.
    expect(rpc.release()).toEqual([1])
    expect(await connection.request({ method: 'echo', params: 'after' })).toBe('after')
    expect(connection.getSnapshot()).toMatchObject({
      status: 'open',
      error: null,
      pending: 0,
      state: { frames: 2, notifications: [] },
    })
    expect(debug).toHaveBeenCalledTimes(1)
    // A reply for an id never used is ignored the same way.
    rpc.sendRaw({ jsonrpc: '2.0', id: 999, result: 'nobody asked' })
    expect(await connection.request({ method: 'echo', params: 'again' })).toBe('again')
    expect(connection.getSnapshot()).toMatchObject({ status: 'open', error: null, pending: 0, state: { frames: 4 } })
    expect(debug).toHaveBeenCalledTimes(2)
    expect(format(...(debug.mock.calls[1] as unknown[]))).toContain('999')
  })

  test("a request's own timeout beats requestTimeout, and requestTimeout defaults to 30 000 ms", async () => {
    const time = fakeClock()
    const connection = await openRpc({ clock: time.clock })
    const quick = outcome(connection.request({ method: 'slow', params: 1 }, { timeout: 100 }))
    const usual = outcome(connection.request({ method: 'slow', params: 2 }))
    await rpc.requestsRead(2)
    time.advance(100)
    await quick.done
    rejectedWith(quick, 'request_timeout')
    time.advance(29_899)
    await turn()
    expect(usual.settled).toBe(false)
    time.advance(1)
    await usual.done
    rejectedWith(usual, 'request_timeout')
    expect(time.now()).toBe(30_000)
  })

  test('a request that times out while its frame is still queued is never sent', async () => {
    const time = fakeClock()
    const connection = rpcConnection({ clock: time.clock })
    // Not open yet: the frame waits in the queue.
    const queued = outcome(connection.request({ method: 'echo', params: 'never' }, { timeout: 100 }))
    time.advance(100)
    await queued.done
    rejectedWith(queued, 'request_timeout')
    expect(connection.getSnapshot().status).toBe('connecting')
    await until(connection, (snapshot) => snapshot.status === 'open')
    expect(await connection.request({ method: 'echo', params: 'sent' })).toBe('sent')
    expect(rpc.calls.map((call) => call.params)).toEqual(['sent'])
    expect(connection.getSnapshot().discarded).toBe(0)
  })
})

describe('abort', () => {
  test('aborting a sent request rejects it with signal.reason; its late reply is ignored', async () => {
    const connection = await openRpc()
    const controller = new AbortController()
    const slow = outcome(connection.request({ method: 'slow', params: 'x' }, { signal: controller.signal }))
    await rpc.requestsRead(1)
    const reason = new Error('the user left')
    controller.abort(reason)
    await slow.done
    expect(slow.reason).toBe(reason)
    expect(connection.getSnapshot().pending).toBe(0)
    rpc.release()
    expect(await connection.request({ method: 'echo', params: 'next' })).toBe('next')
    expect(connection.getSnapshot()).toMatchObject({ status: 'open', error: null, state: { frames: 2 } })
  })

  test('an already-aborted signal rejects at once with its reason, and nothing is sent', async () => {
    const connection = await openRpc()
    const reason = new Error('too late')
    const aborted = outcome(connection.request({ method: 'echo', params: 'no' }, { signal: AbortSignal.abort(reason) }))
    expect(connection.getSnapshot().pending).toBe(0)
    await aborted.done
    expect(aborted.reason).toBe(reason)
    expect(await connection.request({ method: 'echo', params: 'yes' })).toBe('yes')
    expect(rpc.calls.map((call) => call.params)).toEqual(['yes'])
  })

  test("aborting a request whose frame is still queued rejects with the signal's default reason and removes the frame", async () => {
    const connection = rpcConnection()
    const controller = new AbortController()
    const first = outcome(connection.request({ method: 'echo', params: 'dropped' }, { signal: controller.signal }))
    const second = outcome(connection.request({ method: 'echo', params: 'kept' }))
    controller.abort()
    await first.done
    expect(first.reason).toBe(controller.signal.reason)
    expect((first.reason as Error).name).toBe('AbortError')
    await second.done
    expect(second.value).toBe('kept')
    expect(rpc.calls.map((call) => [call.id, call.params])).toEqual([[2, 'kept']])
  })
})

describe('refusals and the connection ending', () => {
  test('close() rejects every pending request with connection_closed, queued ones included, and sends none of them', async () => {
    const time = fakeClock()
    const sockets = countingWebSocket(NodeWebSocket)
    const connection = await openRpc({ clock: time.clock, WebSocket: sockets.WebSocket })
    const sent = [
      outcome(connection.request({ method: 'slow', params: 1 })),
      outcome(connection.request({ method: 'slow', params: 2 })),
    ]
    await rpc.requestsRead(2)
    // A backed-up socket: the next frame waits in the queue.
    sockets.made[0]!.buffered = 2 ** 21
    const queued = outcome(connection.request({ method: 'echo', params: 3 }))
    expect(connection.getSnapshot().pending).toBe(3)
    connection.close()
    await all([...sent, queued])
    for (const result of [...sent, queued]) rejectedWith(result, 'connection_closed')
    expect(connection.getSnapshot()).toMatchObject({ pending: 0, discarded: 1, status: 'closed' })
    await closedOf(rpc.server.sockets[0]!)
    expect(rpc.ids).toEqual([1, 2])
  })

  test('a close step rejects pending requests with connection_closed', async () => {
    const connection = await openRpc(
      {},
      {
        receive(frame, state) {
          const step = rpcHandlers.receive(frame, state)
          return step.state.notifications.includes('bye') ? { ...step, close: true as const } : step
        },
      },
    )
    const slow = outcome(connection.request({ method: 'slow' }))
    await rpc.requestsRead(1)
    rpc.sendRaw({ jsonrpc: '2.0', method: 'bye' })
    await slow.done
    rejectedWith(slow, 'connection_closed')
    await until(connection, (snapshot) => snapshot.status === 'closed')
    expect(connection.getSnapshot().pending).toBe(0)
  })

  test('after close(), a request is refused at once with not_open', async () => {
    const connection = await openRpc()
    connection.close()
    const refused = outcome(connection.request({ method: 'echo', params: 1 }))
    expect(connection.getSnapshot().pending).toBe(0)
    await refused.done
    rejectedWith(refused, 'not_open')
  })

  test('a full queue refuses a request at once with queue_full; the one queued still goes out', async () => {
    const connection = rpcConnection({ queue: { max: 1 }, onError() {} })
    const first = outcome(connection.request({ method: 'echo', params: 'first' }))
    const second = outcome(connection.request({ method: 'echo', params: 'second' }))
    await second.done
    rejectedWith(second, 'queue_full')
    expect(connection.getSnapshot()).toMatchObject({ status: 'connecting', pending: 1 })
    await first.done
    expect(first.value).toBe('first')
    expect(rpc.calls.map((call) => call.params)).toEqual(['first'])
  })

  test('a send that throws rejects the request with that handler_error, and nothing is sent', async () => {
    const thrown = new Error('cannot encode')
    const onError = vi.fn()
    const connection = await openRpc(
      { onError },
      {
        send(call, state, request) {
          if (call.method === 'explode') throw thrown
          return rpcHandlers.send(call, state, request)
        },
      },
    )
    const exploded = outcome(connection.request({ method: 'explode' }))
    await exploded.done
    expect(rejectedWith(exploded, 'handler_error').cause).toBe(thrown)
    expect(connection.getSnapshot().pending).toBe(0)
    expect(await connection.request({ method: 'echo', params: 'after' })).toBe('after')
    expect(rpc.calls.map((call) => call.method)).toEqual(['echo'])
  })
})

describe('the socket going', () => {
  test('a server crash with requests pending and resend off: each rejects with connection_lost; ids go on after the reconnect', async () => {
    const time = fakeClock()
    const connection = await openRpc({ clock: time.clock, reconnect: RETRY })
    const results = [1, 2, 3].map((n) => outcome(connection.request({ method: 'slow', params: n })))
    await rpc.requestsRead(3)
    rpc.crash()
    await all(results)
    for (const result of results) expect(rejectedWith(result, 'connection_lost').cause).toBeDefined()
    expect(connection.getSnapshot().pending).toBe(0)
    await waitingToRetry(connection)
    time.advance(100)
    await until(connection, (snapshot) => snapshot.status === 'open')
    expect(await connection.request({ method: 'echo', params: 'again' })).toBe('again')
    expect(rpc.ids).toEqual([1, 2, 3, 4])
    expect(readOn(1)).toEqual([4])
  })

  test("a crash before the server read them: with resend they arrive after the reconnect in first order, each exactly once, after open's frames and before the queue", async () => {
    const time = fakeClock()
    const told: Array<number | string> = []
    const connection = await openRpc(
      { clock: time.clock, reconnect: RETRY },
      {
        open: (state) => ({ state, push: hello }),
        send: (call, state, request) => (told.push(request?.id ?? call.method), rpcHandlers.send(call, state, request)),
      },
    )
    await rpc.callsRead(1)
    rpc.crashOnRequest(1)
    const resent = [1, 2, 3, 4, 5].map((n) =>
      outcome(connection.request({ method: 'echo', params: n }, { resend: true })),
    )
    await rpc.crashes(1)
    await waitingToRetry(connection)
    // Still pending: they wait for the next socket.
    expect(resent.some((result) => result.settled)).toBe(false)
    expect(connection.getSnapshot().pending).toBe(5)
    // Made while reconnecting: these wait in the queue.
    expect(connection.push({ method: 'note' })).toBe(true)
    const queued = outcome(connection.request({ method: 'echo', params: 6 }))
    expect(connection.getSnapshot().pending).toBe(6)
    time.advance(100)
    await all([...resent, queued])
    expect([...resent, queued].map((result) => result.value)).toEqual([1, 2, 3, 4, 5, 6])
    expect(readOn(0)).toEqual(['hello'])
    expect(readOn(1)).toEqual(['hello', 1, 2, 3, 4, 5, 'note', 6])
    expect([1, 2, 3, 4, 5, 6].map((id) => rpc.arrivals(id))).toEqual([1, 1, 1, 1, 1, 1])
    // send ran once per message: the resent frames are the ones it made the first time.
    expect(told).toEqual([1, 2, 3, 4, 5, 'note', 6])
    expect(connection.getSnapshot()).toMatchObject({ pending: 0, status: 'open' })
  })

  test('resend per request: those without it reject with connection_lost and are not sent again', async () => {
    const time = fakeClock()
    const connection = await openRpc({ clock: time.clock, reconnect: RETRY })
    rpc.crashOnRequest(1)
    const results = [true, false, true].map((resend, i) =>
      outcome(connection.request({ method: 'echo', params: i + 1 }, { resend })),
    )
    await results[1]!.done
    rejectedWith(results[1]!, 'connection_lost')
    expect(results[0]!.settled || results[2]!.settled).toBe(false)
    expect(connection.getSnapshot().pending).toBe(2)
    await waitingToRetry(connection)
    time.advance(100)
    await all(results)
    expect([results[0]!.value, results[2]!.value]).toEqual([1, 3])
    expect(readOn(0)).toEqual([])
    expect(readOn(1)).toEqual([1, 3])
  })

  test('resend is at-least-once: requests the server read before the crash arrive again, the same frame with the same id', async () => {
    const time = fakeClock()
    const connection = await openRpc({ clock: time.clock, reconnect: RETRY })
    const results = ['a', 'b'].map((params) =>
      outcome(connection.request({ method: 'slow', params }, { resend: true })),
    )
    await rpc.requestsRead(2)
    rpc.crash()
    await waitingToRetry(connection)
    time.advance(100)
    await rpc.requestsRead(4)
    expect(rpc.ids).toEqual([1, 2, 1, 2])
    expect([rpc.arrivals(1), rpc.arrivals(2)]).toEqual([2, 2])
    const frames = (id: number) => rpc.server.received.filter((text) => JSON.parse(text).id === id)
    expect(frames(1)).toHaveLength(2)
    expect(frames(1)[1]).toBe(frames(1)[0])
    expect(frames(2)[1]).toBe(frames(2)[0])
    // The replies held for the crashed socket go nowhere; the new socket's are answered.
    rpc.release()
    await all(results)
    expect(results.map((result) => result.value)).toEqual(['a', 'b'])
  })

  test('a request waiting in the queue when the retries run out rejects with connection_lost, caused by retries_exhausted', async () => {
    const time = fakeClock()
    const connection = await openRpc({ clock: time.clock, reconnect: { ...RETRY, attempts: 1 } })
    await rpc.close()
    await waitingToRetry(connection)
    const queued = outcome(connection.request({ method: 'echo' }, { resend: true }))
    expect(connection.getSnapshot().pending).toBe(1)
    time.advance(100)
    await queued.done
    const error = rejectedWith(queued, 'connection_lost')
    expect(error.cause).toBeInstanceOf(GlockError)
    expect((error.cause as GlockError).code).toBe('retries_exhausted')
    expect(connection.getSnapshot()).toMatchObject({ status: 'closed', pending: 0 })
  })

  test('with resend but no next socket (reconnect: false), a pending request rejects with connection_lost', async () => {
    const connection = await openRpc({ reconnect: false })
    const result = outcome(connection.request({ method: 'slow' }, { resend: true }))
    await rpc.requestsRead(1)
    rpc.crash()
    await result.done
    expect(rejectedWith(result, 'connection_lost').cause).toBeDefined()
    await until(connection, (snapshot) => snapshot.status === 'closed')
    expect(connection.getSnapshot().pending).toBe(0)
  })
})

describe('pending', () => {
  test('pending counts 0 → n → 0 through replies, an abort and a timeout', async () => {
    const time = fakeClock()
    const connection = await openRpc({ clock: time.clock })
    const seen: number[] = []
    connection.subscribe(() => {
      const { pending } = connection.getSnapshot()
      if (seen[seen.length - 1] !== pending) seen.push(pending)
    })
    expect(connection.getSnapshot().pending).toBe(0)
    const controller = new AbortController()
    const results = [
      outcome(connection.request({ method: 'slow', params: 1 })),
      outcome(connection.request({ method: 'slow', params: 2 })),
      outcome(connection.request({ method: 'slow', params: 3 }, { timeout: 1000 })),
      outcome(connection.request({ method: 'slow', params: 4 }, { signal: controller.signal })),
    ]
    expect(connection.getSnapshot().pending).toBe(4)
    await rpc.requestsRead(4)
    controller.abort()
    expect(connection.getSnapshot().pending).toBe(3)
    time.advance(1000)
    expect(connection.getSnapshot().pending).toBe(2)
    rpc.release([2])
    await until(connection, (snapshot) => snapshot.pending === 1)
    rpc.release([1])
    await until(connection, (snapshot) => snapshot.pending === 0)
    await all(results)
    expect(results.map((result) => result.value)).toEqual([1, 2, undefined, undefined])
    expect(seen).toEqual([1, 2, 3, 4, 3, 2, 1, 0])
  })

  test("pending's changes are batched like incoming frames: 1,000 requests and their replies notify once per frame", async () => {
    const time = fakeClock()
    // 'frame' in Node (no requestAnimationFrame): one notification per 16 ms, on the test's clock.
    const connection = rpcConnection({ clock: time.clock, notify: 'frame' })
    expect(await turnsUntil(() => connection.getSnapshot().status === 'open', 1000)).not.toBe(Infinity)
    time.advance(16)
    let notifications = 0
    connection.subscribe(() => notifications++)
    rpc.holdReplies()
    const results = Array.from({ length: 1000 }, (_, i) =>
      outcome(connection.request<number>({ method: 'add', params: [i, i] })),
    )
    expect(notifications).toBe(0)
    time.advance(16)
    expect(notifications).toBe(1)
    expect(connection.getSnapshot().pending).toBe(1000)
    await rpc.requestsRead(1000)
    rpc.release('shuffled')
    await all(results)
    expect(results.map((result) => result.value)).toEqual(Array.from({ length: 1000 }, (_, i) => 2 * i))
    expect(notifications).toBe(1)
    time.advance(16)
    expect(notifications).toBe(2)
    expect(connection.getSnapshot()).toMatchObject({ pending: 0, state: { frames: 1000 } })
  })
})

describe('run to completion', () => {
  test("a request made in open: its send runs after open returns, its frame goes after open's own, and it resolves", async () => {
    const log: string[] = []
    let fromOpen: Outcome<unknown> | undefined
    const connection: Connection<RpcState, Call> = rpcConnection(
      {},
      {
        open(state) {
          log.push('open:start')
          fromOpen = outcome(connection.request({ method: 'echo', params: 'from open' }))
          log.push('open:end')
          return { state, push: hello }
        },
        send: (call, state, request) => (log.push(`send:${request?.id}`), rpcHandlers.send(call, state, request)),
      },
    )
    await until(connection, (snapshot) => snapshot.status === 'open')
    expect(fromOpen).toBeDefined()
    await fromOpen!.done
    expect(fromOpen!.value).toBe('from open')
    expect(log).toEqual(['open:start', 'open:end', 'send:1'])
    expect(readOn(0)).toEqual(['hello', 1])
  })

  test('a request made in receive: its send runs after receive returns, and it resolves with its reply', async () => {
    const log: string[] = []
    let fromReceive: Outcome<unknown> | undefined
    const connection: Connection<RpcState, Call> = await openRpc(
      {},
      {
        receive(frame, state) {
          const step = rpcHandlers.receive(frame, state)
          if (step.state.notifications.length > state.notifications.length) {
            log.push('receive:start')
            fromReceive = outcome(connection.request({ method: 'add', params: [2, 3] }))
            log.push('receive:end')
          }
          return step
        },
        send: (call, state, request) => (log.push(`send:${request?.id}`), rpcHandlers.send(call, state, request)),
      },
    )
    rpc.sendRaw({ jsonrpc: '2.0', method: 'ask' })
    await until(connection, () => fromReceive !== undefined)
    await fromReceive!.done
    expect(fromReceive!.value).toBe(5)
    expect(log).toEqual(['receive:start', 'receive:end', 'send:1'])
    expect(connection.getSnapshot()).toMatchObject({ pending: 0, state: { frames: 2, notifications: ['ask'] } })
  })
})
