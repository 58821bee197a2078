/** @vitest-environment jsdom */
import { StrictMode, useEffect, type ReactNode } from 'react'
import { act, cleanup, render } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { useGlock } from 'react-glock'
import type { Connection } from 'react-glock/core'
import { countingWebSocket, echoingFakeWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { startServer, type TestServer } from '../support/server'
import { closedOf, until } from '../support/wait'
import { ManualClock } from './support/clock'
import { record } from './support/figures'

const CYCLES = 1000
const KEYS = 10
const CLOSE_DELAY = 1000
/** Enough fake time for the fake socket to open or echo (1 ms) and for a frame-batched notification (16 ms). */
const STEP = 20

let server: TestServer | undefined
afterEach(async () => {
  cleanup()
  vi.useRealTimers()
  await server?.close()
  server = undefined
})

/** Counts the window/document listeners the library adds for network and page awareness. */
function listenerCounter() {
  const live = new Map<EventTarget, Map<string, Set<unknown>>>()
  const types = new Set(['online', 'offline', 'visibilitychange'])
  let added = 0
  const spy = (target: EventTarget) => {
    const add = target.addEventListener.bind(target)
    const remove = target.removeEventListener.bind(target)
    vi.spyOn(target, 'addEventListener').mockImplementation((type, listener, options) => {
      if (types.has(type)) {
        const byType = live.get(target) ?? new Map<string, Set<unknown>>()
        live.set(target, byType)
        const set = byType.get(type) ?? new Set()
        byType.set(type, set)
        if (!set.has(listener)) added++
        set.add(listener)
      }
      add(type, listener, options)
    })
    vi.spyOn(target, 'removeEventListener').mockImplementation((type, listener, options) => {
      live.get(target)?.get(type)?.delete(listener)
      remove(type, listener, options)
    })
  }
  spy(globalThis as unknown as EventTarget)
  spy(document)
  return {
    get live() {
      let count = 0
      live.forEach((byType) => byType.forEach((set) => (count += set.size)))
      return count
    },
    get added() {
      return added
    },
  }
}

/** What the registry should hold: one entry per key in use or within its grace period. */
function model() {
  const entries = new Map<string, number>()
  let created = 0
  return {
    mount(key: string) {
      if (!entries.has(key)) created++
      entries.set(key, (entries.get(key) ?? 0) + 1)
    },
    unmount(key: string) {
      entries.set(key, entries.get(key)! - 1)
    },
    /** After the grace period every unused entry is closed. */
    expire() {
      entries.forEach((members, key) => members === 0 && entries.delete(key))
    },
    get size() {
      return entries.size
    },
    get created() {
      return created
    },
  }
}

const registry = () =>
  (globalThis as Record<symbol, Map<string, { connection: Connection }> | undefined>)[
    Symbol.for('react-glock.registry')
  ]

// A thousand React mount cycles take 4–5 s on one core; give them room when the whole suite runs in parallel.
const CYCLES_TIMEOUT = 60_000

test(
  '6. a thousand mount/unmount cycles across keys, StrictMode included: zero sockets, timers and listeners left',
  () => {
    vi.useFakeTimers()
    const fake = echoingFakeWebSocket()
    const listeners = listenerCounter()
    const timersBefore = vi.getTimerCount()
    const expected = model()
    const pushers = new Map<string, (message: string) => boolean>()
    const url = (n: number) => `ws://fake.test/room-${n % KEYS}`

    function Probe({ url, id }: { url: string; id: string }) {
      const { state, status, push } = useGlock<string | null, string>(
        url,
        { init: () => null, receive: (frame, state) => ({ state: frame.type === 'text' ? frame.data : state }) },
        { WebSocket: fake.WebSocket, logger: silentLogger, closeDelay: CLOSE_DELAY },
      )
      useEffect(() => {
        pushers.set(id, push)
      }, [id, push])
      return <li data-id={id}>{`${status}|${state ?? ''}`}</li>
    }
    const Tree = ({ strict, urls }: { strict: boolean; urls: string[] }) => {
      const probes: ReactNode = (
        <ul>
          {urls.map((u, i) => (
            <Probe key={i} id={`p${i}`} url={u} />
          ))}
        </ul>
      )
      return strict ? <StrictMode>{probes}</StrictMode> : probes
    }
    const texts = (container: HTMLElement) => [...container.querySelectorAll('li')].map((li) => li.textContent)

    let maxLive = 0
    let strictCycles = 0
    let moves = 0
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const strict = cycle % 2 === 0
      if (strict) strictCycles++
      const urls = [url(cycle), url(cycle), url(cycle * 7 + 3)]
      const view = render(<Tree strict={strict} urls={urls} />)
      urls.forEach((u) => expected.mount(u))
      act(() => vi.advanceTimersByTime(STEP))
      // All open (a key reused within its grace period keeps its state, so only the status is checked here).
      expect(texts(view.container).map((text) => text!.split('|')[0])).toEqual(['open', 'open', 'open'])

      // The socket works: a push echoes back to both components on that key.
      act(() => void pushers.get('p0')!(`hello ${cycle}`))
      act(() => vi.advanceTimersByTime(STEP))
      const echoed = texts(view.container)
      expect(echoed[0]).toBe(`open|hello ${cycle}`)
      expect(echoed[1]).toBe(`open|hello ${cycle}`)

      // Every fifth cycle the third component moves to another key.
      if (cycle % 5 === 0) {
        const moved = [urls[0]!, urls[1]!, url(cycle + 5)]
        view.rerender(<Tree strict={strict} urls={moved} />)
        expected.unmount(urls[2]!)
        expected.mount(moved[2]!)
        urls[2] = moved[2]!
        moves++
        act(() => vi.advanceTimersByTime(STEP))
        expect(texts(view.container)[2]).toMatch(/^open\|/)
      }

      // One socket per key in use or in its grace period; three listeners per live connection.
      expect(fake.stats.created).toBe(expected.created)
      expect(fake.stats.live.size).toBe(expected.size)
      expect(registry()?.size).toBe(expected.size)
      expect(listeners.live).toBe(3 * expected.size)
      maxLive = Math.max(maxLive, fake.stats.live.size)

      cleanup()
      urls.forEach((u) => expected.unmount(u))
      // Every third cycle the grace period runs out; otherwise the next cycle remounts within it.
      if (cycle % 3 === 2) {
        act(() => vi.advanceTimersByTime(CLOSE_DELAY + STEP))
        expected.expire()
        expect(fake.stats.live.size).toBe(0)
      }
    }
    act(() => vi.advanceTimersByTime(CLOSE_DELAY + STEP))
    expected.expire()

    const left = {
      sockets: fake.stats.live.size,
      timers: vi.getTimerCount() - timersBefore,
      listeners: listeners.live,
      registry: registry()?.size ?? 0,
    }
    expect(left).toEqual({ sockets: 0, timers: 0, listeners: 0, registry: 0 })
    expect(fake.stats.closed).toBe(fake.stats.created)
    expect(timersBefore).toBe(0)

    record('06-mount-cycles', {
      cycles: CYCLES,
      keys: KEYS,
      strictCycles,
      urlChanges: moves,
      closeDelayMs: CLOSE_DELAY,
      socketsCreated: fake.stats.created,
      socketsClosed: fake.stats.closed,
      maxLiveSockets: maxLive,
      listenersAdded: listeners.added,
      left,
    })
  },
  CYCLES_TIMEOUT,
)

test(
  '6b. the same thousand cycles over real ws sockets: the server ends with zero connections',
  async () => {
    server = await startServer()
    const closeCodes = new Map<number, number>()
    server.wss.on('connection', (socket) =>
      socket.on('close', (code) => closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1)),
    )
    const clock = new ManualClock()
    const traced = countingWebSocket(NodeWebSocket)
    const listeners = listenerCounter()
    const expected = model()
    const url = (n: number) => `${server!.url}/room-${n % KEYS}`
    const options = {
      WebSocket: traced.WebSocket,
      logger: silentLogger,
      closeDelay: CLOSE_DELAY,
      clock,
      notify: 'microtask' as const,
    }

    function Probe({ url }: { url: string }) {
      const { status } = useGlock(url, {}, options)
      return <li>{status}</li>
    }
    const Tree = ({ strict, urls }: { strict: boolean; urls: string[] }) => {
      const probes = (
        <ul>
          {urls.map((u, i) => (
            <Probe key={i} url={u} />
          ))}
        </ul>
      )
      return strict ? <StrictMode>{probes}</StrictMode> : probes
    }

    let maxServerSide = 0
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const urls = [url(cycle), url(cycle), url(cycle * 7 + 3)]
      const view = render(<Tree strict={cycle % 2 === 0} urls={urls} />)
      urls.forEach((u) => expected.mount(u))
      await act(async () => {
        await Promise.all(urls.map((u) => until(registry()!.get(u)!.connection, (s) => s.status === 'open')))
      })
      expect([...view.container.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['open', 'open', 'open'])
      expect(traced.made).toHaveLength(expected.created)
      expect(traced.unclosed()).toBe(expected.size)
      expect(listeners.live).toBe(3 * expected.size)
      maxServerSide = Math.max(maxServerSide, server.wss.clients.size)
      cleanup()
      urls.forEach((u) => expected.unmount(u))
      if (cycle % 3 === 2 || cycle === CYCLES - 1) {
        act(() => clock.advance(CLOSE_DELAY))
        expected.expire()
        await Promise.all(traced.made.map(closedOf))
      }
    }
    // The server side of every socket has closed too.
    await Promise.all(server.sockets.map(closedOf))

    const left = {
      clientSockets: traced.unclosed(),
      serverConnections: server.wss.clients.size,
      timers: clock.pending,
      listeners: listeners.live,
      registry: registry()?.size ?? 0,
    }
    expect(left).toEqual({ clientSockets: 0, serverConnections: 0, timers: 0, listeners: 0, registry: 0 })
    expect(server.sockets).toHaveLength(expected.created)
    expect(Object.fromEntries(closeCodes)).toEqual({ 1000: expected.created })

    record('06b-mount-cycles-ws', {
      cycles: CYCLES,
      socketsOpened: traced.made.length,
      serverAccepted: server.sockets.length,
      closeCodes: Object.fromEntries(closeCodes),
      maxLiveServerSide: maxServerSide,
      left,
    })
  },
  CYCLES_TIMEOUT,
)
