import { beforeEach, describe, expect, test } from 'vitest'
import { connect, GlockError, type Connection, type ConnectOptions, type Frame } from 'react-glock/core'
import { connectAcrossTabs } from 'react-glock/tabs'
import { fakeClock } from '../support/fake-clock'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'
import { fakeProfile } from '../support/fake-tabs'
import { silentLogger } from '../support/logger'

beforeEach(() => FakeSocket.reset())

interface Counter {
  count: number
  /** `info.attempt` of every open this state saw. */
  opens: number[]
}

/** The server says `count N`; a request goes out as `<id>:<text>` and its reply comes back as `<id>=<value>`. */
const counter = {
  init: (): Counter => ({ count: 0, opens: [] }),
  open: (state: Counter, info: { attempt: number }) => ({ state: { ...state, opens: [...state.opens, info.attempt] } }),
  send: (message: string, state: Counter, request: { id: number } | undefined) => ({
    state,
    push: request ? `${request.id}:${message}` : message,
  }),
  receive: (frame: Frame, state: Counter) => {
    if (frame.type !== 'text') return { state }
    const reply = /^(\d+)=(.*)$/.exec(frame.data)
    if (reply) return { state, reply: { id: Number(reply[1]), value: reply[2] } }
    const count = /^count (\d+)$/.exec(frame.data)
    return { state: count ? { ...state, count: Number(count[1]) } : state }
  },
}

const URL = 'ws://tabs.test/counter'

/** `n` tabs of one profile, each with a connection on the same key, run until they are quiet. */
async function openTabs(n: number, options: ConnectOptions = {}, handlers: typeof counter = counter) {
  const profile = fakeProfile()
  const names = Array.from({ length: n }, (_, i) => `tab${i}`)
  const tabs = names.map((name) => ({
    name,
    connection: connectAcrossTabs(URL, handlers, {
      key: 'counter',
      tabs: profile.tab(name),
      WebSocket: FakeWebSocket,
      notify: 'sync',
      logger: silentLogger,
      onError() {},
      ...options,
    }) as Connection<Counter, string>,
  }))
  await profile.flush()
  return { profile, tabs, connections: tabs.map((tab) => tab.connection) }
}

const live = () => FakeSocket.made.filter((socket) => socket.readyState < 2)
/** Opens the one socket there is, and lets every tab hear of it. */
async function openSocket(profile: ReturnType<typeof fakeProfile>) {
  expect(live()).toHaveLength(1)
  live()[0]!.open()
  await profile.flush()
  return live()[0]!
}
const roles = (connections: Connection<Counter, string>[]) => connections.map((c) => c.getSnapshot().tab)

describe('one socket for every tab', () => {
  test('3 tabs make 1 socket: the first is the leader, the others follow', async () => {
    const { profile, connections } = await openTabs(3)
    expect(FakeSocket.made).toHaveLength(1)
    expect(roles(connections)).toEqual(['leader', 'follower', 'follower'])
    await openSocket(profile)
    expect(connections.map((c) => c.getSnapshot().status)).toEqual(['open', 'open', 'open'])
  })

  test('a server message shows in every tab, with the same state', async () => {
    const { profile, connections } = await openTabs(3)
    const socket = await openSocket(profile)
    socket.receive('count 7')
    await profile.flush()
    expect(connections.map((c) => c.getSnapshot().state.count)).toEqual([7, 7, 7])
  })

  test('different keys never interfere: one socket per key', async () => {
    const profile = fakeProfile()
    const make = (key: string, tab: string) =>
      connectAcrossTabs(URL, counter, { key, tabs: profile.tab(tab), WebSocket: FakeWebSocket, logger: silentLogger })
    const a = [make('a', 't1'), make('a', 't2')]
    const b = [make('b', 't1'), make('b', 't2')]
    await profile.flush()
    expect(FakeSocket.made).toHaveLength(2)
    expect([...a, ...b].map((c) => c.getSnapshot().tab)).toEqual(['leader', 'follower', 'leader', 'follower'])
    FakeSocket.made[0]!.open()
    FakeSocket.made[0]!.receive('count 1')
    await profile.flush()
    expect(a.map((c) => c.getSnapshot().state.count)).toEqual([1, 1])
    expect(b.map((c) => c.getSnapshot().state.count)).toEqual([0, 0])
  })

  test('a tab that joins late shows init with connecting, then the current state after one round trip', async () => {
    const { profile, connections } = await openTabs(1)
    const socket = await openSocket(profile)
    socket.receive('count 5')
    await profile.flush()
    const late = connectAcrossTabs(URL, counter, {
      key: 'counter',
      tabs: profile.tab('late'),
      WebSocket: FakeWebSocket,
      logger: silentLogger,
    })
    expect(late.getSnapshot()).toMatchObject({ state: { count: 0 }, status: 'connecting', tab: null })
    // Its hello, then the leader's answer.
    await profile.step()
    await profile.step()
    expect(late.getSnapshot()).toMatchObject({ state: { count: 5 }, status: 'open', tab: 'follower' })
    expect(connections[0]!.getSnapshot().tab).toBe('leader')
  })

  test('a tab alone posts nothing but its hello, and a tab that joins later still gets the state', async () => {
    const profile = fakeProfile()
    const own = profile.tab('alone')
    let posts = 0
    class CountingChannel extends own.BroadcastChannel {
      override postMessage(message: unknown) {
        posts++
        super.postMessage(message)
      }
    }
    const base = { key: 'counter', WebSocket: FakeWebSocket, notify: 'sync', logger: silentLogger } as const
    connectAcrossTabs(URL, counter, { ...base, tabs: { locks: own.locks, BroadcastChannel: CountingChannel } })
    await profile.flush()
    FakeSocket.last.open()
    for (let i = 1; i <= 5; i++) FakeSocket.last.receive(`count ${i}`)
    await profile.flush()
    expect(posts).toBe(1)
    const late = connectAcrossTabs(URL, counter, { ...base, tabs: profile.tab('late') })
    await profile.flush()
    expect(late.getSnapshot()).toMatchObject({ tab: 'follower', status: 'open', state: { count: 5 } })
  })

  test('a follower never shows an older snapshot than one it showed', async () => {
    const { profile, connections } = await openTabs(2)
    const socket = await openSocket(profile)
    const seen: number[] = []
    connections[1]!.subscribe(() => seen.push(connections[1]!.getSnapshot().state.count))
    for (let i = 1; i <= 5; i++) socket.receive(`count ${i}`)
    await profile.flush()
    expect(seen).toEqual([1, 2, 3, 4, 5])
  })
})

describe('followers act through the leader', () => {
  test("a follower's push runs send on the leader and reaches the socket once", async () => {
    const { profile, connections } = await openTabs(3)
    const socket = await openSocket(profile)
    expect(connections[1]!.push('inc')).toBe(true)
    await profile.flush()
    expect(socket.sent).toEqual(['inc'])
  })

  test('pushes go out in the order each tab pushed them', async () => {
    const { profile, connections } = await openTabs(3)
    const socket = await openSocket(profile)
    connections[1]!.push('a1')
    connections[2]!.push('b1')
    connections[1]!.push('a2')
    connections[0]!.push('l1')
    connections[2]!.push('b2')
    await profile.flush()
    const from = (prefix: string) => socket.sent.filter((frame) => String(frame).startsWith(prefix))
    expect(from('a')).toEqual(['a1', 'a2'])
    expect(from('b')).toEqual(['b1', 'b2'])
    expect(socket.sent).toHaveLength(5)
  })

  test("a refusal comes back as that tab's error", async () => {
    const { profile, connections } = await openTabs(2, { queue: { max: 0 } })
    expect(connections[1]!.push('x')).toBe(true)
    await profile.flush()
    expect(connections[1]!.getSnapshot().error).toMatchObject({ code: 'queue_full' })
    expect(connections[1]!.getSnapshot().error).toBeInstanceOf(GlockError)
  })

  test('close() and reconnect() on a follower act on the shared connection, for every tab', async () => {
    const { profile, connections } = await openTabs(3)
    const socket = await openSocket(profile)
    connections[2]!.close(4000, 'bye')
    await profile.flush()
    expect(socket.closeRequest).toEqual({ code: 4000, reason: 'bye' })
    socket.serverClose(4000, 'bye')
    await profile.flush()
    expect(connections.map((c) => c.getSnapshot().status)).toEqual(['closed', 'closed', 'closed'])
    expect(connections[1]!.getSnapshot().lastClose).toEqual({ code: 4000, reason: 'bye', wasClean: true })
    connections[1]!.reconnect()
    await profile.flush()
    expect(live()).toHaveLength(1)
    expect(connections.map((c) => c.getSnapshot().status)).toEqual(['connecting', 'connecting', 'connecting'])
  })

  test('a bad close code throws in a follower as in the leader', () => {
    const profile = fakeProfile()
    const follower = connectAcrossTabs(URL, counter, { key: 'k', tabs: profile.tab('f'), WebSocket: FakeWebSocket })
    expect(() => follower.close(1001)).toThrow(expect.objectContaining({ code: 'invalid_argument' }))
    follower.release()
  })

  test('errors cross as GlockErrors with their code, message and cause, and keep their identity', async () => {
    const { profile, connections } = await openTabs(2)
    const socket = await openSocket(profile)
    socket.onerror?.(new Event('error'))
    await profile.flush()
    const error = connections[1]!.getSnapshot().error
    expect(error).toBeInstanceOf(GlockError)
    expect(error).toMatchObject({ code: 'socket_error', message: connections[0]!.getSnapshot().error!.message })
    socket.receive('count 3')
    await profile.flush()
    expect(connections[1]!.getSnapshot().state.count).toBe(3)
    expect(connections[1]!.getSnapshot().error).toBe(error)
  })
})

describe('requests through the leader', () => {
  test("a follower's request settles in the follower with the reply", async () => {
    const { profile, connections } = await openTabs(2)
    const socket = await openSocket(profile)
    const reply = connections[1]!.request('sum 1 2')
    await profile.flush()
    expect(socket.sent).toEqual(['1:sum 1 2'])
    expect(connections[1]!.getSnapshot().pending).toBe(1)
    expect(connections[0]!.getSnapshot().pending).toBe(0)
    socket.receive('1=3')
    await profile.flush()
    await expect(reply).resolves.toBe('3')
    expect(connections[1]!.getSnapshot().pending).toBe(0)
  })

  test('a timeout rejects in the follower as on the leader', async () => {
    const time = fakeClock()
    const { profile, connections } = await openTabs(2, { clock: time.clock })
    await openSocket(profile)
    const reply = connections[1]!.request('slow', { timeout: 100 })
    await profile.flush()
    time.advance(100)
    await profile.flush()
    await expect(reply).rejects.toMatchObject({ code: 'request_timeout' })
  })

  test("aborting rejects with the signal's reason, and the leader forgets the request", async () => {
    const { profile, connections } = await openTabs(2)
    const socket = await openSocket(profile)
    const controller = new AbortController()
    const reply = connections[1]!.request('x', { signal: controller.signal })
    await profile.flush()
    controller.abort(new Error('no longer needed'))
    await expect(reply).rejects.toThrow('no longer needed')
    await profile.flush()
    socket.receive('1=late')
    await profile.flush()
    expect(connections[1]!.getSnapshot().pending).toBe(0)
  })
})

describe('the leader can go at any time', () => {
  test('released with followers: the next tab leads, reconnects (open sees attempt 1), and the state carries on', async () => {
    const { profile, connections } = await openTabs(3)
    const socket = await openSocket(profile)
    socket.receive('count 41')
    await profile.flush()
    connections[0]!.release()
    await profile.flush()
    expect(socket.closeRequest).not.toBeNull()
    expect(roles(connections.slice(1))).toEqual(['leader', 'follower'])
    const next = await openSocket(profile)
    expect(FakeSocket.made).toHaveLength(2)
    next.receive('count 42')
    await profile.flush()
    expect(connections[1]!.getSnapshot()).toMatchObject({ state: { count: 42, opens: [0, 1] }, attempt: 1 })
    expect(connections[2]!.getSnapshot().state).toEqual(connections[1]!.getSnapshot().state)
  })

  test('reconnect() in a tab that took over starts at attempt 0, as connect does', async () => {
    const { profile, connections } = await openTabs(2)
    await openSocket(profile)
    connections[0]!.release()
    await profile.flush()
    await openSocket(profile)
    expect(connections[1]!.getSnapshot()).toMatchObject({ tab: 'leader', attempt: 1, state: { opens: [0, 1] } })
    connections[1]!.reconnect()
    await profile.flush()
    await openSocket(profile)
    const { attempt, state } = connections[1]!.getSnapshot()
    expect({ attempt, opens: state.opens }).toEqual({ attempt: 0, opens: [0, 1, 0] })
  })

  test('crashed: the next tab leads', async () => {
    const { profile, connections } = await openTabs(2)
    const socket = await openSocket(profile)
    socket.receive('count 9')
    await profile.flush()
    profile.crash('tab0')
    connections[0]!.release()
    await profile.flush()
    expect(connections[1]!.getSnapshot()).toMatchObject({ tab: 'leader', state: { count: 9 } })
    expect(live()).toHaveLength(1)
  })

  test('pushes made while no tab leads are sent by the next leader, in order, once', async () => {
    const { profile, connections } = await openTabs(3)
    await openSocket(profile)
    profile.crash('tab0')
    connections[0]!.release()
    connections[2]!.push('b1')
    connections[1]!.push('a1')
    connections[2]!.push('b2')
    await profile.flush()
    const next = await openSocket(profile)
    expect(next.sent).toEqual(['a1', 'b1', 'b2'])
  })

  test('a tab whose subscribers are all gone (waiting out its closeDelay) does not take over; it asks again when one comes back', async () => {
    const { profile, connections } = await openTabs(2)
    await openSocket(profile)
    const unsubscribe = connections[1]!.subscribe(() => {})
    unsubscribe()
    connections[0]!.release()
    await profile.flush()
    expect(live()).toHaveLength(0)
    expect(FakeSocket.made).toHaveLength(1)
    connections[1]!.subscribe(() => {})
    await profile.flush()
    expect(connections[1]!.getSnapshot().tab).toBe('leader')
    expect(live()).toHaveLength(1)
  })

  test('the last tab released closes the socket', async () => {
    const { profile, connections } = await openTabs(2)
    await openSocket(profile)
    connections[1]!.release()
    await profile.flush()
    expect(live()).toHaveLength(1)
    connections[0]!.release()
    await profile.flush()
    expect(live()).toHaveLength(0)
    expect(FakeSocket.made).toHaveLength(1)
  })

  test('a connection closed for every tab stays closed when its leader goes', async () => {
    const { profile, connections } = await openTabs(2)
    const socket = await openSocket(profile)
    connections[1]!.close()
    await profile.flush()
    socket.serverClose(1000)
    await profile.flush()
    connections[0]!.release()
    await profile.flush()
    expect(connections[1]!.getSnapshot()).toMatchObject({ tab: 'leader', status: 'closed' })
    expect(FakeSocket.made).toHaveLength(1)
    expect(connections[1]!.push('x')).toBe(false)
    connections[1]!.reconnect()
    expect(live()).toHaveLength(1)
  })

  test('a request with resend goes out again with its id and frames; one without is lost', async () => {
    const { profile, connections } = await openTabs(3)
    const socket = await openSocket(profile)
    const kept = connections[1]!.request('keep', { resend: true })
    const dropped = connections[1]!.request('drop')
    await profile.flush()
    expect(socket.sent).toEqual(['1:keep', '2:drop'])
    profile.crash('tab0')
    connections[0]!.release()
    await profile.flush()
    await expect(dropped).rejects.toMatchObject({ code: 'connection_lost' })
    const next = await openSocket(profile)
    expect(next.sent).toEqual(['1:keep'])
    next.receive('1=kept')
    await profile.flush()
    await expect(kept).resolves.toBe('kept')
    // Ids go on from the last one handed out, never reused: the new leader gave 3 to the request it sent again
    // (its frames keep id 1), so the next is 4.
    const after = connections[2]!.request('after')
    await profile.flush()
    expect(next.sent).toEqual(['1:keep', '4:after'])
    next.receive('4=ok')
    await profile.flush()
    await expect(after).resolves.toBe('ok')
  })
})

describe('the same code in every tab', () => {
  test('a tab whose version differs warns and connects on its own', async () => {
    const profile = fakeProfile()
    const warnings: unknown[] = []
    const base = { key: 'counter', WebSocket: FakeWebSocket, logger: silentLogger, onError() {} }
    const leader = connectAcrossTabs(URL, counter, { ...base, tabs: profile.tab('a'), version: '2' })
    await profile.flush()
    const other = connectAcrossTabs(URL, counter, {
      ...base,
      tabs: profile.tab('b'),
      version: '1',
      logger: { ...silentLogger, warn: (...args) => warnings.push(args.join(' ')) },
    })
    await profile.flush()
    expect(leader.getSnapshot().tab).toBe('leader')
    expect(other.getSnapshot().tab).toBeNull()
    expect(FakeSocket.made).toHaveLength(2)
    expect(warnings).toEqual([expect.stringContaining('[react-glock] The tab leading "counter" runs other code')])
    expect(warnings[0]).toContain('version: "2"')
  })

  test('a tab with other handler names connects on its own', async () => {
    const profile = fakeProfile()
    const base = { key: 'counter', WebSocket: FakeWebSocket, logger: silentLogger, onError() {} }
    connectAcrossTabs(URL, counter, { ...base, tabs: profile.tab('a') })
    await profile.flush()
    const { receive: _, ...withoutReceive } = counter
    const other = connectAcrossTabs(URL, withoutReceive, { ...base, tabs: profile.tab('b') })
    await profile.flush()
    expect(other.getSnapshot().tab).toBeNull()
    expect(FakeSocket.made).toHaveLength(2)
  })
})

describe('state that cannot cross', () => {
  test("a state that can't be cloned is invalid_state; the leader's own tab keeps working", async () => {
    const errors: GlockError[] = []
    const handlers = {
      ...counter,
      receive: (frame: Frame, state: Counter) =>
        frame.type === 'text' && frame.data === 'fn'
          ? { state: { ...state, count: 1, callback: () => {} } as Counter }
          : // Plain data again: the callback is left out.
            counter.receive(frame, { count: state.count, opens: state.opens }),
    }
    const { profile, connections } = await openTabs(2, { onError: (error) => errors.push(error) }, handlers)
    const socket = await openSocket(profile)
    socket.receive('fn')
    await profile.flush()
    expect(connections[0]!.getSnapshot()).toMatchObject({ state: { count: 1 }, error: { code: 'invalid_state' } })
    expect(connections[1]!.getSnapshot()).toMatchObject({ state: { count: 0 }, error: { code: 'invalid_state' } })
    expect(errors.map((error) => error.code)).toContain('invalid_state')
    expect(errors.find((error) => error.code === 'invalid_state')!.message).toMatch(/cannot be cloned/)
    socket.receive('count 2')
    await profile.flush()
    expect(connections.map((c) => c.getSnapshot().state.count)).toEqual([2, 2])
    expect(connections.map((c) => c.getSnapshot().error)).toEqual([null, null])
  })
})

describe('fallback', () => {
  test('without Web Locks or BroadcastChannel it is connect: tab null, one socket per call', () => {
    expect(typeof (globalThis as { navigator?: { locks?: unknown } }).navigator?.locks).toBe('undefined')
    const a = connectAcrossTabs(URL, counter, { key: 'k', WebSocket: FakeWebSocket })
    const b = connectAcrossTabs(URL, counter, { key: 'k', WebSocket: FakeWebSocket })
    expect(FakeSocket.made).toHaveLength(2)
    expect(a.getSnapshot().tab).toBeNull()
    expect(Object.keys(a).sort()).toEqual(Object.keys(connect(URL, counter, { WebSocket: FakeWebSocket })).sort())
    a.release()
    b.release()
  })
})

/**
 * The leader's tab crashes after `k` deliveries of the queue (messages and lock grants), for every `k` until the
 * queue runs dry: whatever the point, the outcome is the same.
 */
describe('a hand-over at every point', () => {
  /** Runs `act`, then crashes the leader after `k` deliveries; false once `k` is past the last delivery. */
  async function crashAfter(k: number, act: (setup: Awaited<ReturnType<typeof openTabs>>) => void | Promise<void>) {
    const setup = await openTabs(3)
    await act(setup)
    for (let i = 0; i < k; i++) {
      if (setup.profile.waiting === 0) return undefined
      await setup.profile.step()
    }
    setup.profile.crash('tab0')
    setup.connections[0]!.release()
    await setup.profile.flush()
    return setup
  }
  const sentEverywhere = () => FakeSocket.made.flatMap((socket) => socket.sent)

  test("of a follower's push: the frame reaches a socket exactly once", async () => {
    let points = 0
    for (let k = 0; ; k++) {
      FakeSocket.reset()
      const setup = await crashAfter(k, async ({ profile, connections }) => {
        await openSocket(profile)
        connections[2]!.push('p')
      })
      if (!setup) break
      points++
      if (live()[0]?.readyState === 0) await openSocket(setup.profile)
      expect(sentEverywhere(), `crash after ${k} deliveries`).toEqual(['p'])
    }
    expect(points).toBeGreaterThan(2)
  })

  test('of an open: one socket opens again, open sees attempt 1, and every tab shows the same state', async () => {
    let points = 0
    for (let k = 0; ; k++) {
      FakeSocket.reset()
      const setup = await crashAfter(k, () => {
        FakeSocket.last.open()
      })
      if (!setup) break
      points++
      await openSocket(setup.profile)
      const [, a, b] = setup.connections.map((c) => c.getSnapshot())
      expect(a!.state.opens.at(-1), `crash after ${k} deliveries`).toBe(1)
      expect(b!.state).toEqual(a!.state)
      expect([a!.status, b!.status]).toEqual(['open', 'open'])
    }
    expect(points).toBeGreaterThan(1)
  })

  test("of a follower's close(): every tab ends closed, with no socket left", async () => {
    let points = 0
    for (let k = 0; ; k++) {
      FakeSocket.reset()
      const setup = await crashAfter(k, async ({ profile, connections }) => {
        await openSocket(profile)
        connections[2]!.close()
      })
      if (!setup) break
      points++
      // The server answers every close: a socket that was asked to close, closes.
      for (let round = 0; round < 3; round++) {
        for (const socket of FakeSocket.made) {
          if (socket.readyState === 0 && socket === live()[0]) socket.open()
          if (socket.closeRequest && socket.readyState !== 3) socket.serverClose(1000)
        }
        await setup.profile.flush()
      }
      expect(live(), `crash after ${k} deliveries`).toHaveLength(0)
      expect(setup.connections.slice(1).map((c) => c.getSnapshot().status)).toEqual(['closed', 'closed'])
    }
    expect(points).toBeGreaterThan(2)
  })
})
