#!/usr/bin/env node
// The across-tabs benchmark of docs/benchmarks-tabs.md: the same React app in N tabs of one Chromium (pages of one
// browser context share Web Locks and BroadcastChannel like tabs of one profile), each either on its own socket
// (`connect`) or on the one socket of the leader tab (`connectAcrossTabs` from react-glock/tabs), side by side in
// one run against one local ws server (a worker thread on 127.0.0.1, port 0) streaming ticks at a fixed rate.
//
//   node bench/tabs.mjs            the full run (a few minutes on 2 cores)
//   node bench/tabs.mjs --quick    small counts, under a minute: the CI guard
//   Either exits 1 when across tabs opens more than one socket or loses a message, or when a hand-over fails;
//   never on a time.
//   node bench/tabs.mjs --write    the full run, then rewrites the figures in docs/benchmarks-tabs.md
// `node bench/run.mjs` runs it too (`--only=tabs` alone), and `--write` there writes that page as well.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../scripts/chromium.mjs'
import { startWorkerServer } from './worker-server.mjs'
import { glockFromSource, root } from './build.mjs'

/**
 * tabs: the tab counts, each in every view (VIEWS); rate (ticks per second) for duration (ms), after warmUp ms of
 * the same, not measured; light: tab counts run again at a lower rate with a follower in front (where nothing is
 * saturated); warmUpRuns: one run of each mode first, not counted; rounds of every configuration; handovers,
 * each with afterHandover ticks before and after.
 */
export function tabsParams(quick) {
  const shared = { tabs: [1, 3, 5], rate: 2000, afterHandover: 100 }
  return quick
    ? { ...shared, duration: 500, warmUp: 200, light: null, warmUpRuns: false, rounds: 1, handovers: 2 }
    : {
        ...shared,
        duration: 3000,
        warmUp: 500,
        light: { tabs: [3], rate: 200 },
        warmUpRuns: true,
        rounds: 3,
        handovers: 7,
      }
}

/**
 * What the user looks at. Chromium runs the front tab's renderer at normal priority and the others' lower (niced on
 * Linux), as for background tabs, and here gives the tabs behind the front one few animation frames; headless, none
 * of them is hidden. So the leader is either the front tab, or visible behind a follower that is in front, or hidden
 * (simulated) with a follower in front.
 */
const VIEWS = {
  'leader-front': { name: 'visible, in front', front: 0, hidden: false },
  'follower-front': { name: 'visible, behind a follower in front', front: 1, hidden: false },
  hidden: { name: 'hidden (simulated), a follower in front', front: 1, hidden: true },
}

/** Every configuration of the stream runs: tab count, view, rate. */
function configurations(params) {
  const views = (tabs) => Object.keys(VIEWS).filter((view) => tabs > 1 || VIEWS[view].front === 0 || view === 'hidden')
  const main = params.tabs.flatMap((tabs) => views(tabs).map((view) => ({ tabs, view, rate: params.rate })))
  const light = (params.light?.tabs ?? []).map((tabs) => ({ tabs, view: 'follower-front', rate: params.light.rate }))
  return [...main, ...light]
}
const sameConfiguration = (a, b) => a.tabs === b.tabs && a.view === b.view && a.rate === b.rate
/** The tab in front: the second when the view says so and there is one. */
const frontOf = (run) => Math.min(VIEWS[run.view].front, run.tabs - 1)

/** The two ways to connect, in the order a round starts with (rotated each round). */
const MODES = ['own', 'tabs']
const MODE_NAMES = { own: 'one socket per tab (`connect`)', tabs: 'across tabs (`connectAcrossTabs`)' }
/** How long a tab may take to open its socket, or to show the last tick after the stream ended. */
const READY_TIMEOUT = 10_000
const CATCH_UP_TIMEOUT = 30_000

/** Before any script of the page runs: the page says it is hidden and never runs an animation frame. */
function hideThisPage() {
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => 'hidden' })
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => true })
  let handle = 0
  window.requestAnimationFrame = () => ++handle
  window.cancelAnimationFrame = () => {}
}

// ---------------------------------------------------------------------------------------------

/** The server worker, and `control(command)` to drive it. */
const startServer = (pages) => startWorkerServer(new URL('./tabs-server.mjs', import.meta.url), pages)

export const percentile = (values, p) => {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}
const median = (values) => percentile(values, 50)
const mean = (values) => (values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : undefined)

/**
 * Runs the benchmark: every tab count × view × both modes, `rounds` times (the mode order
 * rotating), then the hand-overs. Returns the raw runs and their summaries for `reportTabs`.
 */
export async function runTabs({
  quick = false,
  params = tabsParams(quick),
  log = (...args) => console.error(...args),
} = {}) {
  const started = Date.now()
  const tmp = mkdtempSync(join(tmpdir(), 'react-glock-bench-tabs-'))
  log('across tabs: building the page (esbuild, react-glock from src/)…')
  await build({
    entryPoints: [fileURLToPath(new URL('./tabs-page.jsx', import.meta.url))],
    outfile: join(tmp, 'tabs.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [glockFromSource],
    logLevel: 'error',
  })
  writeFileSync(
    join(tmp, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>react-glock across tabs</title><div id="root"></div><script src="/tabs.js"></script>\n',
  )
  const server = await startServer({
    '/': { file: join(tmp, 'index.html'), type: 'text/html; charset=utf-8' },
    '/tabs.js': { file: join(tmp, 'tabs.js'), type: 'text/javascript; charset=utf-8' },
  })
  const { control } = server
  const origin = `http://127.0.0.1:${server.port}`
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS })
  const results = { params, quick, environment: environment(), streams: [], handovers: [] }
  try {
    results.environment.chromium = browser.version()
    const context = await browser.newContext({ viewport: { width: 640, height: 360 } })
    const processes = await browser.newBrowserCDPSession()
    let runs = 0

    /**
     * A page kept from run to run, each with its own renderer process, and a DevTools session for its main-thread
     * metrics: a tab of a run is a navigation of it (a new page costs most of a second on a loaded machine), and
     * leaving for about:blank ends the tab (its socket, its lock, its channel) as closing it would.
     */
    async function newSlot({ hidden = false } = {}) {
      const page = await context.newPage()
      const errors = []
      page.on('pageerror', (error) => errors.push(error))
      if (hidden) await page.addInitScript(hideThisPage)
      return { page, errors, cdp: await context.newCDPSession(page) }
    }
    const slots = {
      visible: await newSlot(),
      hidden: await newSlot({ hidden: true }),
      others: await Promise.all(Array.from({ length: Math.max(...params.tabs, 3) - 1 }, () => newSlot())),
    }
    const leave = (tabs) => Promise.all(tabs.map((tab) => tab.page.goto('about:blank')))

    /** Opens one tab of a run in `slot`, and waits until it is ready (its socket open, its part known). */
    async function openTab(run, slot) {
      const { page, errors, cdp } = slot
      errors.length = 0
      await page.goto(`${origin}/?mode=${run.mode}&path=${encodeURIComponent(run.path)}&key=${run.key}`)
      await cdp.send('Performance.enable')
      const tab = {
        page,
        slot,
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        async metrics() {
          const { metrics } = await cdp.send('Performance.getMetrics')
          const value = (name) => metrics.find((m) => m.name === name).value * 1000
          return { task: value('TaskDuration'), script: value('ScriptDuration') }
        },
        check() {
          if (errors.length > 0) throw errors[0]
        },
      }
      tab.ready = await tab.evaluate((timeout) => window.tabBench.ready(timeout), READY_TIMEOUT)
      return tab
    }

    /** CPU seconds of every Chromium process so far (browser, renderers, network service, …), by process id. */
    async function cpuByProcess(type) {
      const { processInfo } = await processes.send('SystemInfo.getProcessInfo')
      return new Map(processInfo.filter((p) => !type || p.type === type).map((p) => [p.id, p.cpuTime * 1000]))
    }
    const cpuSince = (before, after) => {
      let total = 0
      for (const [id, time] of after) total += time - (before.get(id) ?? 0)
      return total
    }
    /**
     * The renderer process of each tab's page. DevTools gives no page's process id, so each page whose process is
     * not known yet (or has gone) is found by keeping its main thread busy for 300 ms and seeing whose CPU time grew
     * most beyond what it grew in the 300 ms before (some of Chromium's own renderers are busy all the time). Each
     * page keeps its process from run to run (navigations within the origin and to about:blank stay in it).
     */
    async function renderersOf(tabs) {
      const alive = await cpuByProcess()
      const known = new Set(tabs.map((tab) => tab.slot.renderer).filter((id) => alive.has(id)))
      for (const tab of tabs) {
        if (alive.has(tab.slot.renderer)) continue
        const before = await cpuByProcess('renderer')
        await new Promise((resolve) => setTimeout(resolve, 300))
        const idle = await cpuByProcess('renderer')
        await tab.evaluate(() => {
          for (const end = performance.now() + 300; performance.now() < end;);
        })
        const busy = await cpuByProcess('renderer')
        let best
        for (const [id, time] of busy) {
          if (known.has(id) || !before.has(id) || !idle.has(id)) continue
          const score = time - idle.get(id) - (idle.get(id) - before.get(id))
          if (best === undefined || score > best.score) best = { id, score }
        }
        tab.slot.renderer = best?.id
        known.add(best?.id)
      }
      return tabs.map((tab) => tab.slot.renderer)
    }

    /**
     * Opens `run.tabs` tabs (the first one first, so that across tabs it leads; hidden if the view says so), brings the
     * view's tab to the front, streams a warm-up,
     * then measures the stream: each tab's main-thread time, all of Chromium's CPU, the lags, what each tab shows.
     */
    async function streamOnce(run) {
      const first = await openTab(run, VIEWS[run.view].hidden ? slots.hidden : slots.visible)
      const rest = await Promise.all(slots.others.slice(0, run.tabs - 1).map((slot) => openTab(run, slot)))
      const tabs = [first, ...rest]
      await tabs[frontOf(run)].page.bringToFront()
      const renderers = await renderersOf(tabs)
      const problems = []
      for (const [i, tab] of tabs.entries()) {
        if (tab.ready.timedOut) problems.push(`tab ${i} not ready: ${tab.ready.tab} ${tab.ready.status}`)
      }
      const warm = Math.round((run.rate * params.warmUp) / 1000)
      await control({ cmd: 'stream', path: run.path, rate: run.rate, duration: params.warmUp })
      await Promise.all(tabs.map((tab) => tab.evaluate(([s, t]) => window.tabBench.until(s, t), [warm - 1, 10_000])))

      const total = Math.round((run.rate * params.duration) / 1000)
      const last = warm + total - 1
      await Promise.all(tabs.map((tab) => tab.evaluate(() => window.tabBench.start())))
      const before = await Promise.all(tabs.map((tab) => tab.metrics()))
      const cpuBefore = await cpuByProcess()
      const start = performance.now()
      const streamed = await control({
        cmd: 'stream',
        path: run.path,
        rate: run.rate,
        duration: params.duration,
        from: warm,
      })
      const shown = await Promise.all(
        tabs.map((tab) => tab.evaluate(([s, t]) => window.tabBench.until(s, t), [last, CATCH_UP_TIMEOUT])),
      )
      const window_ = performance.now() - start
      const after = await Promise.all(tabs.map((tab) => tab.metrics()))
      const cpuAfter = await cpuByProcess()
      const cpu = cpuSince(cpuBefore, cpuAfter)
      const seen = await Promise.all(tabs.map((tab) => tab.evaluate(() => window.tabBench.stop())))
      const sockets = await control({ cmd: 'stats', path: run.path })
      for (const tab of tabs) tab.check()
      await leave(tabs)
      const drained = await control({ cmd: 'drained', prefix: run.path, timeout: 10_000 })
      if (drained.left > 0) problems.push(`${drained.left} sockets still open 10 s after the tabs closed`)

      const result = {
        ...run,
        sent: warm + streamed.sent,
        window: window_,
        sockets: { peak: sockets.peak, opened: sockets.opened },
        cpu,
        tabsSeen: tabs.map((tab, i) => ({
          front: i === frontOf(run),
          role: seen[i].tab,
          status: seen[i].status,
          busy: after[i].task - before[i].task,
          cpu: cpuAfter.get(renderers[i]) - cpuBefore.get(renderers[i]),
          script: after[i].script - before[i].script,
          notifications: seen[i].notifications,
          posts: seen[i].posts,
          commits: seen[i].commits,
          notifyLags: seen[i].notifyLags,
          serverLags: seen[i].serverLags,
          commitLags: seen[i].commitLags,
          // The reducer counts every tick it ran on; across tabs the leader's count is what every tab mirrors.
          lost: warm + streamed.sent - shown[i].count,
          timedOut: Boolean(shown[i].timedOut),
        })),
        problems,
      }
      if (run.mode === 'tabs') {
        const roles = result.tabsSeen.map((tab) => tab.role)
        const expected = ['leader', ...Array(run.tabs - 1).fill('follower')]
        if (roles.join() !== expected.join())
          problems.push(`roles ${roles.join(', ')}; expected ${expected.join(', ')}`)
      }
      return result
    }

    /**
     * Three tabs across tabs, `afterHandover` ticks shown everywhere; then the leader's page closes, and the time
     * runs until a follower hears it leads (its subscriber), hears it leads with its socket open, and its component
     * commits that. Then as many ticks again, which both tabs left must show, counted on from before the hand-over.
     */
    async function handoverOnce(run) {
      const problems = []
      const leader = await openTab(run, slots.visible)
      const followers = await Promise.all(slots.others.slice(0, 2).map((slot) => openTab(run, slot)))
      const tabs = [leader, ...followers]
      const roles = tabs.map((tab) => tab.ready.tab)
      if (roles.join() !== 'leader,follower,follower') problems.push(`roles before: ${roles.join(', ')}`)
      const before = params.afterHandover
      await control({ cmd: 'stream', path: run.path, count: before, duration: 0 })
      await Promise.all(tabs.map((tab) => tab.evaluate(([s, t]) => window.tabBench.until(s, t), [before - 1, 10_000])))
      const skew = await clockSkew(tabs)
      // The floor: a bare Web Lock (no react-glock) that the leader holds too and a follower waits for.
      const probe = `probe-${run.key}`
      await leader.evaluate(
        (lock) =>
          new Promise((held) =>
            navigator.locks.request(lock, () => {
              held()
              return new Promise(() => {})
            }),
          ),
        probe,
      )
      await followers[0].evaluate((lock) => {
        window.probeGranted = new Promise((granted) =>
          navigator.locks.request(lock, () => granted(window.tabBench.now())),
        )
      }, probe)

      const waits = followers.map((tab) =>
        tab.evaluate((t) => window.tabBench.leader(t), 10_000).catch((error) => ({ timedOut: true, error })),
      )
      const closedAt = await leader.evaluate(() => window.tabBench.now())
      await leader.page.close()
      const first = await firstOf(waits, (value) => !value.timedOut)
      if (!first) problems.push('no follower became the leader within 10 s')
      const probeGrantedAt = await followers[0].evaluate(() => window.probeGranted)

      await control({ cmd: 'stream', path: run.path, count: before, duration: 0, from: before })
      const shown = await Promise.all(
        followers.map((tab) => tab.evaluate(([s, t]) => window.tabBench.until(s, t), [2 * before - 1, 10_000])),
      )
      const rolesAfter = shown.map((s) => s.tab).sort()
      if (rolesAfter.join() !== 'follower,leader') problems.push(`roles after: ${rolesAfter.join(', ')}`)
      const lost = shown.map((s) => 2 * before - s.count)
      if (shown.some((s) => s.timedOut)) problems.push(`ticks after the hand-over not shown: ${JSON.stringify(shown)}`)
      else if (lost.some((n) => n !== 0))
        problems.push(`counts ${shown.map((s) => s.count).join(', ')}; expected ${2 * before}`)
      const sockets = await control({ cmd: 'stats', path: run.path })
      if (sockets.connected !== 1) problems.push(`${sockets.connected} sockets at the server after the hand-over`)
      for (const tab of followers) tab.check()
      await leave(followers)
      await Promise.all(waits)
      // A page for the next leader, made once nothing is measured (making one is heavy work for the browser).
      slots.visible = await newSlot()
      await control({ cmd: 'drained', prefix: run.path, timeout: 10_000 })
      return {
        bareLock: probeGrantedAt - closedAt,
        leading: first ? first.leadingAt - closedAt : undefined,
        notified: first ? first.notifiedAt - closedAt : undefined,
        committed: first ? first.committedAt - closedAt : undefined,
        socketsAfter: sockets.connected,
        opened: sockets.opened,
        peak: sockets.peak,
        lost: Math.max(...lost),
        skew,
        problems,
      }
    }
    // Warm-up, not counted: the first runs in fresh renderer processes pay for compiling (quick counts skip it).
    if (params.warmUpRuns) log('across tabs: warming up')
    for (const mode of params.warmUpRuns ? MODES : []) {
      const id = ++runs
      const run = {
        mode,
        tabs: 3,
        view: 'follower-front',
        rate: params.rate,
        path: `/tabs/${id}/warm-up`,
        key: `feed-${id}`,
      }
      await streamOnce(run)
    }

    for (let round = 0; round < params.rounds; round++) {
      for (const configuration of configurations(params)) {
        const order = MODES.map((_, i) => MODES[(i + round) % MODES.length])
        for (const mode of order) {
          const id = ++runs
          const run = {
            ...configuration,
            mode,
            round,
            path: `/tabs/${id}/${mode}-${configuration.tabs}`,
            key: `feed-${id}`,
          }
          const result = await streamOnce(run)
          results.streams.push(result)
          log(`  ${describeRun(run)}: ${oneLine(result)}`)
        }
      }
    }

    log('across tabs: hand-over (3 tabs; the leader closes)')
    for (let rep = 0; rep < params.handovers; rep++) {
      const id = ++runs
      const result = await handoverOnce({ path: `/tabs/${id}/hand-over`, key: `feed-${id}`, mode: 'tabs' })
      results.handovers.push(result)
      log(
        `  hand-over ${rep + 1}: the bare lock passed after ${fixed(result.bareLock)} ms; leads after ${fixed(result.leading)} ms, socket open ${fixed(result.notified)} ms, committed ${fixed(result.committed)} ms; ${result.problems.join('; ') || 'ok'}`,
      )
    }
  } finally {
    await browser.close()
    await server.stop()
    rmSync(tmp, { recursive: true, force: true })
  }
  results.duration = (Date.now() - started) / 1000
  // Other work on a shared machine slows both modes alike within a run, but say how busy it was, at both ends.
  results.environment.loadAtEnd = loadavg()[0].toFixed(1)
  results.summary = summarize(results)
  return results
}

/** The first of `promises` to resolve with a value `ok` accepts, or undefined once all have settled without one. */
function firstOf(promises, ok) {
  return new Promise((resolve) => {
    let left = promises.length
    for (const promise of promises) {
      promise.then((value) => {
        if (ok(value)) resolve(value)
        else if (--left === 0) resolve(undefined)
      })
    }
  })
}

/**
 * How far the tabs' clocks (`performance.timeOrigin + performance.now()`) are apart, through Node's clock: each tab
 * is read between two readings of Node's, 10 times, and the reading with the shortest round trip counts. The lags
 * compare one tab's clock with another's; this says how much of a lag could be the clocks.
 */
async function clockSkew(tabs) {
  const offsets = []
  for (const tab of tabs) {
    let best
    for (let i = 0; i < 10; i++) {
      const sent = performance.timeOrigin + performance.now()
      const read = await tab.evaluate(() => window.tabBench.now())
      const back = performance.timeOrigin + performance.now()
      if (!best || back - sent < best.trip) best = { trip: back - sent, offset: read - (sent + back) / 2 }
    }
    offsets.push(best)
  }
  const values = offsets.map((o) => o.offset)
  return {
    apart: Math.max(...values) - Math.min(...values),
    fromNode: Math.max(...values.map(Math.abs)),
    uncertainty: Math.max(...offsets.map((o) => o.trip)) / 2,
  }
}

// ---------------------------------------------------------------------------------------------

const fixed = (value, digits = 1) => (value === undefined ? '–' : value.toFixed(digits))
const describeRun = (run) =>
  `${run.mode === 'tabs' ? 'across tabs' : 'own sockets'}, ${run.tabs} tab${run.tabs > 1 ? 's' : ''}, first tab ${viewName(run)}, ${run.rate}/s`

function oneLine(result) {
  const [lead, ...others] = result.tabsSeen
  const lags = others.flatMap((tab) => tab.notifyLags)
  return [
    `sockets ${result.sockets.opened} (peak ${result.sockets.peak})`,
    `window ${fixed(result.window, 0)} ms`,
    `busy first ${fixed(lead.busy, 0)} ms`,
    others.length ? `others ${others.map((tab) => fixed(tab.busy, 0)).join('/')} ms` : '',
    `cpu ${fixed(result.cpu, 0)} ms`,
    lags.length ? `lag p50 ${fixed(percentile(lags, 50))} p99 ${fixed(percentile(lags, 99))} ms` : '',
    `lost ${Math.max(...result.tabsSeen.map((tab) => tab.lost))}`,
    ...result.problems,
  ]
    .filter(Boolean)
    .join(', ')
}

/** p50, p99 and the worst of a set of lags, and how many there were. */
const spreadOf = (lags) => ({
  p50: percentile(lags, 50),
  p99: percentile(lags, 99),
  max: percentile(lags, 100),
  samples: lags.length,
})

/**
 * One row per mode × tab count × visibility: busy times and CPU are medians over the rounds (the others' busy time the
 * mean of the tabs after the first, per round); lags are percentiles over every sample of every round; lost the worst.
 */
export function summarize(results) {
  const rows = []
  for (const configuration of configurations(results.params)) {
    for (const mode of MODES) {
      const runs = results.streams.filter((r) => r.mode === mode && sameConfiguration(r, configuration))
      if (runs.length === 0) continue
      const tabCount = configuration.tabs
      const others = (run) => run.tabsSeen.slice(1)
      const lags = (pick, kind) => spreadOf(runs.flatMap((run) => pick(run).flatMap((tab) => tab[kind])))
      const front = (run) => run.tabsSeen.filter((tab) => tab.front)
      const behind = (run) => run.tabsSeen.filter((tab) => !tab.front)
      const perSecond = (pick) =>
        median(runs.map((run) => mean(pick(run).map((tab) => tab.notifications)) / (run.window / 1000)))
      const perTab = (value) => (tabCount > 1 ? median(runs.map((run) => mean(others(run).map(value)))) : undefined)
      rows.push({
        ...configuration,
        mode,
        runs: runs.length,
        socketsOpened: Math.max(...runs.map((run) => run.sockets.opened)),
        socketsPeak: Math.max(...runs.map((run) => run.sockets.peak)),
        firstBusy: median(runs.map((run) => run.tabsSeen[0].busy)),
        otherBusy: perTab((tab) => tab.busy),
        firstCpu: median(runs.map((run) => run.tabsSeen[0].cpu)),
        otherCpu: perTab((tab) => tab.cpu),
        cpu: median(runs.map((run) => run.cpu)),
        window: median(runs.map((run) => run.window)),
        firstPostsPerSecond: median(runs.map((run) => run.tabsSeen[0].posts / (run.window / 1000))),
        frontIndex: frontOf(configuration),
        frontLag: lags(front, 'notifyLags'),
        frontCommitLag: lags(front, 'commitLags'),
        frontServerLag: lags(front, 'serverLags'),
        behindLag: lags(behind, 'notifyLags'),
        behindServerLag: lags(behind, 'serverLags'),
        frontPerSecond: perSecond(front),
        behindPerSecond: tabCount > 1 ? perSecond(behind) : undefined,
        lost: Math.max(...runs.flatMap((run) => run.tabsSeen.map((tab) => tab.lost))),
        timedOut: runs.some((run) => run.tabsSeen.some((tab) => tab.timedOut)),
        problems: [...new Set(runs.flatMap((run) => run.problems))],
      })
    }
  }
  const handovers = results.handovers
  const times = (name) => {
    const values = handovers.map((h) => h[name]).filter((v) => v !== undefined)
    return { p50: median(values), max: values.length ? Math.max(...values) : undefined }
  }
  const worst = (read) => (handovers.length ? Math.max(...handovers.map(read)) : undefined)
  return {
    rows,
    handover: {
      reps: handovers.length,
      succeeded: handovers.filter((h) => h.problems.length === 0).length,
      bareLock: times('bareLock'),
      leading: times('leading'),
      notified: times('notified'),
      committed: times('committed'),
      peak: worst((h) => h.peak),
      opened: worst((h) => h.opened),
      skew: worst((h) => h.skew.apart),
      skewFromNode: worst((h) => h.skew.fromNode),
      skewUncertainty: worst((h) => h.skew.uncertainty),
      problems: [...new Set(handovers.flatMap((h) => h.problems))],
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The report: tables, the targets with their figures, and with --write docs/benchmarks-tabs.md.

const START = '<!-- bench:tabs:start -->'
const END = '<!-- bench:tabs:end -->'

const ms = (value) =>
  value === undefined
    ? '–'
    : value >= 1000
      ? `${(value / 1000).toFixed(2)} s`
      : `${value.toFixed(value < 10 ? 1 : 0)} ms`
const times = (value) => (value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`)
const percent = (part, whole) => (part === undefined ? '–' : `${Math.round((100 * part) / whole)} %`)

function table(header, rows, textColumns = 1) {
  const rule = header.map((_, i) => (i < textColumns ? '---' : '---:'))
  return [header, rule, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n')
}

const rowOf = (summary, mode, configuration) =>
  summary.rows.find((r) => r.mode === mode && sameConfiguration(r, configuration))
/** "3 tabs, leader visible" (and the rate when it is not the main one). */
const configurationName = (r, params) =>
  `${r.tabs} tab${r.tabs > 1 ? 's' : ''}, leader ${viewName(r)}${r.rate === params.rate ? '' : `, ${r.rate.toLocaleString('en-US')} ticks/s`}`
/** The view's name; one tab alone is in front whatever the view says. */
const viewName = (r) => (r.tabs > 1 ? VIEWS[r.view].name : VIEWS[r.view].hidden ? 'hidden (simulated)' : 'visible')

/** Every target of docs/benchmarks-tabs.md with its figure; `gate` ones fail the run (none of them is a time). */
export function tabsTargets(results) {
  const { rows, handover } = results.summary
  const { tabs } = results.params
  const checks = []
  const check = (target, figure, ok, gate) => checks.push({ target, figure, ok, gate })
  const across = rows.filter((r) => r.mode === 'tabs')
  const own = rows.filter((r) => r.mode === 'own')
  const socketsOf = (list) =>
    tabs
      .map((n) => {
        const found = list.filter((r) => r.tabs === n)
        return `${Math.max(...found.map((r) => r.socketsOpened))} for ${n}`
      })
      .join(', ')
  check(
    `Across tabs: one socket at the server for any number of tabs (${tabs.join(', ')}; leader in front, behind, hidden)`,
    `${socketsOf(across)} (one per tab: ${socketsOf(own)})`,
    across.every((r) => r.socketsOpened === 1 && r.socketsPeak === 1),
    true,
  )
  const lost = rows.reduce((sum, r) => sum + Math.max(0, r.lost), 0)
  const stuck = rows.filter((r) => r.timedOut || r.lost !== 0 || r.problems.length > 0)
  check(
    'Nothing lost: every tab shows every tick, and the right tab leads (both modes, every run)',
    stuck.length === 0
      ? '0 lost'
      : `${lost} lost; ${stuck.map((r) => `${MODE_NAMES[r.mode]}, ${configurationName(r, results.params)}: ${[r.lost ? `${r.lost} lost` : '', r.timedOut ? 'timed out' : '', ...r.problems].filter(Boolean).join(', ')}`).join('; ')}`,
    stuck.length === 0,
    true,
  )
  check(
    `Hand-over: a follower leads with its socket open, and both tabs left show every later tick (${handover.reps} hand-overs)`,
    `${handover.succeeded} of ${handover.reps}${handover.problems.length ? `: ${handover.problems.join('; ')}` : ''}`,
    handover.reps > 0 && handover.succeeded === handover.reps,
    true,
  )
  for (const a of across.filter((r) => r.tabs > 1)) {
    const o = rowOf(results.summary, 'own', a)
    if (!o) continue
    check(
      `${configurationName(a, results.params)}: a follower's main-thread time no higher than a tab's with its own socket`,
      `${ms(a.otherBusy)} vs ${ms(o.otherBusy)} (${times(a.otherBusy / o.otherBusy)}); renderer CPU ${ms(a.otherCpu)} vs ${ms(o.otherCpu)} (${times(a.otherCpu / o.otherCpu)})`,
      a.otherBusy <= o.otherBusy,
      false,
    )
  }
  // With the leader visible: the follower in front (behind it the leader), and the followers behind the leader in front.
  for (const a of across.filter((r) => r.tabs > 1 && !VIEWS[r.view].hidden)) {
    const lag = a.frontIndex > 0 ? a.frontLag : a.behindLag
    const where = a.frontIndex > 0 ? 'the follower in front' : 'the followers behind it'
    const often = a.frontIndex > 0 ? a.frontPerSecond : a.behindPerSecond
    check(
      `${configurationName(a, results.params)}: ${where}, p99 lag behind the leader at most 20 ms`,
      `${ms(lag.p99)} (p50 ${ms(lag.p50)}; ${lag.samples} notifications, ${Math.round(often)} per s)`,
      lag.p99 <= 20,
      false,
    )
  }
  return checks
}

function sections(results) {
  const e = results.environment
  const p = results.params
  const { rows, handover } = results.summary
  const out = []
  out.push(
    [
      `Measured ${e.date.slice(0, 10)} on ${e.cpu}, ${e.memory}, ${e.os} (load average ${e.load} at the start, ${e.loadAtEnd} at the end); Node ${e.node}, Chromium ${e.chromium} (headless, Debian); React ${e.react} (production).`,
      `Command: \`${e.command}\` (the across-tabs runs took ${Math.round(results.duration)} s${results.quick ? '; quick counts: not the figures to quote' : ''}).`,
      `The server streams ${p.rate.toLocaleString('en-US')} ticks per second for ${p.duration / 1000} s (after ${p.warmUp} ms of warm-up) to every socket${p.light ? ` (and, in the rows that say so, ${p.light.rate.toLocaleString('en-US')} per second)` : ''}; ${p.rounds} round${p.rounds > 1 ? 's' : ''} of every configuration, the mode order rotating; busy and CPU times are medians of the rounds, lags percentiles of every notification of every round, lost the worst round.`,
    ].join('\n'),
  )
  const checks = tabsTargets(results)
  out.push(
    '### Targets\n\n' +
      table(
        ['Target', 'Measured', 'Met'],
        checks.map((c) => [c.target, c.figure, c.ok ? 'yes' : '**no**']),
        3,
      ),
  )

  const visibility = viewName
  const tabsCell = (r) => (r.rate === p.rate ? `${r.tabs}` : `${r.tabs}, at ${r.rate.toLocaleString('en-US')} ticks/s`)
  const pair = (spread) => (spread.p50 === undefined ? '–' : `${ms(spread.p50)} / ${ms(spread.p99)}`)
  const costRows = rows.map((r) => {
    const o = rowOf(results.summary, 'own', r)
    const vsOwn = (value) => (r.mode === 'tabs' && value !== undefined ? times(value) : '–')
    return [
      tabsCell(r),
      visibility(r),
      MODE_NAMES[r.mode],
      `${r.socketsOpened}`,
      `${ms(r.firstBusy)} <sub>${percent(r.firstBusy, r.window)}</sub>`,
      ms(r.firstCpu),
      r.mode === 'tabs' ? `${times(r.firstBusy / o.firstBusy)} / ${times(r.firstCpu / o.firstCpu)}` : '–',
      r.otherBusy === undefined ? '–' : `${ms(r.otherBusy)} <sub>${percent(r.otherBusy, r.window)}</sub>`,
      ms(r.otherCpu),
      r.mode === 'tabs' && r.otherBusy !== undefined
        ? `${times(r.otherBusy / o.otherBusy)} / ${times(r.otherCpu / o.otherCpu)}`
        : '–',
      ms(r.cpu),
      vsOwn(r.cpu / o.cpu),
      r.mode === 'tabs' ? Math.round(r.firstPostsPerSecond).toLocaleString('en-US') : '–',
      `${r.lost}${r.timedOut ? ' (timed out)' : ''}`,
    ]
  })
  out.push(
    `### Stream: ${p.rate.toLocaleString('en-US')} ticks per second for ${p.duration / 1000} s to N tabs: what it costs\n\n` +
      'The first tab opens first: across tabs it is the leader, and it is the one hidden in the hidden rows. "Others": the other tabs (across tabs, the followers), the mean of one. Which tab is in front is in the next table. ' +
      "Busy: the tab's renderer main thread's task time (`Performance.getMetrics` → `TaskDuration`) from the start of the stream until every tab shows the last tick, with its share of that window; it is wall time inside tasks, which a loaded machine stretches, most in the tabs behind the front one (their renderers run at a lower priority). " +
      "CPU: the CPU time of the tab's renderer process (all its threads) over the same window, and of every Chromium process (the browser, the network service, every renderer; `SystemInfo.getProcessInfo`). " +
      'Ratios (busy / CPU) are against one socket per tab, same tabs, same visibility. Leader posts: messages the leader posted on its BroadcastChannel per second of the window (counted by wrapping `postMessage`).\n\n' +
      table(
        [
          'Tabs',
          'First tab (across tabs, the leader)',
          'Mode',
          'Sockets',
          'First tab busy',
          'First tab CPU',
          'First tab vs own sockets',
          'Others busy (each)',
          'Others CPU (each)',
          'Others vs own sockets',
          'Chromium CPU',
          'CPU vs own sockets',
          'Leader posts per s',
          'Lost',
        ],
        costRows,
        3,
      ),
  )
  const lagRows = rows.map((r) => [
    tabsCell(r),
    visibility(r),
    MODE_NAMES[r.mode],
    r.frontIndex === 0 ? 'the first' : 'the second',
    pair(r.frontLag),
    pair(r.frontCommitLag),
    pair(r.frontServerLag),
    Math.round(r.frontPerSecond).toString(),
    r.tabs > 1 ? pair(r.behindLag) : '–',
    r.tabs > 1 ? pair(r.behindServerLag) : '–',
    r.behindPerSecond === undefined ? '–' : Math.round(r.behindPerSecond).toString(),
  ])
  out.push(
    '### Stream: how far behind the tabs are\n\n' +
      "p50 / p99 over every notification that brought a new tick, in every round, for the tab in front and for the tabs behind it. Behind the reducer: from the stamp of the reducer that ran the tick (across tabs the leader's; with one socket per tab the tab's own) to the tab's subscriber being notified, or to its component committing it: across tabs, for a follower, its lag behind the leader. " +
      "Behind the server: from the server's stamp on the tick (its clock is the machine's too) to the notification. " +
      "Notified per s: a tab's notifications per second of the window; batched per animation frame they are at most 60, fewer when frames come late (a loaded machine, a renderer behind the front one), and 10 in a hidden tab (rAF never runs there, a 100 ms timer stands in). " +
      `The tabs' clocks and Node's were at most ${ms(handover.skewFromNode)} apart (±${ms(handover.skewUncertainty)}, read through Node's clock in the hand-over runs).\n\n` +
      table(
        [
          'Tabs',
          'First tab (across tabs, the leader)',
          'Mode',
          'Tab in front',
          'In front: behind the reducer, notified',
          'In front: committed',
          'In front: behind the server',
          'In front: notified per s',
          'Behind: behind the reducer, notified',
          'Behind: behind the server',
          'Behind: notified per s (each)',
        ],
        lagRows,
        3,
      ),
  )

  out.push(
    `### Hand-over: the leader's tab closes (3 tabs, ${handover.reps} times)\n\n` +
      "From the leader's `page.close()` (its clock, read just before) until a follower's subscriber hears `tab === 'leader'`, then that with `status === 'open'` (its clock), and until its component commits that. " +
      `The tabs' clocks were at most ${ms(handover.skew)} apart (±${ms(handover.skewUncertainty)}).\n\n` +
      table(
        ['Measured', 'p50', 'max'],
        [
          ["to a follower's `tab === 'leader'`", ms(handover.leading.p50), ms(handover.leading.max)],
          ['to its socket open, notified', ms(handover.notified.p50), ms(handover.notified.max)],
          ['to its component committing that', ms(handover.committed.p50), ms(handover.committed.max)],
          [
            'for reference, a bare Web Lock that the leader held too: to its callback in a follower',
            ms(handover.bareLock.p50),
            ms(handover.bareLock.max),
          ],
        ],
      ) +
      `\n\nSockets at the server in each hand-over: ${handover.opened} opened in all, at most ${handover.peak} at once.`,
  )
  return { text: out.join('\n\n'), checks }
}

/** Prints the report; with `write`, puts it into docs/benchmarks-tabs.md. Returns the failed gates. */
export function reportTabs(results, { write = false } = {}) {
  const { text, checks } = sections(results)
  console.log(`\n## Across tabs\n\n${text}\n`)
  const failures = checks.filter((c) => c.gate && !c.ok)
  const missed = results.quick ? 'not met at quick counts (not a gate)' : 'target missed (not a gate)'
  for (const miss of checks.filter((c) => !c.gate && !c.ok)) console.log(`${missed}: ${miss.target}: ${miss.figure}`)
  for (const failure of failures) console.log(`FAILED: ${failure.target}: ${failure.figure}`)
  if (failures.length === 0) console.log('Across tabs: all gates passed (one socket, nothing lost, hand-over).')
  if (write) {
    const file = join(root, 'docs', 'benchmarks-tabs.md')
    const doc = readFileSync(file, 'utf8')
    const start = doc.indexOf(START)
    const end = doc.indexOf(END)
    if (start < 0 || end < start) throw new Error(`${file} lacks the ${START} … ${END} markers`)
    writeFileSync(
      file,
      `${doc.slice(0, start + START.length)}\n<!-- Written by node bench/tabs.mjs --write: edit the script, not this section. -->\n\n${text}\n\n${doc.slice(end)}`,
    )
    console.log(`wrote ${file}`)
  }
  return { failures, checks }
}

function environment() {
  const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version
  const args = process.argv.slice(2)
  return {
    date: new Date().toISOString(),
    load: loadavg()[0].toFixed(1),
    node: process.version,
    os: `${platform()} ${release()}`,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    react: version('react'),
    ws: version('ws'),
    command: `node bench/${process.argv[1]?.endsWith('tabs.mjs') ? 'tabs' : 'run'}.mjs${args.length ? ` ${args.join(' ')}` : ''}`,
  }
}

// Run directly: node bench/tabs.mjs [--quick] [--write]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values: flags } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, write: { type: 'boolean', default: false } },
  })
  if (flags.write && flags.quick) throw new Error('--write needs the full run: drop --quick')
  const limit = flags.quick ? 3 * 60_000 : 15 * 60_000
  setTimeout(() => {
    console.error(`bench/tabs.mjs: still running after ${limit / 60_000} minutes; giving up`)
    process.exit(2)
  }, limit).unref()
  const results = await runTabs({ quick: flags.quick })
  const { failures } = reportTabs(results, { write: flags.write })
  process.exit(failures.length > 0 ? 1 : 0)
}
