#!/usr/bin/env node
// Runs every benchmark of docs/benchmarks.md: react-glock, react-use-websocket (share: true) and a
// hand-written `new WebSocket` + `useState`, side by side in one process and one run, against one
// local ws server (a worker thread on 127.0.0.1, port 0).
//
//   node bench/run.mjs            the full run (a minute or two on 2 cores)
//   node bench/run.mjs --quick    small counts, seconds: the CI guard
//   Either exits 1 on a lost message, a missed commit target or the size budget, or (across tabs) on more
//   than one socket or a failed hand-over; never on a time.
//   node bench/run.mjs --write    the full run, then rewrites the figures in docs/benchmarks.md, the
//                                 chart docs/bench-summary.svg and docs/benchmarks-tabs.md
//   --only=burst,stream,selectors,receive,memory,size,tabs   run a subset (tabs: bench/tabs.mjs, across tabs)
//   --no-browser                  skip Chromium (not for CI: its targets then go unchecked)
//   --rounds=N                    rounds of burst and selectors (default 5, quick 1)
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL, fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../scripts/chromium.mjs'
import { startWorkerServer } from './worker-server.mjs'

// The memory benchmark needs gc(): run again with --expose-gc.
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  )
  process.exit(child.status ?? 1)
}
// Production React: the bundles define it too; this covers anything loaded from node_modules.
process.env.NODE_ENV = 'production'

const { buildApp, buildCore, bundleSizes, root } = await import('./build.mjs')
const { installJsdom } = await import('./jsdom.mjs')
const { report } = await import('./report.mjs')
const { runTabs, reportTabs } = await import('./tabs.mjs')

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
    rounds: { type: 'string' },
  },
})
const CHROMIUM = CHROMIUM_PATH
const BENCHMARKS = ['burst', 'stream', 'selectors', 'receive', 'memory', 'size', 'tabs']
const only = new Set(flags.only ? flags.only.split(',') : BENCHMARKS)
for (const name of only)
  if (!BENCHMARKS.includes(name)) throw new Error(`--only: unknown benchmark ${name}; known: ${BENCHMARKS.join(', ')}`)
if (flags.write && (flags.quick || flags.only || flags['no-browser']))
  throw new Error('--write needs the full run: drop --quick, --only and --no-browser')

const LIBRARIES = ['react-glock', 'react-use-websocket', 'baseline']
const PARAMS = flags.quick
  ? {
      rounds: 1,
      burst: { components: 10, messages: 1000, timeout: 30_000 },
      stream: { components: 10, rate: 2000, duration: 500, timeout: 30_000 },
      selectors: { keys: 100, messages: 300, timeout: 30_000 },
      paced: { keys: 100, messages: 10, timeout: 30_000 },
      receive: { messages: 20_000, rounds: 1 },
      memory: { keys: 100, batch: 50, warmup: 50 },
    }
  : {
      rounds: 5,
      burst: { components: 10, messages: 10_000, timeout: 120_000 },
      stream: { components: 10, rate: 2000, duration: 5000, timeout: 120_000 },
      selectors: { keys: 100, messages: 2000, timeout: 120_000 },
      paced: { keys: 100, messages: 60, timeout: 120_000 },
      receive: { messages: 200_000, rounds: 3 },
      memory: { keys: 1000, batch: 100, warmup: 200 },
    }

if (flags.rounds !== undefined) {
  if (flags.write) throw new Error('--write needs the full run: drop --rounds')
  PARAMS.rounds = Number(flags.rounds)
  if (!Number.isInteger(PARAMS.rounds) || PARAMS.rounds < 1)
    throw new Error(`--rounds must be a whole number ≥ 1; got ${flags.rounds}`)
}

const log = (...args) => console.error(...args)

/** The server worker, and `control(command)` to make it send. */
const startServer = (pages) => startWorkerServer(new URL('./server.mjs', import.meta.url), pages)

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b)
  if (sorted.length === 0) return undefined
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Runs `once(library)` for each library, `rounds` times, rotating the order each round so that no
 * library always goes first. Times and counts are medians; lost messages and time-outs the worst.
 */
async function compare(label, rounds, once) {
  const runs = Object.fromEntries(LIBRARIES.map((library) => [library, []]))
  for (let round = 0; round < rounds; round++) {
    const order = LIBRARIES.map((_, i) => LIBRARIES[(i + round) % LIBRARIES.length])
    for (const library of order) {
      const result = await once(library)
      runs[library].push(result)
      log(`  ${label} ${library}: ${summary(result)}`)
    }
  }
  return Object.fromEntries(
    LIBRARIES.map((library) => {
      const all = runs[library]
      const merged = {}
      for (const name of Object.keys(all[0])) {
        const values = all.map((run) => run[name]).filter((value) => value !== undefined)
        if (values.length === 0) continue
        merged[name] =
          name === 'lost' || name === 'leftOpen'
            ? Math.max(...values)
            : name === 'timedOut'
              ? values.some(Boolean)
              : median(values)
      }
      merged.timeRange = [Math.min(...all.map((run) => run.time)), Math.max(...all.map((run) => run.time))]
      merged.runs = all.length
      return [library, merged]
    }),
  )
}

function summary(result) {
  return Object.entries(result)
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) => `${name}=${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(1) : value}`,
    )
    .join(' ')
}

/**
 * The React benchmarks in one environment; `once(kind, library, params)` mounts, measures and unmounts one run.
 * A small run of each library through the same components comes first and is not counted: the first run of
 * anything pays for compiling it.
 */
async function inEnvironment(label, once) {
  const kinds = ['burst', 'stream', 'selectors', 'paced'].filter((kind) =>
    only.has(kind === 'paced' ? 'selectors' : kind),
  )
  const warmUp = {
    burst: { components: 10, messages: 1000, timeout: 30_000 },
    selectors: { keys: 100, messages: 300, timeout: 30_000 },
  }
  log(`warming up (${label})`)
  for (const kind of ['burst', 'selectors']) {
    if (!kinds.includes(kind)) continue
    for (const library of LIBRARIES) await once(kind, library, warmUp[kind])
  }
  const results = {}
  for (const kind of kinds) {
    log(`${kind} (${label})`)
    results[kind] = await compare(kind, kind === 'stream' ? 1 : PARAMS.rounds, (library) =>
      once(kind, library, PARAMS[kind]),
    )
  }
  return results
}

// ---------------------------------------------------------------------------------------------

async function receivePath({ base, control, core, params }) {
  const { WebSocket } = await import('ws')
  const silent = { debug() {}, warn() {}, error() {} }
  let runs = 0

  async function measure(name, open) {
    const path = `/receive/${++runs}/${name}`
    let finish
    const done = new Promise((resolve) => (finish = resolve))
    const close = await open(base + path, (count) => count === params.messages && finish(performance.now()))
    await control({ cmd: 'prepare', count: params.messages })
    const before = performance.eventLoopUtilization()
    const start = performance.now()
    await control({ cmd: 'burst', path, count: params.messages })
    const end = await done
    const busy = performance.eventLoopUtilization(before).active
    close()
    await control({ cmd: 'drained', prefix: path, timeout: 10_000 })
    return { time: end - start, rate: params.messages / ((end - start) / 1000), busy }
  }

  const raw = (url, progress) =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(url)
      let count = 0
      socket.onerror = reject
      socket.onmessage = (event) => {
        JSON.parse(event.data)
        progress(++count)
      }
      socket.onopen = () => resolve(() => socket.close())
    })

  const glock = (url, progress) =>
    new Promise((resolve) => {
      const connection = core.connect(
        url,
        {
          init: () => ({ seq: -1, count: 0 }),
          receive(frame, state) {
            if (frame.type !== 'text') return { state }
            const next = { seq: JSON.parse(frame.data).seq, count: state.count + 1 }
            progress(next.count)
            return { state: next }
          },
        },
        { WebSocket, logger: silent },
      )
      // A subscriber, as a component would have: notifications are batched (a 16 ms timer in Node).
      const unsubscribe = connection.subscribe(() => {
        if (connection.getSnapshot().status === 'open') resolve(stop)
      })
      const stop = () => {
        unsubscribe()
        connection.close()
      }
      if (connection.getSnapshot().status === 'open') resolve(stop)
    })

  const results = { raw: [], glock: [] }
  // Round 0 warms both paths up (JIT) and is not counted.
  for (let round = 0; round <= params.rounds; round++) {
    for (const [name, open] of round % 2
      ? [
          ['glock', glock],
          ['raw', raw],
        ]
      : [
          ['raw', raw],
          ['glock', glock],
        ]) {
      const result = await measure(name, open)
      if (round > 0) results[name].push(result)
      log(`  receive ${name}${round === 0 ? ' (warm-up)' : ''}: ${summary(result)}`)
    }
  }
  const pick = (list) => ({
    time: median(list.map((r) => r.time)),
    rate: median(list.map((r) => r.rate)),
    busy: median(list.map((r) => r.busy)),
  })
  return { messages: params.messages, raw: pick(results.raw), connect: pick(results.glock) }
}

async function heapAfterGc() {
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    globalThis.gc()
  }
  return process.memoryUsage().heapUsed
}

async function memory({ bench, params }) {
  // Warm up each library first, so that code compiled on first use is not counted against the first one measured.
  for (const library of LIBRARIES) await bench.churn(library, params.warmup, params.batch)
  const result = {}
  for (const library of LIBRARIES) {
    const before = await heapAfterGc()
    const start = performance.now()
    const { leftOpen } = await bench.churn(library, params.keys, params.batch)
    const time = performance.now() - start
    const after = await heapAfterGc()
    result[library] = { keys: params.keys, before, after, delta: after - before, time, leftOpen }
    log(`  memory ${library}: ${((after - before) / 1024).toFixed(0)} KiB after ${params.keys} keys`)
  }
  const registry = globalThis[Symbol.for('react-glock.registry')]
  result['react-glock'].registryLeft = registry ? registry.size : 0
  return result
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now()
  // Every wait in the benchmarks has its own time-out; this one is for whatever was not foreseen, so CI never hangs.
  const limit = flags.quick ? 4 * 60_000 : 20 * 60_000
  setTimeout(() => {
    console.error(`bench: still running after ${limit / 60_000} minutes; giving up`)
    process.exit(2)
  }, limit).unref()
  const tmp = mkdtempSync(join(tmpdir(), 'react-glock-bench-'))
  const browser = !flags['no-browser'] && ['burst', 'stream', 'selectors', 'tabs'].some((name) => only.has(name))
  if (browser && !existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH, or pass --no-browser to skip the browser runs)`,
    )
  }
  log('building bundles (esbuild, react-glock from src/)…')
  await Promise.all([
    buildApp('node', join(tmp, 'app.mjs')),
    buildApp('browser', join(tmp, 'app.js')),
    buildCore(join(tmp, 'core.mjs')),
  ])
  writeFileSync(
    join(tmp, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>react-glock bench</title><div id="root"></div><script src="/app.js"></script>\n',
  )
  const server = await startServer({
    '/': { file: join(tmp, 'index.html'), type: 'text/html; charset=utf-8' },
    '/app.js': { file: join(tmp, 'app.js'), type: 'text/javascript; charset=utf-8' },
  })
  const origin = `http://127.0.0.1:${server.port}`
  const base = `ws://127.0.0.1:${server.port}`
  const { control } = server
  const results = { params: PARAMS, quick: flags.quick, environment: environment(), jsdom: {}, chromium: {} }

  try {
    // Node without React first, before jsdom puts a window in the globals.
    if (only.has('receive')) {
      log('receive path (Node, no React)')
      const core = await import(pathToFileURL(join(tmp, 'core.mjs')).href)
      results.receive = await receivePath({ base, control, core, params: PARAMS.receive })
    }

    const dom = installJsdom(origin)
    const { createBench } = await import(pathToFileURL(join(tmp, 'app.mjs')).href)
    const bench = createBench({ base, control, container: dom.container })
    results.jsdom = await inEnvironment(`Node + jsdom ${results.environment.jsdom}`, async (kind, library, params) => {
      await bench.prepare(kind, library, params)
      const before = performance.eventLoopUtilization()
      const result = await bench.go()
      const busy = performance.eventLoopUtilization(before).active
      const { leftOpen } = await bench.finish()
      return { ...result, busy, leftOpen }
    })
    if (only.has('memory')) {
      log('memory (Node + jsdom, --expose-gc)')
      results.memory = await memory({ bench, params: PARAMS.memory })
    }

    if (browser && ['burst', 'stream', 'selectors'].some((name) => only.has(name)))
      await chromiumRuns({ origin, results })
    if (browser && only.has('tabs')) {
      log('across tabs (Chromium: N pages of one browser context, each a tab)')
      results.tabs = await runTabs({ quick: flags.quick, log })
    }
    if (only.has('size')) {
      log('bundle sizes (esbuild --minify, NODE_ENV=production, react external, gzip -9)')
      results.size = await bundleSizes()
      // The budget is size-limit's, measured on the built package exactly as `npm run size` does.
      log('size-limit on a fresh build (tsup, then size-limit --json)')
      execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: 'ignore' })
      results.sizeLimit = JSON.parse(execFileSync('npx', ['size-limit', '--json'], { cwd: root, encoding: 'utf8' }))
    }
  } finally {
    await server.stop()
    rmSync(tmp, { recursive: true, force: true })
  }
  results.duration = (Date.now() - started) / 1000
  const { failures } = report(results, { write: flags.write, root })
  const tabsFailures = results.tabs ? reportTabs(results.tabs, { write: flags.write }).failures : []
  if (failures.length + tabsFailures.length > 0) process.exitCode = 1
  // jsdom's window keeps timers alive; everything is measured, so leave.
  process.exit(process.exitCode ?? 0)
}

async function chromiumRuns({ origin, results }) {
  const { chromium } = await import('playwright-core')
  const profile = mkdtempSync(join(tmpdir(), 'react-glock-bench-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    const errors = []
    page.on('pageerror', (error) => errors.push(error))
    await page.goto(`${origin}/`)
    await page.waitForFunction(() => window.bench !== undefined)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    const { product } = await cdp.send('Browser.getVersion')
    results.environment.chromium = product
    /** Seconds the renderer's main thread spent in tasks, as DevTools' Performance panel counts them. */
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value
    results.chromium = await inEnvironment(product, async (kind, library, params) => {
      await page.evaluate(([k, l, p]) => window.bench.prepare(k, l, p), [kind, library, params])
      const before = await taskSeconds()
      const result = await page.evaluate(() => window.bench.go())
      const busy = ((await taskSeconds()) - before) * 1000
      const { leftOpen } = await page.evaluate(() => window.bench.finish())
      if (errors.length > 0) throw errors[0]
      return { ...result, busy, leftOpen }
    })
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}

function environment() {
  const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version
  return {
    date: new Date().toISOString(),
    // Other work on the machine slows every library alike within a run, but say how busy it was.
    load: loadavg()[0].toFixed(1),
    node: process.version,
    os: `${platform()} ${release()}`,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    react: version('react'),
    'react-use-websocket': version('react-use-websocket'),
    jsdom: version('jsdom'),
    partysocket: version('partysocket'),
    ws: version('ws'),
    esbuild: version('esbuild'),
    command: `node bench/run.mjs${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
  }
}

await main()
