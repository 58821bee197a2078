// The page of the across-tabs benchmark (bench/tabs.mjs): the same small React app in every tab, one component
// showing the last tick from the reducer. `?mode=tabs` makes the connection with `connectAcrossTabs`, `?mode=own`
// with `connect` (one socket per tab); either way through the definition's `connect` option, wrapped so that a
// subscriber of the connection itself (what a component hears, before React renders) can time each notification.
import { useLayoutEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { defineSocket, useGlock } from 'react-glock'
import { connect } from 'react-glock/core'
import { connectAcrossTabs } from 'react-glock/tabs'

const query = new URLSearchParams(location.search)
const mode = query.get('mode')
if (mode !== 'tabs' && mode !== 'own') throw new Error(`tabs-page: ?mode=tabs or ?mode=own; got ${mode}`)

/** Milliseconds since the epoch, to a fraction: one clock for every tab of the machine. */
const now = () => performance.timeOrigin + performance.now()

/** The default `receive` logs every frame in development; a benchmark must not measure console output. */
const silent = { debug() {}, warn() {}, error() {} }

/** The reducer, run where the socket is (the leader across tabs): it keeps when the server sent the last tick, and stamps when it ran. */
const handlers = {
  init: () => ({ seq: -1, count: 0, sent: 0, at: 0 }),
  receive: (frame, state) => {
    if (frame.type !== 'text') return { state }
    const { seq, sent } = JSON.parse(frame.data)
    return { state: { seq, count: state.count + 1, sent, at: now() } }
  },
}

/**
 * What this tab saw. Lags are from the reducer's stamp (in whichever tab ran it) to this tab's notification or
 * commit; server lags from the server's stamp to this tab's notification.
 */
const seen = {
  recording: false,
  notifications: 0,
  notifyLags: [],
  serverLags: [],
  commits: 0,
  commitLags: [],
  /** Messages this tab posted on any BroadcastChannel (across tabs: the leader's snapshots, a follower's commands). */
  posts: 0,
  lastNotifiedAt: 0,
  lastCommittedAt: 0,
  /** When this tab first heard it was the leader, and the leader with its socket open (for the hand-over). */
  leadingAt: null,
  leaderAt: null,
  leaderCommittedAt: null,
  snapshot: null,
}
/** What `when` waits for, checked after every notification and commit. */
const waiting = new Set()
const changed = () => waiting.forEach((check) => check())

// Counting posts costs a property increment per message; nothing is cloned or sent twice.
const post = BroadcastChannel.prototype.postMessage
BroadcastChannel.prototype.postMessage = function (...args) {
  if (seen.recording) seen.posts++
  return post.apply(this, args)
}

function watch(connection) {
  const listen = () => {
    const snapshot = connection.getSnapshot()
    const at = now()
    seen.snapshot = snapshot
    if (seen.leadingAt === null && snapshot.tab === 'leader') seen.leadingAt = at
    if (seen.leaderAt === null && snapshot.tab === 'leader' && snapshot.status === 'open') seen.leaderAt = at
    if (seen.recording) {
      seen.notifications++
      if (snapshot.state.at !== seen.lastNotifiedAt) {
        seen.notifyLags.push(at - snapshot.state.at)
        seen.serverLags.push(at - snapshot.state.sent)
      }
    }
    seen.lastNotifiedAt = snapshot.state.at
    changed()
  }
  connection.subscribe(listen)
  seen.snapshot = connection.getSnapshot()
  return connection
}

const make = mode === 'tabs' ? connectAcrossTabs : connect
const feed = defineSocket(`ws://${location.host}${query.get('path')}`, handlers, {
  key: query.get('key'),
  logger: silent,
  closeDelay: 0,
  connect: (url, given, options) => watch(make(url, given, options)),
})

function Feed() {
  const { state, status, tab } = useGlock(feed)
  useLayoutEffect(() => {
    const at = now()
    if (seen.leaderCommittedAt === null && tab === 'leader' && status === 'open') seen.leaderCommittedAt = at
    if (seen.recording) {
      seen.commits++
      if (state.at !== seen.lastCommittedAt) seen.commitLags.push(at - state.at)
    }
    seen.lastCommittedAt = state.at
    changed()
  })
  return (
    <p>
      {tab ?? 'own socket'} · {status} · tick {state.seq} · {state.count} received
    </p>
  )
}

/** Resolves with `read()` once it is not undefined, checked after every notification; `{ timedOut }` after `timeout` ms. */
function when(read, timeout) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(check)
      resolve({ timedOut: true, ...describe() })
    }, timeout)
    const check = () => {
      const result = read()
      if (result === undefined) return
      clearTimeout(timer)
      waiting.delete(check)
      resolve(result)
    }
    waiting.add(check)
    check()
  })
}

const describe = () => {
  const { tab = null, status = 'idle', state = handlers.init() } = seen.snapshot ?? {}
  return { tab, status, seq: state.seq, count: state.count }
}

window.tabBench = {
  now,
  describe,
  /** Once the socket is open (across tabs: once this tab knows its part too). */
  ready: (timeout) =>
    when(() => {
      const d = describe()
      return d.status === 'open' && (mode === 'own' || d.tab !== null) ? d : undefined
    }, timeout),
  start() {
    Object.assign(seen, {
      recording: true,
      notifications: 0,
      notifyLags: [],
      serverLags: [],
      commits: 0,
      commitLags: [],
      posts: 0,
    })
  },
  /** Once this tab shows tick `seq`, with how many ticks its state counted. */
  until: (seq, timeout) => when(() => (describe().seq >= seq ? describe() : undefined), timeout),
  stop() {
    seen.recording = false
    const { notifications, notifyLags, serverLags, commits, commitLags, posts } = seen
    return { notifications, notifyLags, serverLags, commits, commitLags, posts, ...describe() }
  },
  /** Once this tab is the leader with its socket open: when it heard it leads, when its socket was open, when React committed that. */
  leader: (timeout) =>
    when(() => (seen.leaderAt !== null && seen.leaderCommittedAt !== null ? leaderTimes() : undefined), timeout),
  leaderTimes: () => leaderTimes(),
}
const leaderTimes = () => ({
  leadingAt: seen.leadingAt,
  notifiedAt: seen.leaderAt,
  committedAt: seen.leaderCommittedAt,
  ...describe(),
})

createRoot(document.getElementById('root')).render(<Feed />)
