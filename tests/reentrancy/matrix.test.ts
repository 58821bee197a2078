import { afterEach, describe, expect, it } from 'vitest'
import type { Frame, NotifyMode } from 'react-glock/core'
import { until } from '../support/wait'
import { invalidFirstStep, journal, opened, quickRetry, startRig, stopRigs, type Glock, type Rig } from './harness'
import { once } from '../support/once'

/**
 * The re-entrancy matrix: every public call made from inside every callback, each against a real
 * ws server. A call made while an event is processed runs right after it, in order; whatever the
 * pair, (a) close() leaves nothing on the server, (b) every frame arrives or is counted, (c) in
 * order, (d) nothing escapes.
 */
afterEach(stopRigs)

const calls = {
  push: (rig: Rig, c: Glock) => void rig.push(c),
  close: (_rig: Rig, c: Glock) => c.close(),
  reconnect: (_rig: Rig, c: Glock) => c.reconnect(),
}
type Call = keyof typeof calls

/** What each call must have done before the case goes on; `before` is how many sockets there were at the call. */
const effects: Record<Call, (rig: Rig, c: Glock, before: number) => Promise<unknown>> = {
  // push() took the frame, and it reaches the server (after the retry where the socket was down).
  push: (rig) => {
    expect(rig.refused).toEqual([])
    return rig.arrived(rig.accepted.at(-1)!)
  },
  // Closed for good, nothing left on the server; reconnect() brings it back, without the stale frames.
  close: async (rig, c) => {
    await rig.closedForGood(c)
    c.reconnect()
  },
  // A new socket opens, instead of any retry.
  reconnect: (rig, c, before) => until(c, (s) => s.status === 'open' && rig.clients.length > before),
}

interface Scenario {
  c: Glock
  /** Makes the callback run. */
  drive?: () => Promise<unknown>
  /** What else the callback must have seen happen. */
  verify?: () => void
}

/** The sockets a case makes: close() is followed by a reconnect(), and some callbacks need a retry to run. */
const oneSocket = { push: 1, close: 2, reconnect: 2 }
const withRetry = { push: 2, close: 2, reconnect: 2 }

interface Callback {
  name: string
  sockets: Record<Call, number>
  /** Connects so that the callback runs, at least once, and calls `fire` every time it runs. */
  setup(rig: Rig, fire: () => void): Scenario
}

const isText = (frame: Frame, data: string) => frame.type === 'text' && frame.data === data
const notified = (notify: NotifyMode) => (rig: Rig, fire: () => void) => {
  const c = rig.connect({}, { notify })
  c.subscribe(() => c.getSnapshot().status === 'open' && fire())
  return { c }
}

const callbacks: Callback[] = [
  {
    name: 'open',
    sockets: oneSocket,
    setup: (rig, fire) => ({ c: rig.connect({ open: (log) => (fire(), journal.open(log)) }) }),
  },
  {
    name: 'send',
    sockets: oneSocket,
    setup(rig, fire) {
      const c = rig.connect({ send: (message, log) => (fire(), journal.send(message, log)) })
      return { c, drive: () => opened(c).then(() => rig.push(c)) }
    },
  },
  {
    name: 'receive',
    sockets: oneSocket,
    // The echo of `open-0` is the first frame.
    setup: (rig, fire) => ({ c: rig.connect({ receive: (frame, log) => (fire(), journal.receive(frame, log)) }) }),
  },
  {
    name: 'reconnect.shouldReconnect',
    sockets: withRetry,
    setup(rig, fire) {
      const c = rig.connect({}, { reconnect: { ...quickRetry, shouldReconnect: () => (fire(), true) } })
      return { c, drive: () => opened(c).then(() => rig.server.sockets[0]!.close(1012, 'restart')) }
    },
  },
  {
    name: 'heartbeat.isPong',
    sockets: oneSocket,
    setup(rig, fire) {
      const isPong = (frame: Frame) => isText(frame, 'pong') && (fire(), true)
      return { c: rig.connect({}, { heartbeat: { interval: 20, timeout: 2000, isPong } }) }
    },
  },
  {
    name: 'onError (connect_timeout)',
    sockets: withRetry,
    setup(rig, fire) {
      rig.hold(1)
      return { c: rig.connect({}, { connectTimeout: 100, onError: fire }) }
    },
  },
  {
    name: 'logger.error (invalid_step)',
    sockets: oneSocket,
    setup(rig, fire) {
      const logger = { ...rig.logger, error: (...args: unknown[]) => (rig.logger.error(...args), fire()) }
      return { c: rig.connect({ receive: invalidFirstStep() }, { logger }) }
    },
  },
  { name: "a subscriber (notify 'frame')", sockets: oneSocket, setup: notified('frame') },
  { name: "a subscriber (notify 'microtask')", sockets: oneSocket, setup: notified('microtask') },
  { name: "a subscriber (notify 'sync')", sockets: oneSocket, setup: notified('sync') },
  {
    name: "a throwing subscriber (notify 'sync')",
    sockets: oneSocket,
    setup(rig, fire) {
      const c = rig.connect({}, { notify: 'sync' })
      const boom = new Error('subscriber')
      let thrown = false
      c.subscribe(() => {
        if (thrown || c.getSnapshot().status !== 'open') return
        thrown = true
        fire()
        throw boom
      })
      // Node has no reportError: the error goes to logger.error, once.
      return { c, verify: () => expect(rig.logged(boom)).toBe(1) }
    },
  },
]

describe.each(callbacks)('from $name', (callback) => {
  it.each(Object.keys(calls) as Call[])('%s()', async (call) => {
    const rig = await startRig()
    let before = 0
    const { fire, fired } = once(() => {
      before = rig.clients.length
      calls[call](rig, scenario.c)
    })
    const scenario = callback.setup(rig, fire)
    const { c } = scenario
    await scenario.drive?.()
    await fired
    await effects[call](rig, c, before)
    await rig.finish(c)
    expect(rig.refused).toEqual([])
    expect(rig.clients).toHaveLength(callback.sockets[call])
    rig.expectClean(c)
    scenario.verify?.()
  })
})
