// The page every tab of the e2e tests loads: a counter per key, each `defineSocket(…, { connect: connectAcrossTabs })`,
// rendered with React 19's createRoot in StrictMode. The query string says where the server is (`ws`), which keys to
// mount (`keys`, default `counter`), the `closeDelay` (default 300 ms) and whether to mount at once (`mount=0` waits
// for `glockTabs.mount()`).
// What the tests read and drive is on `window.glockTabs`; every commit writes what the hook returned there.
import { StrictMode, useEffect, useLayoutEffect } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { defineSocket, useGlock, type Handlers, type SocketDefinition } from 'react-glock'
import { connectAcrossTabs } from 'react-glock/tabs'

export interface CounterState {
  /** Incremented by `send` for every `inc`: the client's count, which the server only confirms. */
  count: number
  /** The count in the server's latest `count` frame. */
  confirmed: number
  /** Every `news` text received, in order. */
  news: string[]
  /** `attempt` of every `open`, in order: more than one entry means the state outlived a socket. */
  opens: number[]
  /** Ids of the fences the server answered. */
  fenced: string[]
}

export type CounterMessage = { op: 'inc'; id: string } | { op: 'fence'; id: string }

export interface View {
  state: CounterState
  status: string
  tab: 'leader' | 'follower' | null
  error: string | null
  /** `performance.timeOrigin + performance.now()` at the commit, to compare with the other tabs. */
  at: number
}

export interface GlockTabsApi {
  /** What each mounted counter showed at its latest commit, by key. */
  views: Record<string, View>
  /**
   * When each counter first committed something, by key then label (`performance.timeOrigin + performance.now()`):
   * `news:<text>`, `confirmed:<n>`, and `open:<opens>:<tab>` for a commit with status `open`, `opens` entries in
   * the state and that part. Kept after unmounting.
   */
  marks: Record<string, Record<string, number>>
  /** Calls the hook's `push` of the counter on `key`; false when that counter is not mounted. */
  push(key: string, message: CounterMessage): boolean
  mount(): void
  unmount(): void
  /** Unmounts and mounts again at once, each committed before the next (what StrictMode and route changes do). */
  remount(): void
  /** Runs of a mount effect: 2 per mount under StrictMode in development. */
  strictEffects: number
}

declare global {
  interface Window {
    glockTabs: GlockTabsApi
  }
}

const handlers: Handlers<CounterState, CounterMessage> = {
  init: () => ({ count: 0, confirmed: 0, news: [], opens: [], fenced: [] }),
  open: (state, { attempt }) => ({ state: { ...state, opens: [...state.opens, attempt] } }),
  send(message, state) {
    if (message.op === 'fence') return { state, push: JSON.stringify(message) }
    const count = state.count + 1
    return { state: { ...state, count }, push: JSON.stringify({ op: 'inc', id: message.id, count }) }
  },
  receive(frame, state) {
    if (frame.type !== 'text') return { state }
    const message = JSON.parse(frame.data)
    if (message.type === 'count') return { state: { ...state, confirmed: message.count } }
    if (message.type === 'news') return { state: { ...state, news: [...state.news, message.text] } }
    if (message.type === 'fenced') return { state: { ...state, fenced: [...state.fenced, message.id] } }
    return { state }
  },
}

const query = new URLSearchParams(location.search)
const server = query.get('ws')
if (!server) throw new Error('e2e/tabs/page: the page needs ?ws=ws://host:port')
const keys = (query.get('keys') ?? 'counter').split(',')
const closeDelay = Number(query.get('closeDelay') ?? 300)

const definitions = new Map<string, SocketDefinition<CounterState, CounterMessage>>(
  keys.map((key) => [
    key,
    defineSocket(`${server}/${key}`, handlers, { connect: connectAcrossTabs, closeDelay, key, version: '1' }),
  ]),
)

const pushers = new Map<string, (message: CounterMessage) => boolean>()

const api: GlockTabsApi = {
  views: {},
  marks: {},
  push: (key, message) => pushers.get(key)?.(message) ?? false,
  mount: () => root.render(tree(true)),
  unmount: () => root.render(tree(false)),
  remount() {
    flushSync(() => root.render(tree(false)))
    flushSync(() => root.render(tree(true)))
  },
  strictEffects: 0,
}
window.glockTabs = api

function Counter({ name }: { name: string }) {
  const { state, status, tab, error, push } = useGlock(definitions.get(name)!)
  useLayoutEffect(() => {
    const at = now()
    api.views[name] = { state, status, tab, error: error && `${error.code}: ${error.message}`, at }
    const marks = (api.marks[name] ??= {})
    const mark = (label: string) => void (marks[label] ??= at)
    for (const text of state.news) mark(`news:${text}`)
    mark(`confirmed:${state.confirmed}`)
    if (status === 'open') mark(`open:${state.opens.length}:${tab}`)
  })
  useLayoutEffect(() => {
    pushers.set(name, push)
    return () => {
      pushers.delete(name)
      delete api.views[name]
    }
  }, [name, push])
  return (
    <section data-key={name}>
      <h2>
        {name}: {tab ?? 'no tab'}, {status}
      </h2>
      <output>
        count {state.count}, confirmed {state.confirmed}, news {state.news.length}, opens {state.opens.join(' ')}
      </output>
    </section>
  )
}

function App() {
  useEffect(() => {
    api.strictEffects++
  }, [])
  return keys.map((name) => <Counter key={name} name={name} />)
}

// StrictMode is the root's child: React double-invokes effects only under a StrictMode fiber that is placed, or
// that holds what is placed, so a component wrapping it would switch the double invocation off.
const tree = (mounted: boolean) => <StrictMode>{mounted ? <App /> : null}</StrictMode>

const now = () => performance.timeOrigin + performance.now()

const root = createRoot(document.getElementById('root')!)
if (query.get('mount') !== '0') api.mount()
