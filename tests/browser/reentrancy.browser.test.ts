import { describe, expect, it, vi } from 'vitest'
import { commands } from 'vitest/browser'
import {
  connect,
  type Connection,
  type ConnectOptions,
  type Frame,
  type Callbacks,
  type Handlers,
  type Snapshot,
  type UrlInput,
} from 'react-glock/core'
import { freshUrl, recordingLogger } from './support/harness'
import { once } from '../support/once'

/**
 * The re-entrancy matrix in Chromium, with its own WebSocket, against the real ws server: push, close
 * and reconnect called from inside open, receive, onError and a throwing subscriber. Whatever the
 * pair, close() leaves nothing on the server, every frame arrives or is counted, in order, and
 * nothing escapes; and one socket at a time.
 */

interface Log {
  opens: number
  seen: string[]
}
type Glock = Connection<Log, string>

const journal = {
  init: (): Log => ({ opens: 0, seen: [] }),
  open: (log: Log) => ({ state: { ...log, opens: log.opens + 1 }, push: `open-${log.opens}` }),
  receive: (frame: Frame, log: Log) => ({
    state: { ...log, seen: [...log.seen, frame.type === 'text' ? frame.data : frame.type] },
  }),
} satisfies Handlers<Log, string>

function until(c: Glock, predicate: (snapshot: Snapshot<Log>) => boolean): Promise<Snapshot<Log>> {
  return new Promise((resolve) => {
    const check = () => predicate(c.getSnapshot()) && (stop(), resolve(c.getSnapshot()))
    const stop = c.subscribe(check)
    check()
  })
}

const opened = (c: Glock) => until(c, (s) => s.status === 'open')
/** The server echoes every frame: a frame came back once it got there. */
const echoed = (c: Glock, frame: string) => until(c, (s) => s.state.seen.includes(frame))

/**
 * Records the sockets the page makes (the global WebSocket becomes a subclass of Chromium's own, undone
 * by `vi.unstubAllGlobals` in setup.ts), and which were made while an earlier one was still connecting or open.
 */
function trackSockets() {
  const Native = globalThis.WebSocket
  const created: WebSocket[] = []
  const overlaps: number[] = []
  class Tracked extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      if (created.some((ws) => ws.readyState < Native.CLOSING)) overlaps.push(created.length)
      created.push(this)
    }
  }
  vi.stubGlobal('WebSocket', Tracked)
  return { created, overlaps }
}

/** A connection on a path of its own, with everything the assertions need to watch it. */
function rig() {
  const url = freshUrl()
  const { created, overlaps } = trackSockets()
  const logger = recordingLogger()
  const accepted: string[] = []
  const escaped: unknown[] = []
  const escape = (event: ErrorEvent | PromiseRejectionEvent) =>
    void escaped.push('error' in event ? event.error : event.reason)
  window.addEventListener('error', escape)
  window.addEventListener('unhandledrejection', escape)
  const stale: string[] = []
  let pushes = 0
  let c: Glock
  const given = () => [...Array.from({ length: c.getSnapshot().state.opens }, (_, n) => `open-${n}`), ...accepted]

  return {
    url,
    created,
    accepted,
    escaped,
    connect(handlers: Callbacks<Log, string> = {}, options: ConnectOptions = {}, target: UrlInput = url) {
      c = connect<Log, string>(
        target,
        { ...journal, ...handlers },
        { logger, reconnect: { minDelay: 10, maxDelay: 10 }, ...options },
      )
      return c
    },
    push() {
      const message = `m${++pushes}`
      accepted.push(message)
      expect(c.push(message)).toBe(true)
      return message
    },
    /**
     * Closed for good: no socket of the page connecting or open, and none left open on the server.
     * What was given and had not arrived by then was discarded, and may never arrive.
     */
    async closedForGood() {
      await until(c, (s) => s.status === 'closed')
      expect(created.map((ws) => ws.readyState).filter((state) => state < WebSocket.CLOSING)).toEqual([])
      await expect.poll(async () => (await commands.serverStats(url)).sockets.filter((s) => !s.close)).toEqual([])
      const { received } = await commands.serverStats(url)
      stale.push(...given().filter((frame) => !received.includes(frame)))
    },
    async finish() {
      await opened(c)
      await echoed(c, this.push())
      c.close()
      await this.closedForGood()
    },
    /** Every frame given arrived once or was counted in `discarded`, none discarded came later; pushed frames arrived in order; nothing escaped. */
    async expectClean() {
      window.removeEventListener('error', escape)
      window.removeEventListener('unhandledrejection', escape)
      const all = given()
      const { received } = await commands.serverStats(url)
      const pushed = received.filter((frame) => accepted.includes(frame))
      expect(received.filter((frame) => !all.includes(frame))).toEqual([])
      expect(new Set(received).size).toBe(received.length)
      expect(received.length + c.getSnapshot().discarded).toBe(all.length)
      expect(received.filter((frame) => stale.includes(frame))).toEqual([])
      expect(pushed).toEqual(accepted.filter((frame) => pushed.includes(frame)))
      expect(overlaps).toEqual([])
      expect(escaped).toEqual([])
    },
  }
}
type Rig = ReturnType<typeof rig>

const calls = {
  push: (r: Rig) => void r.push(),
  close: (_r: Rig, c: Glock) => c.close(),
  reconnect: (_r: Rig, c: Glock) => c.reconnect(),
}
type Call = keyof typeof calls

/** What each call must have done before the case goes on; `before` is how many sockets there were at the call. */
const effects: Record<Call, (r: Rig, c: Glock, before: number) => Promise<unknown>> = {
  push: (r, c) => echoed(c, r.accepted.at(-1)!),
  close: async (r, c) => {
    await r.closedForGood()
    c.reconnect()
  },
  reconnect: (r, c, before) => until(c, (s) => s.status === 'open' && r.created.length > before),
}

interface Callback {
  name: string
  /** The sockets each case makes, its own and the one after it. */
  sockets: Record<Call, number>
  setup(r: Rig, fire: () => void): { c: Glock; drive?: () => Promise<unknown>; verify?: () => void }
}

const callbacks: Callback[] = [
  {
    name: 'open',
    sockets: { push: 1, close: 2, reconnect: 2 },
    setup: (r, fire) => ({ c: r.connect({ open: (log) => (fire(), journal.open(log)) }) }),
  },
  {
    name: 'receive',
    sockets: { push: 1, close: 2, reconnect: 2 },
    setup: (r, fire) => ({ c: r.connect({ receive: (frame, log) => (fire(), journal.receive(frame, log)) }) }),
  },
  {
    // Chromium fires no error event when the server drops a connection: a URL function that never
    // answers its first call makes the error, a connect_timeout with no socket made for it.
    name: 'onError (connect_timeout)',
    sockets: { push: 1, close: 1, reconnect: 1 },
    setup(r, fire) {
      let calls = 0
      const url = () => (++calls === 1 ? new Promise<string>(() => {}) : r.url)
      return { c: r.connect({}, { key: r.url, connectTimeout: 50, onError: fire }, url) }
    },
  },
  {
    name: "a throwing subscriber (notify 'sync')",
    sockets: { push: 1, close: 2, reconnect: 2 },
    setup(r, fire) {
      const reportError = vi.spyOn(window, 'reportError').mockImplementation(() => {})
      const c = r.connect({}, { notify: 'sync' })
      const boom = new Error('subscriber')
      let thrown = false
      c.subscribe(() => {
        if (thrown || c.getSnapshot().status !== 'open') return
        thrown = true
        fire()
        throw boom
      })
      return { c, verify: () => expect(reportError).toHaveBeenCalledWith(boom) }
    },
  },
]

describe.each(callbacks)('from $name', (callback) => {
  it.each(Object.keys(calls) as Call[])('%s()', async (call) => {
    const r = rig()
    let before = 0
    const { fire, fired } = once(() => {
      before = r.created.length
      calls[call](r, scenario.c)
    })
    const scenario = callback.setup(r, fire)
    const { c } = scenario
    await scenario.drive?.()
    await fired
    await effects[call](r, c, before)
    await r.finish()
    expect(r.created).toHaveLength(callback.sockets[call])
    await r.expectClean()
    scenario.verify?.()
  })
})
