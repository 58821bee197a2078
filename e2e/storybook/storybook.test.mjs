// End to end over the built Storybook: each story is opened in Debian's Chromium and exercised against
// the real demo server (started here on port 0, its address handed over with ?glockUrl=), and again
// against the in-browser mock (the Across tabs story in two pages of one browser context, which share
// BroadcastChannel and Web Locks as tabs of one profile do); then the Storybook UI itself (sidebar, Backend toolbar switch), and a
// `storybook dev` server, which alone would show the onboarding checklist, shows none. No console
// errors are allowed, apart from Chromium's own report of each upgrade the Reconnect playground has the
// server refuse on purpose.
//
//   node --test --test-reporter=spec e2e/storybook/demo-server.test.mjs e2e/storybook/storybook.test.mjs
//   UPDATE_SCREENSHOTS=1 …   also refreshes docs/screenshots/*.png (stories on the real backend, and the UI)
//   STORYBOOK_STATIC_DIR=…   tests an existing build instead of building one into a temporary directory
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { startDemoServer } from '../../demo/server.mjs'
import { launchChromium, waitUntil } from './browser.mjs'
import { serveStatic } from './static-server.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots')
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1'
const REFUSED_RPC_HANDSHAKE =
  /^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/rpc' failed: Error during WebSocket handshake: Unexpected response code: 403$/
const REFUSED_HANDSHAKE =
  /^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/reconnect' failed: Error during WebSocket handshake: Unexpected response code: 403$/

/** Ticker pace in ms for both backends: fast enough for 60 ticks in a few seconds. */
const TICK = 50

let built = null
let site
let demo
let browser

/** `storybook build` into a temporary directory, as `npm run build-storybook` does into storybook-static. */
async function buildStorybook() {
  const out = await mkdtemp(join(tmpdir(), 'react-glock-storybook-'))
  const bin = join(ROOT, 'node_modules', 'storybook', 'dist', 'bin', 'dispatcher.js')
  const child = spawn(process.execPath, [bin, 'build', '--output-dir', out, '--disable-telemetry', '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout.on('data', (chunk) => (log += chunk))
  child.stderr.on('data', (chunk) => (log += chunk))
  const code = await new Promise((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`storybook build failed (${code}):\n${log}`)
  return out
}

/**
 * `storybook dev` on a free port of 127.0.0.1, for what only the dev server shows (the onboarding checklist).
 * Resolves once it says where it listens; `close()` stops it.
 */
async function startStorybookDev() {
  const free = createServer()
  await new Promise((resolve) => free.listen(0, '127.0.0.1', resolve))
  const port = free.address().port
  await new Promise((resolve) => free.close(resolve))
  const bin = join(ROOT, 'node_modules', 'storybook', 'dist', 'bin', 'dispatcher.js')
  // Without --exact-port a port taken in the meantime makes Storybook pick another: the URL is read from its output.
  const args = ['dev', '-p', String(port), '--host', '127.0.0.1', '--ci', '--no-open']
  const child = spawn(process.execPath, [bin, ...args, '--disable-telemetry', '--no-version-updates'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const exited = new Promise((resolve) => child.on('exit', resolve))
  const url = await new Promise((resolve, reject) => {
    const read = (chunk) => {
      log += chunk
      const match = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stripVTControlCharacters(log))
      if (match) resolve(match[1])
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    exited.then((code) => reject(new Error(`storybook dev exited (${code}) before listening:\n${log}`)))
  })
  return {
    url,
    async close() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

before(async () => {
  const dir = process.env.STORYBOOK_STATIC_DIR ?? (built = await buildStorybook())
  site = await serveStatic(dir)
  // Greetings only on connect, so what a story shows after a push is the push's echo; demo-server.test.mjs checks the periodic ones.
  demo = await startDemoServer({ port: 0, greetingInterval: 0, tickInterval: TICK })
  browser = await launchChromium()
  if (UPDATE) await mkdir(SCREENSHOTS, { recursive: true })
})

after(async () => {
  await browser?.close()
  await site?.close()
  await demo?.close()
  if (built) await rm(built, { recursive: true, force: true })
})

/**
 * Watches a page of a story: returns `snap(name)` and `finish()`, which closes it and asserts there were no
 * console errors but those `allowed`.
 */
function watchStory(page, backend) {
  const errors = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`))
  return {
    page,
    /** With UPDATE_SCREENSHOTS=1, saves docs/screenshots/<name>.png (real backend only). */
    async snap(name) {
      if (UPDATE && backend === 'real')
        await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
    },
    async finish({ allowed = null } = {}) {
      await page.close()
      const unexpected = errors.filter((text) => !(allowed && allowed.test(text)))
      assert.deepEqual(unexpected, [], 'console errors')
      return errors.length - unexpected.length
    },
  }
}

/** Waits for a story's first status panel, and checks the page is on `backend`. */
async function storyShown(page, backend) {
  await page.locator('[data-testid=status-panel]').first().waitFor({ timeout: 15_000 })
  const kind = await page.locator('[data-testid=backend]').getAttribute('data-kind')
  assert.equal(kind, backend, 'the toolbar global picks the backend')
}

/**
 * Opens a story in its own page. `args` are Storybook URL args (`name:value;…`); `query`, more parameters for
 * the page's URL. Returns the page, `snap(name)` and `finish()` (see watchStory).
 */
async function openStory(id, backend, { args = '', query: more = {} } = {}) {
  const page = await browser.context.newPage()
  const story = watchStory(page, backend)
  // glockUrl: where the real server is; glockTick: the mock ticker's pace, as fast as the real one here.
  const query = new URLSearchParams({
    id,
    viewMode: 'story',
    globals: `backend:${backend}`,
    glockUrl: demo.url,
    glockTick: String(TICK),
    ...more,
  })
  if (args) query.set('args', args)
  await page.goto(`${site.url}/iframe.html?${query}`)
  await storyShown(page, backend)
  return story
}

/** The raw values of the nth status panel. */
const panel = (page, index = 0) =>
  page.evaluate((n) => {
    const element = document.querySelectorAll('[data-testid=status-panel]')[n]
    if (!element) return null
    const data = element.dataset
    return {
      status: data.status,
      attempt: Number(data.attempt),
      nextRetryAt: data.nextRetryAt,
      closeCode: data.lastCloseCode === '' ? null : Number(data.lastCloseCode),
      closeReason: data.lastCloseReason,
      error: data.errorCode,
    }
  }, index)

const waitStatus = (page, status, index = 0, timeout = 10_000) =>
  waitUntil(
    page,
    `status ${status}`,
    (n) => document.querySelectorAll('[data-testid=status-panel]')[n]?.dataset.status ?? null,
    (value) => value === status,
    { arg: index, timeout },
  )

const textOf = (page, testId) =>
  waitUntil(
    page,
    `[data-testid=${testId}]`,
    (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? null,
    (v) => v !== null,
    { arg: testId },
  )

const waitText = (page, testId, check, what = testId) =>
  waitUntil(
    page,
    what,
    (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? null,
    (value) => value !== null && check(value),
    { arg: testId },
  )

const ACROSS_TABS = 'demos-across-tabs--across-tabs'
/** The Across tabs pages: narrow, so that two side by side make one screenshot. */
const TAB_VIEWPORT = { width: 640, height: 640 }

/** The Across tabs story's part for this tab: 'leader', 'follower' or '' (none yet). */
const tabOf = (page) => page.locator('[data-testid=tab]').getAttribute('data-tab')

const waitTab = (page, tab, what, timeout = 10_000) =>
  waitUntil(
    page,
    `${what} (tab ${tab})`,
    () => document.querySelector('[data-testid=tab]')?.dataset.tab ?? null,
    (value) => value === tab,
    { timeout },
  )

/** Who the pushes in the Across tabs log came from, oldest first. */
const logOf = (page) => page.$$eval('[data-testid=log-entry]', (all) => all.map((e) => e.dataset.from))

/** Sockets in the tabs room of this page's in-browser mock server (the mock has one per page). */
const mockSockets = (page) =>
  page.evaluate(() => globalThis[Symbol.for('react-glock.stories.mock-world')]?.hub.status().rooms.tabs ?? 0)

/**
 * Waits until the server holds `count` sockets in the tabs room: the demo server's GET /control/status, asked from
 * `page`; on the mock, the sum of the in-browser servers of `pages`.
 */
const waitSockets = (page, backend, pages, count, what) =>
  backend === 'real'
    ? waitUntil(
        page,
        `${what}: ${count} in GET /control/status`,
        async (url) => (await (await fetch(url)).json()).rooms.tabs,
        (tabs) => tabs === count,
        { arg: `${demo.httpUrl}/control/status` },
      )
    : (async () => {
        const deadline = Date.now() + 10_000
        for (;;) {
          const each = await Promise.all(pages.map(mockSockets))
          if (each.reduce((a, b) => a + b, 0) === count) return each
          if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(each)}`)
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))))
        }
      })()

/**
 * Two tabs side by side in one image, each under a tab-like title: the pages' screenshots composed by Chromium
 * itself, in a page of their own.
 */
async function composeTabs(path, tabs) {
  const shots = []
  for (const { page, title } of tabs) {
    const png = await page.screenshot({ fullPage: true })
    shots.push({ title, src: `data:image/png;base64,${png.toString('base64')}` })
  }
  const escape = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: shots.length * (TAB_VIEWPORT.width + 18) + 30, height: 400 })
  await page.setContent(`<!doctype html>
    <body style="margin:0;padding:14px;background:#cbd2d9;display:flex;gap:16px;align-items:flex-start;
      font:13px system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933">
      ${shots
        .map(
          ({ title, src }) => `<figure style="margin:0;border-radius:8px;overflow:hidden;background:#fff;
            box-shadow:0 1px 4px rgba(0,0,0,.25)">
            <figcaption style="padding:7px 12px;background:#e4e7eb;border-bottom:1px solid #d9e2ec">
              <span style="display:inline-block;padding:3px 12px;border-radius:6px 6px 0 0;background:#fff;font-weight:600">
                Across tabs · ${escape(title)}</span></figcaption>
            <img src="${src}" style="display:block;width:${TAB_VIEWPORT.width}px">
          </figure>`,
        )
        .join('')}
    </body>`)
  await page.evaluate(() => Promise.all([...document.images].map((image) => image.decode())))
  await page.screenshot({ path, fullPage: true })
  await page.close()
}

for (const backend of ['real', 'mock']) {
  describe(
    `stories against the ${backend === 'real' ? 'real demo server' : 'in-browser mock'}`,
    { timeout: 180_000 },
    () => {
      test('Echo: the defaults echo text and JSON; close, refused push, reconnect', async () => {
        const { page, snap, finish } = await openStory('demos-echo--echo', backend)
        await waitStatus(page, 'open')
        await waitText(page, 'state', (text) => text.startsWith('text {"type":"greeting"'), 'the greeting as the state')
        await page.fill('[data-testid=message]', 'hello from the e2e run')
        await page.click('[data-testid=push-text]')
        await waitText(page, 'state', (text) => text === 'text hello from the e2e run', 'the echo as the state')
        await waitText(page, 'push-result', (text) => text === 'push returned true')
        await page.click('[data-testid=push-object]')
        await waitText(
          page,
          'state',
          (text) => text.startsWith('text {"text":"hello from the e2e run","sentAt":'),
          'the JSON echo',
        )

        await page.click('[data-testid=close]')
        await waitStatus(page, 'closed')
        const closed = await panel(page)
        assert.equal(closed.closeCode, 1000)
        assert.equal(closed.nextRetryAt, '')
        await page.click('[data-testid=push-text]')
        await waitText(page, 'push-result', (text) => text === 'push returned false')
        assert.equal((await panel(page)).error, 'not_open')

        await page.click('[data-testid=reconnect]')
        await waitStatus(page, 'open')
        assert.equal((await panel(page)).error, '')
        await page.fill('[data-testid=message]', 'hello socket!')
        await page.click('[data-testid=push-text]')
        await waitText(page, 'state', (text) => text === 'text hello socket!')
        await snap('echo')
        await finish()
      })

      test('Counter: send counts and JSON-encodes, receive counts text frames and keeps the close frame', async () => {
        const { page, snap, finish } = await openStory('demos-counter--counter', backend)
        await waitStatus(page, 'open')
        await waitText(page, 'received', (text) => text === '1', 'the greeting counted')
        for (let i = 0; i < 3; i++) await page.click('[data-testid=push]')
        await waitText(page, 'sent', (text) => text === '3')
        await waitText(page, 'received', (text) => text === '4', 'three echoes counted')
        assert.equal(await textOf(page, 'last'), '{"text":"hello socket!"}')
        await page.click('[data-testid=push-10]')
        await waitText(page, 'sent', (text) => text === '13')
        await waitText(page, 'received', (text) => text === '14', 'ten more echoes counted')
        await snap('counter')
        await page.click('[data-testid=close]')
        await waitStatus(page, 'closed')
        const state = JSON.parse(await textOf(page, 'state'))
        assert.equal(state.closed.code, 1000)
        assert.equal(state.closed.reason, 'counter done')
        assert.equal(state.sent, 13)
        assert.match(state.connection, backend === 'real' ? /^ws:\/\/127\.0\.0\.1:\d+\/counter$/ : /\/counter$/)
        await page.click('[data-testid=reconnect]')
        await waitStatus(page, 'open')
        await waitText(
          page,
          'received',
          (text) => text === '15',
          'the state survives reconnect() and counts the new greeting',
        )
        await finish()
      })

      test('Chat: panes sharing a key share one socket and one state; messages reach every socket', async () => {
        const { page, snap, finish } = await openStory('demos-chat--chat', backend)
        const panes = page.locator('[data-testid=chat-pane]')
        assert.equal(await panes.count(), 4)
        for (let i = 0; i < 4; i++) await waitStatus(page, 'open', i)
        // Four components, two keys: the server counts two sockets in the room.
        await waitUntil(
          page,
          'every pane to see 2 sockets',
          () => [...document.querySelectorAll('[data-testid=clients]')].map((e) => e.textContent),
          (all) => all.every((v) => v === '2'),
        )
        const ids = await page.$$eval('[data-testid=state-id]', (all) => all.map((e) => e.textContent))
        assert.equal(ids[0], ids[1])
        assert.equal(ids[1], ids[2])
        assert.notEqual(ids[2], ids[3])

        await panes.nth(1).locator('[data-testid=draft]').fill('hi from pane 2')
        await panes.nth(1).locator('[data-testid=send]').click()
        await panes.nth(3).locator('[data-testid=draft]').fill('hello ada')
        await panes.nth(3).locator('[data-testid=draft]').press('Enter')
        const lists = await waitUntil(
          page,
          'both messages in every pane',
          () =>
            [...document.querySelectorAll('[data-testid=messages]')].map((list) =>
              [...list.querySelectorAll('[data-testid=message]')].map((m) => m.textContent),
            ),
          (all) =>
            all.length === 4 &&
            all.every((messages) => messages.includes('ada: hi from pane 2') && messages.includes('grace: hello ada')),
        )
        assert.deepEqual(lists[0], lists[3], 'both sockets saw the same messages in the same order')
        const after = await page.$$eval('[data-testid=state-id]', (all) => all.map((e) => e.textContent))
        assert.equal(new Set(after.slice(0, 3)).size, 1, 'the three shared panes still hold one state object')
        await snap('chat')
        await finish()
      })

      test('Live ticker: with select each component renders only for its own symbol', async () => {
        const { page, snap, finish } = await openStory('demos-live-ticker--live-ticker', backend)
        await waitStatus(page, 'open')
        const read = () => ({
          ticks: Number(document.querySelector('[data-testid=ticks]')?.textContent),
          quotes: [...document.querySelectorAll('[data-testid=quote]')].map((q) => ({
            symbol: q.getAttribute('data-symbol'),
            updates: Number(q.querySelector('[data-testid=updates]')?.textContent),
            renders: Number(q.querySelector('[data-testid=renders]')?.textContent),
          })),
        })
        const seen = await waitUntil(page, '60 ticks', read, (v) => v.ticks >= 60, { timeout: 20_000 })
        assert.equal(seen.quotes.length, 12)
        for (const quote of seen.quotes) {
          // Mount, connecting, open and the first prices: a few renders before the symbol's own updates.
          assert.ok(
            quote.renders <= quote.updates + 5,
            `${quote.symbol}: ${quote.renders} renders for ${quote.updates} updates`,
          )
        }
        const most = Math.max(...seen.quotes.map((q) => q.renders))
        assert.ok(
          most < seen.ticks / 2,
          `with select no component renders on every tick (${most} renders, ${seen.ticks} ticks)`,
        )
        await snap('live-ticker')
        await finish()

        // The control: without select every component renders on (nearly) every tick.
        const whole = await openStory('demos-live-ticker--live-ticker', backend, { args: 'useSelect:!false' })
        await waitStatus(whole.page, 'open')
        const all = await waitUntil(whole.page, '60 ticks', read, (v) => v.ticks >= 60, { timeout: 20_000 })
        const fewest = Math.min(...all.quotes.map((q) => q.renders))
        assert.ok(
          fewest >= all.ticks / 2,
          `without select every component renders on most ticks (${fewest} renders, ${all.ticks} ticks)`,
        )
        await whole.finish()
      })

      test('Reconnect playground: drop, refuse and restart are retried; close() stays closed; reconnect() opens', async () => {
        const { page, snap, finish } = await openStory('demos-reconnect-playground--reconnect-playground', backend, {
          args: 'attempts:50;minDelay:100;maxDelay:1000;refuseSeconds:1;restartSeconds:1',
        })
        await waitStatus(page, 'open')
        await waitText(page, 'greetings', (t) => t === '1')
        const events = () =>
          page.$$eval('[data-testid=event]', (all) =>
            all.map((e) => `${e.getAttribute('data-source')} ${e.textContent}`),
          )

        // Drop: an abnormal close, retried.
        await page.click('[data-testid=drop]')
        await waitText(page, 'opens', (t) => t === '2', 'a reopen after the drop')
        await waitStatus(page, 'open')
        assert.equal((await panel(page)).closeCode, 1006)
        assert.ok((await panel(page)).attempt >= 1)
        await waitText(page, 'greetings', (t) => t === '2', 'the new socket greeted')

        // Refuse, then drop: retries fail with 403 until the refusal ends.
        await page.click('[data-testid=drop-refuse]')
        const retry = await waitUntil(
          page,
          'a retry scheduled',
          () => {
            const element = document.querySelector('[data-testid=status-panel]')
            const at = element?.dataset.nextRetryAt ?? ''
            // The time of day nextRetryAt stands for, in this page's time zone, to the whole millisecond.
            const time = new Date(Math.floor(Number(at)))
            const two = (n) => String(n).padStart(2, '0')
            const expected = `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${String(time.getMilliseconds()).padStart(3, '0')}`
            return { at, expected, shown: element?.querySelector('[data-testid=next-retry]')?.textContent ?? '' }
          },
          (v) => v.at !== '',
        )
        // Shown as a time, HH:MM:SS.mmm, however fine the clock behind nextRetryAt is.
        assert.match(retry.shown, /^in \d+\.\d s \(\d{2}:\d{2}:\d{2}\.\d{3}\)$/)
        assert.equal(retry.shown.slice(-13, -1), retry.expected)
        await waitText(page, 'opens', (t) => t === '3', 'a reopen once the refusal ended')
        await waitStatus(page, 'open')
        const refused = (await events()).filter((line) => line.startsWith('error') && line.includes('socket_error'))
        assert.ok(refused.length >= 1, `failed attempts were reported: ${JSON.stringify(await events())}`)

        // Restart: 1012 from the server, refused for a second, then open again.
        await page.click('[data-testid=restart]')
        await waitText(page, 'opens', (t) => t === '4', 'a reopen after the restart')
        await waitStatus(page, 'open')
        assert.ok((await events()).some((line) => line.includes('close 1012 "demo server restarting"')))

        // close(): closed for good, no retry; reconnect(): open again, state kept.
        await page.click('[data-testid=close]')
        await waitStatus(page, 'closed')
        const closed = await panel(page)
        assert.equal(closed.closeCode, 1000)
        assert.equal(closed.nextRetryAt, '')
        await page.click('[data-testid=reconnect]')
        await waitStatus(page, 'open')
        await waitText(page, 'opens', (t) => t === '5')
        await waitText(page, 'greetings', (t) => t === '5')
        const logged = await page.$$eval('[data-testid=event]', (all) => all.map((e) => e.textContent))
        for (const line of logged) assert.match(line, /^\d{2}:\d{2}:\d{2}\.\d{3} \S/, 'each event starts with its time')
        // Chromium reports each refused handshake on the console itself: those, and only those, are expected.
        await snap('reconnect-playground')
        const expected = await finish({ allowed: backend === 'real' ? REFUSED_HANDSHAKE : null })
        if (backend === 'real') assert.ok(expected >= 1, 'Chromium reported the refused handshakes')
      })

      test('Binary: ArrayBuffers round-trip intact; binaryType blob delivers Blobs', async () => {
        const { page, snap, finish } = await openStory('demos-binary--binary', backend, { args: 'size:4096' })
        await waitStatus(page, 'open')
        for (let i = 0; i < 4; i++) {
          await page.click('[data-testid=push]')
          await waitText(page, 'verdict', (t) => t === 'intact', `round trip ${i + 1}`)
        }
        const hashes = (testId) =>
          page.$$eval(`[data-testid=${testId}] [data-testid=digest]`, (all) =>
            all.map((e) => `${e.dataset.kind} ${e.dataset.bytes} ${e.dataset.hash}`),
          )
        const sent = await hashes('sent')
        assert.equal(sent.length, 4)
        assert.deepEqual(await hashes('received'), sent)
        assert.ok(sent.every((line) => line.startsWith('ArrayBuffer 4096 ')))
        await snap('binary')
        await finish()

        const blob = await openStory('demos-binary--binary', backend, { args: 'size:100;binaryType:blob' })
        await waitStatus(blob.page, 'open')
        await blob.page.click('[data-testid=push]')
        await waitText(blob.page, 'verdict', (t) => t === 'same size (Blob)')
        assert.deepEqual(
          await blob.page.$$eval('[data-testid=received] [data-testid=digest]', (all) =>
            all.map((e) => `${e.dataset.kind} ${e.dataset.bytes}`),
          ),
          ['Blob 100'],
        )
        await blob.finish()
      })

      test('Server close: code and reason reach receive; 4000 ends it, 1012 reconnects, a send step closes', async () => {
        const { page, snap, finish } = await openStory('demos-server-close--server-close', backend)
        await waitStatus(page, 'open')
        await page.click('[data-testid=ask-close]')
        await waitStatus(page, 'closed')
        const frame = () => page.locator('[data-testid=close-frame]').evaluate((e) => ({ ...e.dataset }))
        assert.deepEqual(await frame(), { testid: 'close-frame', code: '4000', reason: 'demo over', wasClean: 'true' })
        assert.match(
          await page.locator('[data-testid=close-frame]').textContent(),
          / at \d{2}:\d{2}:\d{2}\.\d{3}$/,
          'the close frame shows when it came, as a time',
        )
        const closed = await panel(page)
        assert.equal(closed.closeCode, 4000)
        assert.equal(closed.closeReason, 'demo over')
        assert.equal(closed.nextRetryAt, '')
        await snap('server-close')
        await finish()

        const restart = await openStory('demos-server-close--server-close', backend, {
          args: 'code:1012;reason:back soon',
        })
        await waitStatus(restart.page, 'open')
        await waitText(restart.page, 'texts', (t) => t === '1', 'the first greeting')
        await restart.page.click('[data-testid=ask-close]')
        await waitText(restart.page, 'texts', (t) => t === '2', 'the greeting of the reconnected socket')
        await waitStatus(restart.page, 'open')
        assert.deepEqual(
          await restart.page.locator('[data-testid=close-frame]').evaluate((e) => [e.dataset.code, e.dataset.reason]),
          ['1012', 'back soon'],
        )
        await restart.finish()

        const step = await openStory('demos-server-close--server-close', backend, {
          args: 'code:4001;reason:from the send step',
        })
        await waitStatus(step.page, 'open')
        await step.page.click('[data-testid=step-close]')
        await waitStatus(step.page, 'closed')
        assert.deepEqual(
          await step.page
            .locator('[data-testid=close-frame]')
            .evaluate((e) => [e.dataset.code, e.dataset.reason, e.dataset.wasClean]),
          ['4001', 'from the send step', 'true'],
        )
        await step.finish()
      })

      test('Requests: add resolves, slow times out, a resend request survives a server restart', async () => {
        const { page, snap, finish } = await openStory('demos-requests--requests', backend, {
          args: 'a:20;b:22;slowDelay:2000;timeout:300;resendDelay:1500;restartSeconds:1',
        })
        await waitStatus(page, 'open')
        const rows = () =>
          page.$$eval('[data-testid=request]', (all) =>
            all.map((row) => ({ id: row.dataset.id, outcome: row.dataset.outcome, detail: row.dataset.detail })),
          )
        const waitRow = (n, outcome, what) =>
          waitUntil(
            page,
            what,
            (index) => document.querySelectorAll('[data-testid=request]')[index]?.dataset.outcome ?? null,
            (value) => value === outcome,
            { arg: n, timeout: 15_000 },
          )

        await page.click('[data-testid=ask-add]')
        await waitRow(0, 'resolved', 'add resolved')
        assert.deepEqual((await rows())[0], { id: '1', outcome: 'resolved', detail: '42' })

        await page.click('[data-testid=ask-slow]')
        await waitText(page, 'pending', (t) => t === '1', 'the slow request pending')
        await waitRow(1, 'rejected', 'the slow request timed out')
        assert.deepEqual((await rows())[1], { id: '2', outcome: 'rejected', detail: 'request_timeout' })
        await waitText(page, 'pending', (t) => t === '0', 'nothing pending after the timeout')
        // Its late reply still comes, and is ignored.
        await waitText(page, 'replies', (t) => t === '2', 'the late reply seen')
        assert.equal((await rows())[1].outcome, 'rejected')

        await page.click('[data-testid=ask-resend]')
        await waitText(page, 'pending', (t) => t === '1', 'the resend request pending')
        await page.click('[data-testid=restart]')
        await waitUntil(
          page,
          'the restart closed the socket with 1012',
          () => document.querySelector('[data-testid=status-panel]')?.dataset.lastCloseCode,
          (code) => code === '1012',
        )
        assert.equal((await rows())[2].outcome, 'pending', 'still pending across the restart')
        await waitRow(2, 'resolved', 'the resend request resolved after the reconnect')
        await waitStatus(page, 'open')
        assert.deepEqual((await rows())[2], { id: '3', outcome: 'resolved', detail: '"survived the restart"' })
        await waitText(page, 'pending', (t) => t === '0', 'nothing pending at the end')
        assert.ok((await panel(page)).attempt >= 1, 'it reconnected')
        await snap('requests')
        await finish({ allowed: backend === 'real' ? REFUSED_RPC_HANDSHAKE : null })
      })

      test('Across tabs: two tabs share one socket; the follower mirrors it and pushes through it; the leader hands over', async () => {
        const first = await openStory(ACROSS_TABS, backend, { query: { glockTab: 'tab one' } })
        await first.page.setViewportSize(TAB_VIEWPORT)
        await waitStatus(first.page, 'open')
        await waitTab(first.page, 'leader', 'the only tab leads')
        await waitText(first.page, 'sockets', (t) => t === '1', 'the server counts its socket')

        // The button opens this story in a tab of its own, on the same backend: a page of the same browser context.
        const [popup] = await Promise.all([
          browser.context.waitForEvent('page'),
          first.page.click('[data-testid=open-tab]'),
        ])
        const second = watchStory(popup, backend)
        await popup.setViewportSize(TAB_VIEWPORT)
        await storyShown(popup, backend)
        const opened = new URL(popup.url())
        assert.equal(opened.pathname, '/iframe.html')
        assert.equal(opened.searchParams.get('id'), ACROSS_TABS)
        assert.equal(opened.searchParams.get('globals'), `backend:${backend}`)
        assert.equal(opened.searchParams.get('glockUrl'), demo.url)
        assert.equal(opened.searchParams.get('glockTab'), null, 'the new tab names itself')
        const secondName = await textOf(popup, 'tab-name')
        assert.notEqual(secondName, 'tab one')

        await waitTab(popup, 'follower', 'the second tab follows')
        await waitStatus(popup, 'open')
        assert.equal(await tabOf(first.page), 'leader', 'the first tab still leads')
        for (const page of [first.page, popup]) {
          await waitText(page, 'sockets', (t) => t === '1', 'one socket at the server, in both tabs')
          assert.equal(await textOf(page, 'opens'), '1', 'one socket opened so far')
        }
        await waitSockets(popup, backend, [first.page, popup], 1, 'one socket for both tabs')
        if (backend === 'mock') assert.equal(await mockSockets(popup), 0, "the follower's in-browser server has none")

        // A push from the follower goes through the leader's socket and shows in both tabs; then one from the leader.
        await popup.click('[data-testid=add]')
        for (const page of [first.page, popup]) await waitText(page, 'count', (t) => t === '1', "the follower's push")
        await first.page.click('[data-testid=add]')
        for (const page of [first.page, popup]) {
          await waitText(page, 'count', (t) => t === '2', "the leader's push")
          assert.deepEqual(await logOf(page), [secondName, 'tab one'], 'the same pushes, in the same order')
        }
        if (UPDATE && backend === 'real') {
          await composeTabs(join(SCREENSHOTS, 'across-tabs.png'), [
            { page: first.page, title: 'tab one — leader' },
            { page: popup, title: `${secondName} — follower` },
          ])
        }

        // close() from the follower closes the one socket, for both tabs; its reconnect() opens it again.
        await popup.click('[data-testid=close]')
        for (const page of [first.page, popup]) {
          await waitStatus(page, 'closed')
          const closed = await panel(page)
          assert.deepEqual([closed.closeCode, closed.closeReason], [1000, `closed from ${secondName}`])
        }
        await waitSockets(popup, backend, [first.page, popup], 0, 'no socket once closed')
        await popup.click('[data-testid=reconnect]')
        for (const page of [first.page, popup]) {
          await waitText(page, 'opens', (t) => t === '2', 'reopened by the follower')
          await waitStatus(page, 'open')
        }
        await waitSockets(popup, backend, [first.page, popup], 1, 'one socket again')
        assert.equal(await tabOf(first.page), 'leader')
        assert.equal(await tabOf(popup), 'follower')

        // Closing the leader's tab: the follower leads within a second or so, opens a socket and carries the count on.
        await first.finish()
        await waitTab(popup, 'leader', "the follower leads once the leader's tab is gone", 5_000)
        await waitText(popup, 'opens', (t) => t === '3', 'the new leader opened a socket of its own')
        await waitStatus(popup, 'open')
        assert.equal(await textOf(popup, 'count'), '2', 'the count carried on')
        await waitSockets(popup, backend, [popup], 1, 'still one socket at the server')
        await waitText(popup, 'sockets', (t) => t === '1', 'the server says so')
        await popup.click('[data-testid=add]')
        await waitText(popup, 'count', (t) => t === '3', 'a push through the new socket')
        assert.deepEqual(await logOf(popup), [secondName, 'tab one', secondName])
        await second.finish()
      })
    },
  )
}

describe('the Storybook UI', { timeout: 60_000 }, () => {
  test('lists the nine demos; its toolbar switch moves a story from the mock to the demo server', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1280, height: 800 })
    const errors = []
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`))
    const query = new URLSearchParams({
      path: '/story/demos-live-ticker--live-ticker',
      glockUrl: demo.url,
      glockTick: String(TICK),
    })
    await page.goto(`${site.url}/index.html?${query}`)
    const preview = page.frameLocator('#storybook-preview-iframe')
    await preview.locator('[data-testid=backend][data-kind=mock]').waitFor({ timeout: 15_000 })
    await preview.locator('[data-testid=status-panel][data-status=open]').waitFor()
    const stories = await page
      .locator('[data-item-id^="demos-"]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-item-id')))
    assert.deepEqual(stories, [
      'demos-echo--echo',
      'demos-counter--counter',
      'demos-chat--chat',
      'demos-live-ticker--live-ticker',
      'demos-reconnect-playground--reconnect-playground',
      'demos-binary--binary',
      'demos-server-close--server-close',
      'demos-requests--requests',
      'demos-across-tabs--across-tabs',
    ])
    const rooms = async () => (await (await fetch(`${demo.httpUrl}/control/status`)).json()).rooms
    assert.equal((await rooms()).ticker, 0, 'the mock backend does not touch the demo server')

    await page.getByRole('button', { name: /Which WebSocket server/ }).click()
    await page.getByRole('option', { name: /Demo server/ }).click()
    await preview.locator('[data-testid=backend][data-kind=real]').waitFor()
    assert.equal(await preview.locator('[data-testid=backend]').textContent(), `backend: demo server ${demo.url}`)
    await preview.locator('[data-testid=status-panel][data-status=open]').waitFor()
    const frame = page.frames().find((candidate) => candidate.url().includes('iframe.html'))
    await waitUntil(
      frame,
      '20 ticks from the demo server',
      () => Number(document.querySelector('[data-testid=ticks]')?.textContent),
      (ticks) => ticks >= 20,
    )
    assert.equal((await rooms()).ticker, 1, 'one socket for the twelve quotes and the header')
    assert.match(page.url(), /globals=backend:real/)
    if (UPDATE) await page.screenshot({ path: join(SCREENSHOTS, 'storybook.png') })
    await page.close()
    assert.deepEqual(errors, [], 'console errors')
  })
})

describe('storybook dev', { timeout: 120_000 }, () => {
  // Storybook 10 shows its onboarding checklist only in `storybook dev`, so the static build above cannot tell.
  test('shows no onboarding checklist: no sidebar widget, no guide in the settings menu', async () => {
    const dev = await startStorybookDev()
    const page = await browser.context.newPage()
    // Wide enough for the desktop layout, where the sidebar and its settings menu are.
    await page.setViewportSize({ width: 1280, height: 800 })
    try {
      await page.goto(`${dev.url}/?path=/story/demos-echo--echo`)
      // The widget renders with the sidebar's stories, in the same commit, when the feature is on.
      await page.locator('[data-item-id="demos-echo--echo"]').waitFor({ timeout: 60_000 })
      assert.equal(await page.locator('#storybook-checklist-widget').count(), 0, 'no checklist in the sidebar')
      assert.equal(await page.getByRole('button', { name: /onboarding/i }).count(), 0)
      await page.locator('button[aria-label="Settings"]').click()
      const menu = page.getByText('Keyboard shortcuts').first()
      await menu.waitFor()
      assert.equal(await page.getByText('Onboarding guide').count(), 0, 'no onboarding guide in the settings menu')
      // Turned off where .storybook/main.ts says so, its `features`.
      const features = await page.evaluate(() => window.FEATURES)
      assert.equal(features.sidebarOnboardingChecklist, false)
      assert.equal(features.menuOnboardingChecklist, false)
    } finally {
      await page.close()
      await dev.close()
    }
  })
})
