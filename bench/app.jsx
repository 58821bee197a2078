// The React side of the benchmarks: the same components for react-glock, react-use-websocket and a
// hand-written `new WebSocket` + `useState`, bundled once for Node + jsdom and once for Chromium.
// Every displaying component counts its commits in a layout effect, which runs in production React too.
import { memo, useEffect, useLayoutEffect, useMemo, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { useGlock } from 'react-glock'
import * as useWebSocketModule from 'react-use-websocket'

// react-use-websocket is CommonJS with a default export only: bundlers and Node hand over `{ default }`, sometimes twice.
const useWebSocket = [useWebSocketModule.default, useWebSocketModule.default?.default, useWebSocketModule].find(
  (candidate) => typeof candidate === 'function',
)

/** The default `receive` logs every frame in development; a benchmark must not measure console output. */
const silent = { debug() {}, warn() {}, error() {} }

/**
 * Watches the commits of `size` components. A component reports on every commit what it shows;
 * the probe knows what each one should show at the end, and resolves `done` when all do.
 */
class Probe {
  constructor(size) {
    this.size = size
    this.open = new Set()
    this.shown = new Map()
    this.commits = 0
    /** Commits that showed the same value as the component's previous commit: nothing it selected changed. */
    this.wasted = 0
    this.counting = false
    /** Messages that reached user code (reducer, onMessage, onmessage), for the lost-message count. */
    this.received = 0
    this.opened = new Promise((resolve) => (this.onOpen = resolve))
  }

  commit(id, value, isOpen, received) {
    if (received !== undefined) this.received = received
    if (isOpen && !this.open.has(id)) {
      this.open.add(id)
      if (this.open.size === this.size) this.onOpen()
    }
    if (this.counting) {
      this.commits++
      if (this.shown.get(id) === value) this.wasted++
    }
    this.shown.set(id, value)
    if (this.targets && !this.reached.has(id) && this.targets.get(id) === value) this.reach(id)
  }

  arrive() {
    this.arrivedAt = performance.now()
  }

  reach(id) {
    this.reached.add(id)
    if (this.reached.size === this.targets.size) {
      this.doneAt = performance.now()
      this.onDone()
    }
  }

  /** Starts counting; resolves when every component in `targets` (id → value) shows its value. */
  expect(targets) {
    this.counting = true
    this.targets = targets
    this.reached = new Set()
    const done = new Promise((resolve) => (this.onDone = resolve))
    for (const [id, value] of targets) if (this.shown.get(id) === value) this.reach(id)
    return done
  }
}

/** Reports every commit of the calling component; `received`, where given, is the count of messages its state saw. */
function useCommitProbe(probe, id, value, isOpen, received) {
  useLayoutEffect(() => probe.commit(id, value, isOpen, received))
}

// ---------------------------------------------------------------------------------------------
// Burst and stream: `count` components show the sequence number of the last message.

/** The reducer; `probe.arrive()` notes when each message reached user code, the same in all three. */
const tickHandlers = (probe) => ({
  init: () => ({ seq: -1, count: 0 }),
  receive: (frame, state) => {
    if (frame.type !== 'text') return { state }
    probe.arrive()
    return { state: { seq: JSON.parse(frame.data).seq, count: state.count + 1 } }
  },
})
const tickOptions = { logger: silent, closeDelay: 0 }

function TickGlock({ url, id, handlers, probe }) {
  const { state, status } = useGlock(url, handlers, tickOptions)
  useCommitProbe(probe, id, state.seq, status === 'open', state.count)
  return <b>{state.seq}</b>
}

function TickRuw({ url, id, probe }) {
  const { lastJsonMessage, readyState } = useWebSocket(url, {
    share: true,
    onMessage:
      id === 0
        ? () => {
            probe.received++
            probe.arrive()
          }
        : undefined,
  })
  const seq = lastJsonMessage ? lastJsonMessage.seq : -1
  useCommitProbe(probe, id, seq, readyState === 1)
  return <b>{seq}</b>
}

/** What people write without a library: one socket and one state in a component, its children show it. */
function TickBaseline({ url, count, probe }) {
  const [state, setState] = useState({ seq: -1, count: 0 })
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const socket = new WebSocket(url)
    socket.onopen = () => setOpen(true)
    socket.onerror = () => {}
    socket.onmessage = (event) => {
      probe.arrive()
      const { seq } = JSON.parse(event.data)
      setState((previous) => ({ seq, count: previous.count + 1 }))
    }
    return () => socket.close()
  }, [url])
  return Array.from({ length: count }, (_, id) => (
    <TickCell key={id} id={id} seq={state.seq} received={state.count} open={open} probe={probe} />
  ))
}

function TickCell({ id, seq, received, open, probe }) {
  useCommitProbe(probe, id, seq, open, received)
  return <b>{seq}</b>
}

function Ticks({ library, url, count, probe }) {
  const handlers = useMemo(() => tickHandlers(probe), [probe])
  if (library === 'baseline') return <TickBaseline url={url} count={count} probe={probe} />
  const Component = library === 'react-glock' ? TickGlock : TickRuw
  return Array.from({ length: count }, (_, id) => (
    <Component key={id} id={id} url={url} handlers={handlers} probe={probe} />
  ))
}

// ---------------------------------------------------------------------------------------------
// Selectors: component k shows key k of a shared state; every message changes one key.

const initialValues = (keys) => Object.fromEntries(Array.from({ length: keys }, (_, key) => [key, -1]))

function keyHandlers(keys) {
  return {
    init: () => initialValues(keys),
    receive: (frame, state) => {
      if (frame.type !== 'text') return { state }
      const { key, value } = JSON.parse(frame.data)
      return { state: { ...state, [key]: value } }
    },
  }
}

function KeyGlock({ url, id, handlers, probe }) {
  const options = useMemo(() => ({ logger: silent, closeDelay: 0, select: (state) => state[id] }), [id])
  const { state, status } = useGlock(url, handlers, options)
  useCommitProbe(probe, id, state, status === 'open')
  return <b>{state}</b>
}

/** react-use-websocket's way to spare a component a render: `filter`, which runs per component per message. */
function KeyRuw({ url, id, probe }) {
  const { lastJsonMessage, readyState } = useWebSocket(url, {
    share: true,
    filter: (message) => JSON.parse(message.data).key === id,
  })
  const value = lastJsonMessage ? lastJsonMessage.value : -1
  useCommitProbe(probe, id, value, readyState === 1)
  return <b>{value}</b>
}

/** Hand-written: the state in one component, each key in a memoised child, which renders only when its value changes. */
function KeyBaseline({ url, keys, probe }) {
  const [values, setValues] = useState(() => initialValues(keys))
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const socket = new WebSocket(url)
    socket.onopen = () => setOpen(true)
    socket.onerror = () => {}
    socket.onmessage = (event) => {
      const { key, value } = JSON.parse(event.data)
      setValues((previous) => ({ ...previous, [key]: value }))
    }
    return () => socket.close()
  }, [url])
  return Array.from({ length: keys }, (_, id) => (
    <KeyCell key={id} id={id} value={values[id]} open={open} probe={probe} />
  ))
}

const KeyCell = memo(function KeyCell({ id, value, open, probe }) {
  useCommitProbe(probe, id, value, open)
  return <b>{value}</b>
})

function Keys({ library, url, keys, probe }) {
  const handlers = useMemo(() => keyHandlers(keys), [keys])
  if (library === 'baseline') return <KeyBaseline url={url} keys={keys} probe={probe} />
  const Component = library === 'react-glock' ? KeyGlock : KeyRuw
  return Array.from({ length: keys }, (_, id) => (
    <Component key={id} id={id} url={url} handlers={handlers} probe={probe} />
  ))
}

/** The same skewed updates on every run: a few keys change often, most rarely, some never. */
export function keyUpdates(count, keys) {
  let seed = 12345
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  return Array.from({ length: count }, (_, seq) => ({ key: Math.floor(keys * random() ** 3), value: seq }))
}

// ---------------------------------------------------------------------------------------------
// Memory: one component per key, each with a connection of its own.

function MemoryGlock({ url, id, probe }) {
  const { status } = useGlock(url, undefined, tickOptions)
  useCommitProbe(probe, id, status, status === 'open')
  return null
}

function MemoryRuw({ url, id, probe }) {
  const { readyState } = useWebSocket(url, { share: true })
  useCommitProbe(probe, id, readyState, readyState === 1)
  return null
}

function MemoryBaseline({ url, id, probe }) {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const socket = new WebSocket(url)
    socket.onopen = () => setOpen(true)
    socket.onerror = () => {}
    return () => socket.close()
  }, [url])
  useCommitProbe(probe, id, open, open)
  return null
}

const memoryComponents = { 'react-glock': MemoryGlock, 'react-use-websocket': MemoryRuw, baseline: MemoryBaseline }

// ---------------------------------------------------------------------------------------------

/**
 * The benchmarks one environment runs. `control(command)` reaches the server (a worker's port in
 * Node, a socket in Chromium); `base` is the server's ws:// origin.
 */
export function createBench({ base, control, container, browser = false }) {
  let runs = 0
  let current = null

  /** Renders, and resolves once every component shows an open socket; fails after 15 s rather than hang. */
  async function mount(element, probe, what) {
    const root = createRoot(container)
    root.render(element)
    let timer
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => {
        root.unmount()
        reject(
          new Error(`${what}: only ${probe.open.size} of ${probe.size} components saw their socket open within 15 s`),
        )
      }, 15_000)
    })
    await Promise.race([probe.opened, late])
    clearTimeout(timer)
    return root
  }

  /** Counts frames and long tasks between `start` and `stop`: only meaningful in a real browser. */
  function watchMainThread() {
    const longTasks = []
    let observer = null
    if (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
      observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration)))
      observer.observe({ type: 'longtask' })
    }
    // When each animation frame ran, from the start to the end of the run (the ends count: a run that blocks
    // the thread from its first message to its last would otherwise show no gap at all).
    const frames = [performance.now()]
    let handle = 0
    const loop = () => {
      frames.push(performance.now())
      handle = requestAnimationFrame(loop)
    }
    if (browser) handle = requestAnimationFrame(loop)
    return () => {
      if (!browser) return {}
      cancelAnimationFrame(handle)
      frames.push(performance.now())
      if (observer) {
        longTasks.push(...observer.takeRecords().map((entry) => entry.duration))
        observer.disconnect()
      }
      // A frame is dropped for every 60 Hz vsync that a gap between two animation frames skipped.
      let dropped = 0
      for (let i = 1; i < frames.length; i++)
        dropped += Math.max(0, Math.round((frames[i] - frames[i - 1]) / (1000 / 60)) - 1)
      return {
        frames: frames.length - 2,
        droppedFrames: dropped,
        longTasks: longTasks.length,
        longTaskMs: longTasks.reduce((a, b) => a + b, 0),
      }
    }
  }

  return {
    /** Mounts the components of one run and waits until every one of them shows an open socket. */
    async prepare(kind, library, params) {
      const path = `/${kind}/${++runs}/${library}`
      const url = base + path
      let element
      let probe
      if (kind === 'burst') await control({ cmd: 'prepare', count: params.messages })
      if (kind === 'burst' || kind === 'stream') {
        probe = new Probe(params.components)
        element = <Ticks library={library} url={url} count={params.components} probe={probe} />
      } else if (kind === 'selectors' || kind === 'paced') {
        probe = new Probe(params.keys)
        element = <Keys library={library} url={url} keys={params.keys} probe={probe} />
      } else {
        throw new Error(`unknown benchmark ${kind}`)
      }
      const root = await mount(element, probe, `${kind} ${library}`)
      current = { kind, library, params, path, probe, root }
    },

    /** Sends the messages and resolves once every component shows the last one. */
    async go() {
      const { kind, library, params, path, probe } = current
      const timeout = params.timeout ?? 120_000
      const stopWatching = watchMainThread()
      const start = performance.now()
      let timer
      const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeout)))
      let sent = 0
      let outcome
      if (kind === 'burst' || kind === 'stream') {
        const total = kind === 'burst' ? params.messages : Math.round((params.rate * params.duration) / 1000)
        const targets = new Map(Array.from({ length: params.components }, (_, id) => [id, total - 1]))
        const done = probe.expect(targets)
        const command =
          kind === 'burst'
            ? { cmd: 'burst', path, count: total }
            : { cmd: 'stream', path, rate: params.rate, duration: params.duration }
        const [reply, result] = await Promise.all([control(command), Promise.race([done, timedOut])])
        sent = reply.sent
        outcome = result
      } else if (kind === 'selectors') {
        const updates = keyUpdates(params.messages, params.keys)
        const targets = new Map(Array.from({ length: params.keys }, (_, id) => [id, -1]))
        for (const { key, value } of updates) targets.set(key, value)
        const done = probe.expect(targets)
        const [reply, result] = await Promise.all([
          control({ cmd: 'keys', path, updates }),
          Promise.race([done, timedOut]),
        ])
        sent = reply.sent
        outcome = result
      } else {
        // paced: one message, wait until it shows, the next.
        const updates = keyUpdates(params.messages, params.keys)
        for (const update of updates) {
          const done = probe.expect(new Map([[update.key, update.value]]))
          const [reply, result] = await Promise.all([
            control({ cmd: 'keys', path, updates: [update] }),
            Promise.race([done, timedOut]),
          ])
          sent += reply.sent
          outcome = result
          if (result === 'timeout') break
        }
      }
      clearTimeout(timer)
      const main = stopWatching()
      const time = (probe.doneAt ?? performance.now()) - start
      // Until the last message reached user code: how long delivery itself took, before any rendering waited for.
      const delivered = probe.arrivedAt === undefined ? undefined : probe.arrivedAt - start
      const received = probe.received
      return {
        sent,
        time,
        delivered: kind === 'burst' || kind === 'stream' ? delivered : undefined,
        commits: probe.commits,
        wasted: probe.wasted,
        lost: kind === 'burst' || kind === 'stream' ? sent - received : undefined,
        timedOut: outcome === 'timeout',
        ...main,
      }
    },

    /** Unmounts; resolves once the server has seen the run's sockets close, with how many did not within 10 s. */
    async finish() {
      const { root, path } = current
      root.unmount()
      current = null
      const { left } = await control({ cmd: 'drained', prefix: path, timeout: 10_000 })
      return { leftOpen: left }
    },

    /** Opens `keys` connections (a component each, `batch` at a time) and closes them all again. */
    async churn(library, keys, batch) {
      const prefix = `/memory/${++runs}/${library}/`
      const Component = memoryComponents[library]
      let leftOpen = 0
      for (let first = 0; first < keys; first += batch) {
        const size = Math.min(batch, keys - first)
        const probe = new Probe(size)
        const ids = Array.from({ length: size }, (_, i) => first + i)
        const root = await mount(
          ids.map((id, i) => <Component key={id} id={i} url={`${base}${prefix}${id}`} probe={probe} />),
          probe,
          `memory ${library}`,
        )
        root.unmount()
        const { left } = await control({ cmd: 'drained', prefix, timeout: 10_000 })
        leftOpen += left
      }
      return { leftOpen }
    },
  }
}
