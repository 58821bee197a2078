/** @vitest-environment jsdom */
import { StrictMode, useEffect, type ReactNode } from 'react'
import { act, cleanup, render } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { useGlock } from 'react-glock'
import type { Connection } from 'react-glock/core'
import { startServer, type TestServer } from '../support/server'
import { ManualClock } from './support/clock'
import { quiet, record } from './support/figures'
import { closedOf, countingFakeWebSocket, tracedWebSocket } from './support/sockets'
import { until } from './support/wait'

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
    const fake = countingFakeWebSocket()
    const listeners = listenerCounter()
    const timersBefore = vi.getTimerCount()
    const expected = model()
    const pushers = new Map<string, (message: string) => boolean>()
    const url = (n: number) => `ws://fake.test/room-${n % KEYS}`

    function Probe({ url, id }: { url: string; id: string }) {
      const { state, status, push } = useGlock<string | null, string>(
        url,
        { init: () => null, receive: (frame, state) => ({ state: frame.type === 'text' ? frame.data : state }) },
        { WebSocket: fake.WebSocket, logger: quiet, closeDelay: CLOSE_DELAY },
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
      order: 6,
      fault: `${CYCLES} mount/unmount cycles of 3 components over ${KEYS} keys (${strictCycles} in StrictMode, ${moves} url changes, the grace period of ${CLOSE_DELAY} ms running out every third cycle)`,
      did: `opened ${fake.stats.created} sockets in all (one per key per grace period: StrictMode opened no extra socket), at most ${maxLive} at once, and closed all ${fake.stats.closed}; ${listeners.added} awareness listeners added and as many removed`,
      lost: `left behind: ${left.sockets} sockets, ${left.timers} timers (vi.getTimerCount), ${left.listeners} window/document listeners, ${left.registry} registry entries`,
      figures: {
        cycles: CYCLES,
        keys: KEYS,
        strictCycles,
        urlChanges: moves,
        socketsCreated: fake.stats.created,
        socketsClosed: fake.stats.closed,
        maxLiveSockets: maxLive,
        listenersAdded: listeners.added,
        left,
      },
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
    const traced = tracedWebSocket()
    const listeners = listenerCounter()
    const expected = model()
    const url = (n: number) => `${server!.url}/room-${n % KEYS}`
    const options = {
      WebSocket: traced.WebSocket,
      logger: quiet,
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
      expect(traced.sockets).toHaveLength(expected.created)
      expect(traced.live).toBe(expected.size)
      expect(listeners.live).toBe(3 * expected.size)
      maxServerSide = Math.max(maxServerSide, server.wss.clients.size)
      cleanup()
      urls.forEach((u) => expected.unmount(u))
      if (cycle % 3 === 2 || cycle === CYCLES - 1) {
        act(() => clock.advance(CLOSE_DELAY))
        expected.expire()
        await Promise.all(traced.sockets.map(closedOf))
      }
    }
    // The server side of every socket has closed too.
    await Promise.all(server.sockets.map(closedOf))

    const left = {
      clientSockets: traced.live,
      serverConnections: server.wss.clients.size,
      timers: clock.pending,
      listeners: listeners.live,
      registry: registry()?.size ?? 0,
    }
    expect(left).toEqual({ clientSockets: 0, serverConnections: 0, timers: 0, listeners: 0, registry: 0 })
    expect(server.sockets).toHaveLength(expected.created)
    expect(Object.fromEntries(closeCodes)).toEqual({ 1000: expected.created })

    record('06b-mount-cycles-ws', {
      order: 6.1,
      fault: `The same ${CYCLES} cycles (StrictMode every other one) over real ws sockets to a server on 127.0.0.1`,
      did: `opened ${traced.sockets.length} sockets (the server accepted ${server.sockets.length}), at most ${maxServerSide} at once, and closed them all with 1000 after the grace period`,
      lost: `left behind: ${left.clientSockets} client sockets, ${left.serverConnections} server connections, ${left.timers} timers (injected clock), ${left.listeners} listeners, ${left.registry} registry entries`,
      figures: {
        cycles: CYCLES,
        socketsOpened: traced.sockets.length,
        serverAccepted: server.sockets.length,
        closeCodes: Object.fromEntries(closeCodes),
        maxLiveServerSide: maxServerSide,
        left,
      },
    })
  },
  CYCLES_TIMEOUT,
)
