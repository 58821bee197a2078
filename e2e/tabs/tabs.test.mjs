// End to end for `react-glock/tabs`: several pages of one Chromium browser context (which share BroadcastChannel
// and Web Locks as the tabs of one profile do) load e2e/tabs/page.tsx, a counter on `connectAcrossTabs`, in
// StrictMode with development React, against the real `ws` server of counter-server.mjs. One browser serves the
// whole file; each test gets its own origin (a static server on a new port: locks and channels are per origin)
// and its own counter server, and closes its pages, so no lock, channel or socket outlives it. Every wait is on a
// condition; no page may log an error or a warning. Latencies are measured from the commits' own timestamps
// (page.tsx's `marks`), not from when a poll noticed, so a loaded machine does not inflate them.
//
//   npm run test:e2e:tabs
//   node --test --test-reporter=spec e2e/tabs/tabs.test.mjs
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { performance } from 'node:perf_hooks'
import { launchChromium, waitUntil } from '../storybook/browser.mjs'
import { serveStatic } from '../storybook/static-server.mjs'
import { buildTabsPage } from './build.mjs'
import { startCounterServer } from './counter-server.mjs'

/** The page's `closeDelay`, and the longer one of a page opened with `?closeDelay=`. */
const CLOSE_DELAY = 300
const IDLE_CLOSE_DELAY = 1_500
const LOCK = (key) => `react-glock/tabs/1:${key}`

/** Milliseconds since the epoch, on the same footing as the pages' `performance.timeOrigin + performance.now()`. */
const wallNow = () => performance.timeOrigin + performance.now()

let built
let browser

before(async () => {
  built = await buildTabsPage()
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await built?.remove()
})

/** A fresh origin and counter server for one test; its pages and both servers are closed when it ends. */
async function session(t) {
  const site = await serveStatic(built.root)
  const server = await startCounterServer()
  const pages = []
  /** What pages logged as errors or warnings, and what they threw. */
  const noise = []
  t.after(async () => {
    await Promise.all(pages.map((tab) => tab.close()))
    await server.close()
    await site.close()
  })
  const watch = (tab, label) => {
    tab.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') noise.push(`${label}: ${message.text()}`)
    })
    tab.on('pageerror', (error) => noise.push(`${label} threw: ${error.stack ?? error}`))
  }
  return {
    server,
    /** A new page on `file` (index.html) with `?ws=…` and `query`; `init` runs before any of the page's scripts. */
    async open({ file = 'index.html', query = {}, init } = {}) {
      const tab = await browser.context.newPage()
      pages.push(tab)
      watch(tab, `tab ${pages.length}`)
      if (init) await tab.addInitScript(init)
      await tab.goto(`${site.url}/${file}?${new URLSearchParams({ ws: server.url, ...query })}`)
      return tab
    },
    /** `count` pages opened at once (all racing for the lock), or one after another. */
    async openTabs(count, { parallel = true, ...options } = {}) {
      if (parallel) return Promise.all(Array.from({ length: count }, () => this.open(options)))
      const tabs = []
      for (let index = 0; index < count; index++) tabs.push(await this.open(options))
      return tabs
    },
    assertQuiet() {
      assert.deepEqual(noise, [], 'no page logged an error or a warning')
    },
  }
}

/** Asserts how many sockets the server ever accepted; the message lists them (ms after the first opened). */
function assertSocketsEver(server, count, what = `${count} socket(s) ever accepted`) {
  const start = server.sockets[0]?.openedAt ?? 0
  const history = server.sockets.map((entry) => ({
    path: entry.path,
    opened: Math.round(entry.openedAt - start),
    closed: entry.closedAt === null ? 'open' : Math.round(entry.closedAt - start),
  }))
  assert.equal(server.sockets.length, count, `${what}: ${JSON.stringify(history)}`)
}

/** When the counter on `key` in `tab` first committed `label` (see page.tsx's `marks`), or undefined. */
const mark = (tab, label, key = 'counter') =>
  tab.evaluate(([name, what]) => window.glockTabs.marks[name]?.[what], [key, label])

/** What the counter on `key` showed at its latest commit in `tab` (a page or a frame), or null when not mounted. */
const view = (tab, key = 'counter') => tab.evaluate((name) => window.glockTabs?.views[name] ?? null, key)

/** Waits until every tab's view on `key` satisfies `check`; resolves with the views. */
const waitAll = (tabs, what, check, { key = 'counter', timeout } = {}) =>
  Promise.all(
    tabs.map((tab) =>
      waitUntil(
        tab,
        what,
        (name) => window.glockTabs?.views[name] ?? null,
        (seen) => seen !== null && check(seen),
        {
          arg: key,
          timeout,
        },
      ),
    ),
  )

/**
 * Waits until `check` accepts the views on `key` of all `tabs` read together, polling on the first tab's animation
 * frames; fails with `what` and the last views.
 */
async function waitAcross(tabs, what, check, { key = 'counter', timeout = 5_000 } = {}) {
  const deadline = Date.now() + timeout
  for (;;) {
    const views = await Promise.all(tabs.map((tab) => view(tab, key)))
    if (check(views)) return views
    if (Date.now() > deadline) {
      const shown = views.map((seen) => seen && { tab: seen.tab, status: seen.status, error: seen.error })
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last views: ${JSON.stringify(shown)}`)
    }
    await tabs[0].evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))))
  }
}

/**
 * Waits until every tab shows the socket open, one of them as the leader and the others as followers; resolves
 * with `{ leader, followers }` (pages or frames).
 */
async function settle(tabs, { key = 'counter', timeout } = {}) {
  const views = await waitAcross(
    tabs,
    `${key}: status 'open' everywhere, one leader and ${tabs.length - 1} followers`,
    (seen) =>
      seen.every((one) => one?.status === 'open' && (one.tab === 'leader' || one.tab === 'follower')) &&
      seen.filter((one) => one.tab === 'leader').length === 1,
    { key, timeout },
  )
  const leader = tabs[views.findIndex((one) => one.tab === 'leader')]
  return { leader, followers: tabs.filter((tab) => tab !== leader) }
}

let ids = 0
const uniqueId = (label) => `${label}-${++ids}-${Math.random().toString(36).slice(2, 8)}`

/** Pushes `message` through the hook of `tab`; asserts that the push was accepted. */
async function push(tab, message, key = 'counter') {
  const accepted = await tab.evaluate(([name, sent]) => window.glockTabs.push(name, sent), [key, message])
  assert.equal(accepted, true, `push ${JSON.stringify(message)} accepted`)
}

/**
 * Pushes a fence from `tab` and waits until the server has it. A follower's frames reach the server in the order
 * it pushed them, through whichever leader sends them, so once the fence is there, a frame pushed before it from
 * the same tab has arrived as often as it ever will.
 */
async function fence(server, tab, key = 'counter') {
  const id = uniqueId('fence')
  await push(tab, { op: 'fence', id }, key)
  await server.waitFor(`fence ${id} at the server`, () => server.framesWithId(id).length > 0)
}

/** Lock state as the origin's lock manager reports it, for one name. */
const locksNamed = (tab, name) =>
  tab.evaluate(async (lock) => {
    const { held = [], pending = [] } = await navigator.locks.query()
    return {
      held: held.filter((one) => one.name === lock).length,
      pending: pending.filter((one) => one.name === lock).length,
    }
  }, name)

describe('connectAcrossTabs in Chromium', () => {
  test('5 tabs opened at once share 1 socket: one leader, 4 followers', { timeout: 30_000 }, async (t) => {
    const s = await session(t)
    const tabs = await s.openTabs(5)
    await settle(tabs)
    assert.equal(s.server.open('/counter').length, 1, 'one socket open at the server')
    assertSocketsEver(s.server, 1, 'one socket ever accepted')
    assert.equal((await locksNamed(tabs[0], LOCK('counter'))).held, 1, `one tab holds ${LOCK('counter')}`)
    s.assertQuiet()
  })

  test('a server message shows in all 5 tabs', { timeout: 30_000 }, async (t) => {
    const s = await session(t)
    const tabs = await s.openTabs(5)
    await settle(tabs)
    const text = uniqueId('news')
    assert.equal(s.server.broadcast('/counter', text), 1)
    await waitAll(tabs, `news ${text}`, (seen) => seen.state.news.includes(text))
    for (const seen of await Promise.all(tabs.map((tab) => view(tab)))) assert.deepEqual(seen.state.news, [text])
    s.assertQuiet()
  })

  test("a follower's push reaches the server exactly once", { timeout: 30_000 }, async (t) => {
    const s = await session(t)
    const tabs = await s.openTabs(5)
    const { leader, followers } = await settle(tabs)
    const pushed = followers.map(() => uniqueId('inc'))
    await Promise.all(followers.map((follower, index) => push(follower, { op: 'inc', id: pushed[index] })))
    await Promise.all(followers.map((follower) => fence(s.server, follower)))
    const [socket] = s.server.sockets
    for (const id of pushed) {
      const arrived = s.server.framesWithId(id)
      assert.equal(arrived.length, 1, `${id} arrived once: ${JSON.stringify(arrived.map((frame) => frame.data))}`)
      assert.equal(arrived[0].socket, socket.id, "on the leader's socket")
    }
    // The leader ran `send` for each, one after another: the counts are 1…4, each once.
    const counts = pushed.map((id) => s.server.framesWithId(id)[0].message.count).sort()
    assert.deepEqual(counts, [1, 2, 3, 4])
    await waitAll(tabs, 'count 4 confirmed', (seen) => seen.state.count === 4 && seen.state.confirmed === 4)
    assert.equal((await view(leader)).tab, 'leader')
    assertSocketsEver(s.server, 1)
    s.assertQuiet()
  })

  test(
    "closing the leader's page: one socket again within 2 s, and the count carries on",
    { timeout: 30_000 },
    async (t) => {
      const s = await session(t)
      const tabs = await s.openTabs(5)
      const { leader, followers } = await settle(tabs)
      for (const tab of [leader, followers[0], followers[1]]) await push(tab, { op: 'inc', id: uniqueId('inc') })
      await waitAll(tabs, 'count 3 confirmed', (seen) => seen.state.confirmed === 3)
      const [first] = s.server.sockets

      const closing = performance.now()
      const closingWall = wallNow()
      await leader.close()
      const closed = performance.now() - closing
      const next = await s.server.waitFor(
        'a new socket, the old one closed',
        () => first.closedAt !== null && s.server.open('/counter').length === 1 && s.server.open('/counter')[0],
        Boolean,
        { timeout: 2_000 },
      )
      const socketAfter = next.openedAt - closing
      const { leader: heir, followers: rest } = await settle(followers)
      await waitAll(followers, "the heir's open", (seen) => seen.status === 'open' && seen.state.opens.length === 2)
      const shown = await Promise.all(followers.map((tab) => view(tab).then((seen) => mark(tab, `open:2:${seen.tab}`))))
      const shownAfter = Math.max(...shown) - closingWall
      console.log(
        `hand-over: page closed in ${closed.toFixed(0)} ms, old socket gone after ${(first.closedAt - closing).toFixed(0)} ms, ` +
          `new socket after ${socketAfter.toFixed(0)} ms, every tab showed it open after ${shownAfter.toFixed(0)} ms`,
      )
      assert.ok(socketAfter < 2_000, `new socket within 2 s (${socketAfter.toFixed(0)} ms)`)
      assert.ok(shownAfter < 2_000, `every tab showed it open within 2 s (${shownAfter.toFixed(0)} ms)`)

      // The heir started from the state it saw: its `open` ran with attempt > 0 after the first one,
      // and the next increment is the 4th.
      const inherited = await view(heir)
      assert.deepEqual(inherited.state.confirmed, 3)
      assert.equal(inherited.state.opens.length, 2, `two opens in the state: ${inherited.state.opens}`)
      assert.equal(inherited.state.opens[0], 0)
      assert.ok(inherited.state.opens[1] > 0, `the new socket's open ran with attempt > 0: ${inherited.state.opens}`)
      const id = uniqueId('inc')
      await push(rest[0], { op: 'inc', id })
      await s.server.waitFor(`${id} at the server`, () => s.server.framesWithId(id).length === 1)
      assert.equal(s.server.framesWithId(id)[0].message.count, 4, 'counting on from 3')
      assert.equal(s.server.framesWithId(id)[0].socket, next.id)
      await waitAll(followers, 'count 4 confirmed', (seen) => seen.state.count === 4 && seen.state.confirmed === 4)
      assertSocketsEver(s.server, 2, "two sockets ever: the first leader's and the heir's")
      s.assertQuiet()
    },
  )

  test(
    'a follower pushing during the hand-over: each frame reaches the server exactly once',
    { timeout: 30_000 },
    async (t) => {
      const s = await session(t)
      const tabs = await s.openTabs(5)
      const { leader, followers } = await settle(tabs)
      const [early, late] = followers
      const whileClosing = uniqueId('while-closing')
      const afterClosed = uniqueId('after-closed')

      // One push right after the leader's page starts closing, another as soon as it is gone (no leader yet).
      const closing = leader.close()
      await push(early, { op: 'inc', id: whileClosing })
      await closing
      const partWhenPushed = (await view(late)).tab
      await push(late, { op: 'inc', id: afterClosed })

      await settle(followers)
      await fence(s.server, early)
      await fence(s.server, late)
      for (const id of [whileClosing, afterClosed]) {
        const arrived = s.server.framesWithId(id)
        assert.equal(
          arrived.length,
          1,
          `${id} arrived once, not ${arrived.length} times (the second push was made as ${partWhenPushed}): ` +
            JSON.stringify(arrived.map((frame) => ({ socket: frame.socket, data: frame.data }))),
        )
      }
      s.assertQuiet()
    },
  )

  test(
    'a follower pushing on every frame through the hand-over: every frame arrives exactly once',
    { timeout: 30_000 },
    async (t) => {
      const s = await session(t)
      const tabs = await s.openTabs(5)
      const { leader, followers } = await settle(tabs)
      const [pusher] = followers
      const [first] = s.server.sockets
      // The follower pushes once per animation frame until told to stop, recording what it pushed and push's answer.
      await pusher.evaluate(() => {
        const burst = (window.burst = { pushed: [], refused: [], stop: false })
        const tick = () => {
          const id = `burst-${burst.pushed.length}`
          burst.pushed.push(id)
          if (!window.glockTabs.push('counter', { op: 'inc', id })) burst.refused.push(id)
          if (!burst.stop) requestAnimationFrame(tick)
        }
        tick()
      })
      await waitUntil(
        pusher,
        'pushes before the close',
        () => window.burst.pushed.length,
        (count) => count >= 5,
      )
      await leader.close()
      await s.server.waitFor(
        "the heir's socket",
        () => first.closedAt !== null && s.server.open('/counter').length === 1,
      )
      await settle(followers)
      const sofar = await pusher.evaluate(() => window.burst.pushed.length)
      await waitUntil(
        pusher,
        'pushes after the hand-over',
        () => window.burst.pushed.length,
        (count) => count >= sofar + 5,
      )
      const { pushed, refused } = await pusher.evaluate(() => {
        window.burst.stop = true
        return window.burst
      })
      await fence(s.server, pusher)
      assert.deepEqual(refused, [], 'every push accepted')
      const counts = new Map(pushed.map((id) => [id, 0]))
      for (const frame of s.server.frames)
        if (counts.has(frame.message?.id)) counts.set(frame.message.id, counts.get(frame.message.id) + 1)
      const wrong = [...counts].filter(([, count]) => count !== 1)
      assert.deepEqual(wrong, [], `of ${pushed.length} pushes, these arrived other than once ([id, times])`)
      s.assertQuiet()
    },
  )

  test(
    'when every tab unmounts, the socket closes after closeDelay and no tab holds or waits for the lock',
    { timeout: 30_000 },
    async (t) => {
      const s = await session(t)
      const tabs = await s.openTabs(5)
      await settle(tabs)
      const [socket] = s.server.sockets
      const unmounting = performance.now()
      await Promise.all(tabs.map((tab) => tab.evaluate(() => window.glockTabs.unmount())))
      await s.server.waitFor('no socket open', () => s.server.open().length === 0, Boolean, {
        timeout: CLOSE_DELAY + 2_000,
      })
      const closedAfter = socket.closedAt - unmounting
      console.log(
        `unmounted everywhere: the socket closed after ${closedAfter.toFixed(0)} ms (closeDelay ${CLOSE_DELAY} ms)`,
      )
      assert.ok(closedAfter >= CLOSE_DELAY, `not before closeDelay: ${closedAfter.toFixed(0)} ms`)
      for (const tab of tabs) assert.equal(await view(tab), null)
      assert.deepEqual(await locksNamed(tabs[0], LOCK('counter')), { held: 0, pending: 0 })
      assertSocketsEver(s.server, 1, 'no tab took over the socket on the way out')
      s.assertQuiet()
    },
  )

  test(
    'a follower whose components are gone (within its closeDelay) does not take over: no socket for no component',
    { timeout: 30_000 },
    async (t) => {
      const s = await session(t)
      const leader = await s.open()
      await settle([leader])
      const idle = await s.open({ query: { closeDelay: String(IDLE_CLOSE_DELAY) } })
      await settle([leader, idle])
      // The idle tab's components go first; the leader's closeDelay ends while the idle tab is within its own.
      await idle.evaluate(() => window.glockTabs.unmount())
      await leader.evaluate(() => window.glockTabs.unmount())
      const [first] = s.server.sockets
      await s.server.waitFor("the leader's socket closed", () => first.closedAt !== null, Boolean, {
        timeout: CLOSE_DELAY + 2_000,
      })
      // Once no tab holds or waits for the lock, the idle tab has released too: nobody can connect any more.
      await waitUntil(
        idle,
        'no tab holding or waiting for the lock',
        (name) =>
          navigator.locks.query().then(({ held, pending }) => [...held, ...pending].some((lock) => lock.name === name)),
        (busy) => busy === false,
        { arg: LOCK('counter'), timeout: IDLE_CLOSE_DELAY + 3_000 },
      )
      assertSocketsEver(s.server, 1, 'no socket opened for a tab with no component mounted')
      s.assertQuiet()
    },
  )

  test(
    "the leader's components unmount, its page stays: a mounted follower takes over and the count carries on",
    { timeout: 30_000 },
    async (t) => {
      const s = await session(t)
      const tabs = await s.openTabs(3)
      const { leader, followers } = await settle(tabs)
      for (const tab of followers) await push(tab, { op: 'inc', id: uniqueId('inc') })
      await waitAll(tabs, 'count 2 confirmed', (seen) => seen.state.confirmed === 2)
      const [first] = s.server.sockets
      await leader.evaluate(() => window.glockTabs.unmount())
      const next = await s.server.waitFor(
        "the heir's socket, the old one closed",
        () => first.closedAt !== null && s.server.open('/counter').length === 1 && s.server.open('/counter')[0],
        Boolean,
        { timeout: CLOSE_DELAY + 2_000 },
      )
      const { followers: rest } = await settle(followers)
      await waitAll(followers, "the heir's open", (seen) => seen.status === 'open' && seen.state.opens.length === 2)
      const id = uniqueId('inc')
      await push(rest[0], { op: 'inc', id })
      await s.server.waitFor(`${id} at the server`, () => s.server.framesWithId(id).length === 1)
      assert.equal(s.server.framesWithId(id)[0].message.count, 3, 'counting on from 2')
      assert.equal(s.server.framesWithId(id)[0].socket, next.id)
      await waitAll(followers, 'count 3 confirmed', (seen) => seen.state.confirmed === 3)
      assert.equal(await view(leader), null)
      assertSocketsEver(s.server, 2)
      s.assertQuiet()
    },
  )

  test('StrictMode in every tab: no duplicate socket, through remounts too', { timeout: 30_000 }, async (t) => {
    const s = await session(t)
    const tabs = await s.openTabs(5, { parallel: false })
    await settle(tabs)
    for (const tab of tabs) {
      assert.equal(await tab.evaluate(() => window.glockTabs.strictEffects), 2, 'StrictMode ran the mount effect twice')
    }
    assertSocketsEver(s.server, 1, 'one socket ever accepted')
    // An unmount and a mount within closeDelay, in every tab at once, the leader's included.
    await Promise.all(tabs.map((tab) => tab.evaluate(() => window.glockTabs.remount())))
    for (const tab of tabs) assert.equal(await tab.evaluate(() => window.glockTabs.strictEffects), 4, 'mounted again')
    const { leader } = await settle(tabs)
    const text = uniqueId('news')
    s.server.broadcast('/counter', text)
    await waitAll(tabs, `news ${text}`, (seen) => seen.state.news.includes(text))
    assert.equal((await view(leader)).state.opens.length, 1, 'the socket never reopened')
    assertSocketsEver(s.server, 1, 'still one socket ever accepted')
    s.assertQuiet()
  })

  test('two keys in the same tabs: 2 sockets, independent states', { timeout: 30_000 }, async (t) => {
    const s = await session(t)
    const tabs = await s.openTabs(3, { query: { keys: 'counter,other' } })
    const counter = await settle(tabs, { key: 'counter' })
    const other = await settle(tabs, { key: 'other' })
    assert.equal(s.server.open('/counter').length, 1)
    assert.equal(s.server.open('/other').length, 1)
    assertSocketsEver(s.server, 2, 'two sockets ever accepted')

    await push(counter.followers[0], { op: 'inc', id: uniqueId('inc') }, 'counter')
    await push(counter.followers[1], { op: 'inc', id: uniqueId('inc') }, 'counter')
    const text = uniqueId('news')
    s.server.broadcast('/other', text)
    await waitAll(tabs, 'counter at 2', (seen) => seen.state.confirmed === 2, { key: 'counter' })
    await waitAll(tabs, `other with ${text}`, (seen) => seen.state.news.includes(text), { key: 'other' })
    await fence(s.server, other.followers[0], 'other')
    for (const tab of tabs) {
      const [one, two] = [await view(tab, 'counter'), await view(tab, 'other')]
      assert.deepEqual([one.state.count, one.state.news], [2, []], 'counter: its own count, no news')
      assert.deepEqual([two.state.count, two.state.confirmed, two.state.news], [0, 0, [text]], 'other: news only')
    }
    const paths = (path) => s.server.frames.filter((frame) => frame.path === path).map((frame) => frame.message.op)
    assert.deepEqual(paths('/counter'), ['inc', 'inc'])
    assert.deepEqual(paths('/other'), ['fence'])
    s.assertQuiet()
  })

  test('two same-origin iframes of the app in one page share 1 socket', { timeout: 30_000 }, async (t) => {
    const s = await session(t)
    const host = await s.open({ file: 'frames.html' })
    await waitUntil(
      host,
      'both iframes',
      () => document.querySelectorAll('iframe').length,
      (count) => count === 2,
    )
    const frames = ['first', 'second'].map((name) => host.frame({ name }))
    assert.ok(frames.every(Boolean), 'both frames found')
    const {
      followers: [follower],
    } = await settle(frames)
    assert.equal(s.server.open('/counter').length, 1)
    assertSocketsEver(s.server, 1)
    const text = uniqueId('news')
    s.server.broadcast('/counter', text)
    await waitAll(frames, `news ${text}`, (seen) => seen.state.news.includes(text))
    const id = uniqueId('inc')
    await push(follower, { op: 'inc', id })
    await fence(s.server, follower)
    assert.equal(s.server.framesWithId(id).length, 1)
    await waitAll(frames, 'count 1 confirmed', (seen) => seen.state.confirmed === 1)
    s.assertQuiet()
  })

  test(
    '(simulated) hidden leader, rAF never firing: followers still see server messages within 1 s',
    { timeout: 30_000 },
    async (t) => {
      const s = await session(t)
      const hidden = await s.open({
        init: () => {
          Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => 'hidden' })
          Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => true })
          let handle = 0
          window.requestAnimationFrame = () => ++handle
        },
      })
      // The hidden page's rAF never calls back, so it is polled on an interval (waitUntil polls on frames).
      await hidden.waitForFunction(() => window.glockTabs?.views.counter?.tab === 'leader', null, {
        polling: 20,
        timeout: 10_000,
      })
      assert.deepEqual(
        await hidden.evaluate(() => [document.visibilityState, document.hidden]),
        ['hidden', true],
        'the simulation took',
      )
      const followers = await s.openTabs(4)
      await waitAll(
        followers,
        'a follower of the open socket',
        (seen) => seen.tab === 'follower' && seen.status === 'open',
      )
      assertSocketsEver(s.server, 1)

      const text = uniqueId('news')
      const sent = wallNow()
      s.server.broadcast('/counter', text)
      await waitAll(followers, `news ${text}`, (seen) => seen.state.news.includes(text))
      const newsAfter = (await Promise.all(followers.map((tab) => mark(tab, `news:${text}`)))).map((at) => at - sent)
      const id = uniqueId('inc')
      const pushed = wallNow()
      await push(followers[0], { op: 'inc', id })
      await waitAll(followers, 'count 1 confirmed', (seen) => seen.state.confirmed === 1)
      const countAfter = (await Promise.all(followers.map((tab) => mark(tab, 'confirmed:1')))).map((at) => at - pushed)
      const ms = (list) => list.map((one) => one.toFixed(0)).join(', ')
      console.log(
        `hidden leader: followers showed the news after ${ms(newsAfter)} ms, a follower's push after ${ms(countAfter)} ms`,
      )
      for (const after of newsAfter)
        assert.ok(after < 1_000, `news shown within 1 s in every follower: ${ms(newsAfter)} ms`)
      for (const after of countAfter)
        assert.ok(after < 1_000, `count shown within 1 s in every follower: ${ms(countAfter)} ms`)
      assert.equal(s.server.framesWithId(id).length, 1)
      s.assertQuiet()
    },
  )
})
