// Turns the results into tables, target checks and a chart; prints them, and with --write puts them
// into docs/benchmarks.md (between the bench:results markers) and docs/bench-summary.svg.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { barChart } from './chart.mjs'

const LIBRARIES = ['react-glock', 'react-use-websocket', 'baseline']
const NAMES = {
  'react-glock': 'react-glock',
  'react-use-websocket': 'react-use-websocket',
  baseline: 'hand-written baseline',
}
// One budget for the whole repo: the limit of the hook's entry in .size-limit.cjs ("5.2 kB": kB = 1000 bytes).
const sizeLimit = createRequire(import.meta.url)('../.size-limit.cjs')[0].limit
const SIZE_BUDGET = parseFloat(sizeLimit) * 1000
/** The size the package aims at for the hook, reported beside the budget. */
const SIZE_GOAL = 6000
const MEMORY_BUDGET = 1024 * 1024

const START = '<!-- bench:results:start -->'
const END = '<!-- bench:results:end -->'

const integer = (value) => (value === undefined ? '–' : Math.round(value).toLocaleString('en-US'))
const ms = (value) =>
  value === undefined
    ? '–'
    : value === 0
      ? '0 ms'
      : value >= 1000
        ? `${(value / 1000).toFixed(2)} s`
        : `${value.toFixed(value < 10 ? 1 : 0)} ms`
const times = (value) =>
  value === undefined || !Number.isFinite(value)
    ? '–'
    : `${value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2)}×`
/** The fastest and slowest of the rounds, e.g. `340–520 ms`. */
const spread = ([low, high]) =>
  high >= 1000
    ? `${(low / 1000).toFixed(2)}–${(high / 1000).toFixed(2)} s`
    : `${Math.round(low)}–${Math.round(high)} ms`
const bytes = (value) => `${(value / 1000).toFixed(2)} kB`
const kib = (value) => `${value < 0 ? '−' : '+'}${(Math.abs(value) / 1024).toFixed(0)} KiB`
const ENVIRONMENTS = [
  ['jsdom', 'Node + jsdom'],
  ['chromium', 'Chromium'],
]

/** A markdown table; `textColumns` leading columns are left-aligned, the figures after them right-aligned. */
function table(header, rows, textColumns = 1) {
  const rule = header.map((_, i) => (i < textColumns ? '---' : '---:'))
  return [header, rule, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n')
}

/** Every target of docs/benchmarks.md with its figure; `gate` ones fail `--quick` (none of them is a time). */
function targets(results) {
  const checks = []
  const check = (target, figure, ok, gate) => checks.push({ target, figure, ok, gate })
  for (const [env, label] of ENVIRONMENTS) {
    const burst = results[env]?.burst
    if (!burst) continue
    const commitRatio = burst['react-use-websocket'].commits / burst['react-glock'].commits
    check(
      `Burst, ${label}: ≥ 10× fewer commits than react-use-websocket`,
      `${times(commitRatio)} (${integer(burst['react-glock'].commits)} vs ${integer(burst['react-use-websocket'].commits)})`,
      commitRatio >= 10,
      true,
    )
    if (env === 'jsdom') {
      const timeRatio = burst['react-use-websocket'].time / burst['react-glock'].time
      check(
        `Burst, ${label}: ≥ 5× less time than react-use-websocket`,
        `${times(timeRatio)} (${ms(burst['react-glock'].time)} vs ${ms(burst['react-use-websocket'].time)})`,
        timeRatio >= 5,
        false,
      )
    } else {
      const floorRatio = burst['react-glock'].time / burst.baseline.time
      check(
        `Burst, ${label}: time within 1.15× of the hand-written baseline`,
        `${times(floorRatio)} (${ms(burst['react-glock'].time)} vs ${ms(burst.baseline.time)})`,
        floorRatio <= 1.15,
        false,
      )
    }
  }
  for (const [env, label] of ENVIRONMENTS) {
    const { selectors, paced } = results[env] ?? {}
    if (!selectors || !paced) continue
    const glock = selectors['react-glock']
    const stepped = paced['react-glock']
    const ok =
      glock.wasted === 0 &&
      !glock.timedOut &&
      stepped.commits === stepped.sent &&
      stepped.wasted === 0 &&
      !stepped.timedOut
    check(
      `Selectors, ${label}: commits only in components whose key changed`,
      `${integer(glock.wasted)} commits without a change; ${(stepped.commits / stepped.sent).toFixed(2)} commits per message one at a time`,
      ok,
      true,
    )
  }
  const lostRuns = []
  for (const [env, label] of ENVIRONMENTS) {
    for (const kind of ['burst', 'stream']) {
      const run = results[env]?.[kind]?.['react-glock']
      if (run) lostRuns.push({ name: `${kind} in ${label}`, lost: run.lost, timedOut: run.timedOut })
    }
  }
  if (lostRuns.length > 0) {
    const lost = lostRuns.reduce((sum, run) => sum + run.lost, 0)
    const stuck = lostRuns.filter((run) => run.timedOut).map((run) => run.name)
    check(
      'Zero lost messages (react-glock, burst and stream)',
      `${lost} lost${stuck.length ? `; timed out: ${stuck.join(', ')}` : ''}`,
      lost === 0 && stuck.length === 0,
      true,
    )
  }
  if (results.memory) {
    const glock = results.memory['react-glock']
    check(
      `Memory: heap after GC within 1 MB of the start after opening and closing ${integer(glock.keys)} keys`,
      `${kib(glock.delta)}, ${glock.leftOpen} sockets left open, ${glock.registryLeft} registry entries left`,
      glock.delta <= MEMORY_BUDGET && glock.leftOpen === 0 && glock.registryLeft === 0,
      false,
    )
  }
  if (results.sizeLimit) {
    // size-limit's own figure for the built package: the number `npm run size` gates on.
    const hook = results.sizeLimit[0]
    check(
      `Bundle: size-limit, ${hook.name}, within its budget (${sizeLimit})`,
      `${bytes(hook.size)} (${integer(hook.size)} B)`,
      hook.passed,
      true,
    )
    check(
      'Bundle: the aim of 6.0 kB for the hook, requests included',
      hook.size <= SIZE_GOAL ? bytes(hook.size) : `${bytes(hook.size)}: ${bytes(hook.size - SIZE_GOAL)} over`,
      hook.size <= SIZE_GOAL,
      false,
    )
  }
  return checks
}

function sections(results) {
  const out = []
  const e = results.environment
  out.push(
    [
      `Measured ${e.date.slice(0, 10)} on ${e.cpu}, ${e.memory}, ${e.os} (load average ${e.load} at the start); Node ${e.node}${e.chromium ? `, ${e.chromium.replace('/', ' ')} (headless, Debian)` : ''};`,
      `React ${e.react} (production), react-use-websocket ${e['react-use-websocket']}, jsdom ${e.jsdom}, ws ${e.ws}, esbuild ${e.esbuild}.`,
      `Command: \`${e.command}\` (${Math.round(results.duration)} s${results.quick ? ', quick counts: not the figures to quote' : ''}).`,
      `Times and counts are medians of ${results.params.rounds} rounds (the stream: one round); lost messages the worst round.`,
    ].join('\n'),
  )

  const checks = targets(results)
  out.push(
    '### Targets\n\n' +
      table(
        ['Target', 'Measured', 'Met'],
        checks.map((c) => [c.target, c.figure, c.ok ? 'yes' : '**no**']),
        3,
      ),
  )
  if (
    results.jsdom.burst &&
    results.chromium.burst &&
    results.jsdom.stream &&
    results.chromium.stream &&
    results.size
  ) {
    out.push('![Burst commits and time, stream main-thread time, bundle size](bench-summary.svg)')
  }

  const burstParams = results.params.burst
  const burstRows = []
  for (const [env, label] of ENVIRONMENTS) {
    const burst = results[env]?.burst
    if (!burst) continue
    for (const library of LIBRARIES) {
      const run = burst[library]
      burstRows.push([
        label,
        NAMES[library],
        integer(run.commits),
        times(run.commits / burst['react-glock'].commits),
        `${ms(run.time)}${run.runs > 1 ? ` <sub>(${spread(run.timeRange)})</sub>` : ''}`,
        times(run.time / burst.baseline.time),
        ms(run.delivered),
        `${run.lost}${run.timedOut ? ' (timed out)' : ''}`,
      ])
    }
  }
  if (burstRows.length) {
    out.push(
      `### Burst: ${integer(burstParams.messages)} messages at once, ${burstParams.components} components on one connection\n\n` +
        'Commits are counted by a layout effect in each of the components; the time runs from the command to the server until every component has committed the last message (median, with the fastest and slowest round). ' +
        '"Delivered" is when the last message reached user code (the reducer, `onMessage`, `onmessage`): the rest of the time is rendering that had to wait.\n\n' +
        table(
          [
            'Environment',
            'Library',
            'Commits',
            'Commits vs react-glock',
            'Time to last message',
            'Time vs baseline',
            'Delivered',
            'Lost',
          ],
          burstRows,
          2,
        ),
    )
  }

  const streamParams = results.params.stream
  const streamRows = []
  let streamBrowser = false
  for (const [env, label] of ENVIRONMENTS) {
    const stream = results[env]?.stream
    if (!stream) continue
    for (const library of LIBRARIES) {
      const run = stream[library]
      const row = [
        label,
        NAMES[library],
        ms(run.busy),
        `${((100 * run.busy) / run.time).toFixed(0)} %`,
        times(run.busy / stream.baseline.busy),
        integer(run.commits),
        ms(Math.max(0, run.time - streamParams.duration)),
        String(run.lost),
      ]
      if (env === 'chromium') {
        streamBrowser = true
        row.push(
          `${run.longTasks} (${ms(run.longTaskMs)})`,
          `${run.droppedFrames} of ${run.frames + run.droppedFrames}`,
        )
      } else row.push('–', '–')
      streamRows.push(row)
    }
  }
  if (streamRows.length) {
    out.push(
      `### Stream: ${integer(streamParams.rate)} messages per second for ${streamParams.duration / 1000} s, ${streamParams.components} components\n\n` +
        "Main-thread busy time: the event loop's active time in Node (`performance.eventLoopUtilization`), the renderer main thread's task time in Chromium (DevTools protocol `Performance.getMetrics` → `TaskDuration`). " +
        "Lag: how long after the stream's nominal end every component showed the last message." +
        (streamBrowser
          ? ' Long tasks: tasks over 50 ms (`PerformanceObserver`). Dropped frames: 60 Hz frames that no `requestAnimationFrame` callback ran in.'
          : '') +
        '\n\n' +
        table(
          [
            'Environment',
            'Library',
            'Main thread busy',
            'Of the run',
            'Busy vs baseline',
            'Commits',
            'Lag',
            'Lost',
            'Long tasks',
            'Dropped frames',
          ],
          streamRows,
          2,
        ),
    )
  }

  const selectorRows = []
  for (const [env, label] of ENVIRONMENTS) {
    const { selectors, paced } = results[env] ?? {}
    if (!selectors) continue
    for (const library of LIBRARIES) {
      const run = selectors[library]
      const step = paced?.[library]
      selectorRows.push([
        label,
        NAMES[library],
        (run.commits / run.sent).toFixed(3),
        integer(run.wasted),
        ms(run.time),
        step ? (step.commits / step.sent).toFixed(2) : '–',
      ])
    }
  }
  if (selectorRows.length) {
    const s = results.params.selectors
    out.push(
      `### Selectors: ${s.keys} components, each showing one of ${s.keys} keys\n\n` +
        `${integer(s.messages)} messages at once, each changing one key (skewed: a few keys often, most rarely, some never); then ${results.params.paced.messages} messages one at a time, each waited for. ` +
        'react-glock components use `select`; react-use-websocket ones use its `filter` option (which parses every message once per component), since without it every component renders for every message; ' +
        "the baseline keeps the state in one component and passes each key to a `memo` child (the parent's own commits are not counted).\n\n" +
        table(
          [
            'Environment',
            'Library',
            'Commits per message (at once)',
            'Commits without a change',
            'Time to last message',
            'Commits per message (one at a time)',
          ],
          selectorRows,
          2,
        ),
    )
  }

  if (results.receive) {
    const r = results.receive
    out.push(
      `### Receive path without React (Node)\n\n${integer(r.messages)} messages written to the socket at once; the reducer parses each (as the raw handler does) and a subscriber is attached. Median of ${results.params.receive.rounds} rounds after a warm-up.\n\n` +
        table(
          ['Path', 'Messages per second', 'Time', 'Main thread busy', 'vs raw'],
          [
            ['raw `ws` `onmessage` + `JSON.parse`', integer(r.raw.rate), ms(r.raw.time), ms(r.raw.busy), '1.00×'],
            [
              '`connect()` with a `receive` reducer',
              integer(r.connect.rate),
              ms(r.connect.time),
              ms(r.connect.busy),
              times(r.connect.rate / r.raw.rate),
            ],
          ],
        ),
    )
  }

  if (results.memory) {
    const m = results.memory
    out.push(
      `### Memory: open and close ${integer(m['react-glock'].keys)} keys\n\n` +
        `One component per key, mounted ${results.params.memory.batch} at a time, each waiting for its socket to open, then unmounted until the server has seen every socket close; heap used after \`gc()\` (node --expose-gc), before and after, each library warmed up first.\n\n` +
        table(
          ['Library', 'Heap change', 'Sockets left open', 'Time'],
          LIBRARIES.map((library) => [
            NAMES[library],
            kib(m[library].delta),
            String(m[library].leftOpen),
            ms(m[library].time),
          ]),
        ),
    )
  }

  if (results.size) {
    const entries = Object.entries(results.size)
    out.push(
      '### Bundle size\n\n' +
        "One import each, bundled by esbuild the same way as size-limit does it (`--bundle --minify`, browser platform, license comments left out, `process.env.NODE_ENV` = `\"production\"`, react and react-dom external), compressed with Node's zlib (gzip level 9, brotli quality 11). react-glock is bundled from `src/`. The budget gate uses size-limit's own figure for the built package (the `npm run size` check), which subtracts esbuild's empty-project overhead and so reads a little lower.\n\n" +
        table(
          ['Import', 'Minified', 'min+gzip', 'min+brotli', 'gzip vs react-glock'],
          entries.map(([name, size]) => [
            `\`${name === 'react-glock' ? "import { useGlock } from 'react-glock'" : name === 'react-use-websocket' ? "import useWebSocket from 'react-use-websocket'" : "import { useWebSocket } from 'partysocket/react'"}\``,
            integer(size.minified) + ' B',
            integer(size.gzip) + ' B',
            integer(size.brotli) + ' B',
            times(size.gzip / results.size['react-glock'].gzip),
          ]),
        ),
    )
  }
  return { text: out.join('\n\n'), checks }
}

function chart(results) {
  const envBars = (kind, metric) =>
    ENVIRONMENTS.filter(([env]) => results[env]?.[kind]).map(([env, label]) => ({
      label,
      bars: LIBRARIES.map((library) => ({ series: library, value: results[env][kind][library][metric] })),
    }))
  const b = results.params.burst
  const s = results.params.stream
  return barChart({
    title: 'react-glock vs react-use-websocket vs a hand-written WebSocket + useState',
    subtitle: `${results.environment.date.slice(0, 10)} · ${results.environment.cpu} · Node ${results.environment.node} · ${results.environment.chromium ?? ''} · node bench/run.mjs`,
    panels: [
      {
        title: `Burst: React commits (${integer(b.messages)} messages, ${b.components} components)`,
        scale: 'log',
        format: (v) => integer(v),
        groups: envBars('burst', 'commits'),
      },
      {
        title: 'Burst: time until every component shows the last message',
        scale: 'log',
        format: (v) => ms(v),
        groups: envBars('burst', 'time'),
      },
      {
        title: `Stream: main-thread busy time (${integer(s.rate)} msg/s for ${s.duration / 1000} s)`,
        scale: 'linear',
        format: (v) => ms(v),
        groups: envBars('stream', 'busy'),
      },
      {
        title: 'Bundle: min+gzip',
        scale: 'linear',
        format: (v) => bytes(v),
        groups: [
          {
            label: 'one hook import',
            bars: Object.entries(results.size).map(([series, size]) => ({ series, value: size.gzip })),
          },
        ],
        markers: [
          { value: SIZE_GOAL, label: 'aim 6.0 kB' },
          { value: SIZE_BUDGET, label: `budget ${sizeLimit}` },
        ],
      },
    ],
  })
}

export function report(results, { write, root }) {
  const { text, checks } = sections(results)
  console.log(`\n${text}\n`)
  const failures = checks.filter((c) => c.gate && !c.ok)
  const misses = checks.filter((c) => !c.gate && !c.ok)
  // Quick counts are too small for the time targets to mean anything (one animation frame is most of a 1,000-message burst).
  const missed = results.quick ? 'not met at quick counts (not a gate)' : 'target missed (not a gate)'
  for (const miss of misses) console.log(`${missed}: ${miss.target}: ${miss.figure}`)
  for (const failure of failures) console.log(`FAILED: ${failure.target}: ${failure.figure}`)
  if (failures.length === 0) console.log('All gates passed (lost messages, commit targets, size budget).')
  if (write) {
    const file = join(root, 'docs', 'benchmarks.md')
    const doc = readFileSync(file, 'utf8')
    const start = doc.indexOf(START)
    const end = doc.indexOf(END)
    if (start < 0 || end < start) throw new Error(`${file} lacks the ${START} … ${END} markers`)
    writeFileSync(
      file,
      `${doc.slice(0, start + START.length)}\n<!-- Written by node bench/run.mjs --write: edit the script, not this section. -->\n\n${text}\n\n${doc.slice(end)}`,
    )
    writeFileSync(join(root, 'docs', 'bench-summary.svg'), chart(results))
    writeReadmeSummary(join(root, 'README.md'), results, checks)
    console.log(`wrote ${file}, docs/bench-summary.svg and README.md's summary`)
  }
  return { failures }
}

const README_START = '<!-- bench:summary:start -->'
const README_END = '<!-- bench:summary:end -->'

/** The README's performance summary: the targets with this run's figures, never copied by hand. */
function writeReadmeSummary(file, results, checks) {
  const readme = readFileSync(file, 'utf8')
  const start = readme.indexOf(README_START)
  const end = readme.indexOf(README_END)
  if (start < 0 || end < start) throw new Error(`${file} lacks the ${README_START} … ${README_END} markers`)
  const e = results.environment
  const rows = checks.map((c) => [c.target, c.figure, c.ok ? 'yes' : '**no**'])
  const summary = [
    '<!-- Written by npm run bench:docs (bench/report.mjs): edit the script, not this section. -->',
    '',
    `Run of ${e.date.slice(0, 10)} on ${e.cpu}: Node ${e.node}${e.chromium ? `, ${e.chromium.replace('/', ' ')} (headless)` : ''}, React ${e.react} (production); the full tables are in [docs/benchmarks.md](docs/benchmarks.md).`,
    '',
    table(['Target', 'Measured', 'Met'], rows, 3),
  ].join('\n')
  writeFileSync(file, `${readme.slice(0, start + README_START.length)}\n${summary}\n${readme.slice(end)}`)
}
