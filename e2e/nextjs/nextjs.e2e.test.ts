import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type ConsoleMessage } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startBrowserTestServer, type BrowserTestServer } from '../../tests/browser/support/server'
import { freePort, run, start, type Started } from './processes'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const example = join(root, 'examples/nextjs')
const env = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' }
const next = join(example, 'node_modules/next/dist/bin/next')
const CLOSE_DELAY = 1000 // the closeDelay examples/nextjs/app/socket.ts defines the counter socket with

let wsServer: BrowserTestServer
let socketUrl: string
let nextServer: Started | undefined
let pageUrl: string
let browser: Browser | undefined
let packDir: string | undefined
const timings: Record<string, number> = {}

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  try {
    return await work()
  } finally {
    timings[name] = Math.round(performance.now() - started)
  }
}

beforeAll(async () => {
  // The package as users get it: built, packed, and installed from the tarball (not linked to src/).
  await timed('tsup', () => run('npx', ['tsup'], { cwd: root }))
  packDir = mkdtempSync(join(tmpdir(), 'react-glock-pack-'))
  await timed('npm pack', () => run('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir!], { cwd: root }))
  const tarball = join(
    packDir,
    readdirSync(packDir).find((name) => name.endsWith('.tgz'))!,
  )
  if (!existsSync(join(example, 'node_modules/next'))) {
    await timed('npm ci (example)', () => run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: example }))
  }
  await timed('install tarball', () =>
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], { cwd: example }),
  )

  // NEXT_PUBLIC_ variables are inlined at build time, so the ws server must run before the build.
  wsServer = await startBrowserTestServer()
  socketUrl = `${wsServer.url}/nextjs`
  await timed('next build', () =>
    run('node', [next, 'build'], { cwd: example, env: { ...env, NEXT_PUBLIC_WS_URL: socketUrl }, ms: 540_000 }),
  )

  const port = await freePort()
  pageUrl = `http://127.0.0.1:${port}`
  nextServer = start('node', [next, 'start', '--hostname', '127.0.0.1', '--port', String(port)], { cwd: example, env })
  await timed('next start', () => nextServer!.waitFor(/Ready in/, 60_000))

  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Playwright gives every launch a fresh temporary profile (its own --user-data-dir).
    args: CHROMIUM_FLAGS,
  })
})

afterAll(async () => {
  await browser?.close()
  await nextServer?.stop()
  await wsServer?.stop()
  if (packDir) rmSync(packDir, { recursive: true, force: true })
  console.log('[e2e/nextjs] timings (ms):', JSON.stringify(timings))
})

test('the server HTML holds the initial state from init and status idle', async () => {
  const response = await fetch(`${pageUrl}/`)
  expect(response.status).toBe(200)
  const html = await response.text()
  expect(html).toMatch(/data-testid="status">idle</)
  expect(html).toMatch(/data-testid="sent">0</)
  expect(html).toMatch(/data-testid="received">0</)
  expect(html).toMatch(/data-testid="last">—</)
  // The server component rendered around it, and no socket was opened by rendering.
  expect(html).toContain('react-glock on Next.js')
  expect(wsServer.stats('/nextjs').sockets).toHaveLength(0)
})

test('the server component imports the shared definition (app/socket.ts, from react-glock/core) and renders its key', async () => {
  const html = await (await fetch(`${pageUrl}/`)).text()
  // The key is the resolved URL: what the client's useGlock(defineCounter(url)) connects by.
  expect(html).toContain(`data-testid="key">${new URL(socketUrl).href}<`)
  expect(wsServer.stats('/nextjs').sockets).toHaveLength(0)
})

test('in Chromium: hydrates cleanly, connects, pushes and receives, and leaving the page closes the socket with 1000', async () => {
  const context = await browser!.newContext()
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()} (${message.location().url})`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  const text = (id: string) => page.locator(`[data-testid="${id}"]`).textContent()

  try {
    const loadedAt = Date.now()
    await page.goto(`${pageUrl}/`)
    await expect.poll(() => text('status'), { timeout: 15_000 }).toBe('open')
    timings['page load to open'] = Date.now() - loadedAt
    const opened = wsServer.stats('/nextjs').sockets
    expect(opened).toHaveLength(1)
    expect(opened[0]!.close).toBeNull()

    await page.click('[data-testid="push"]')
    expect(await text('sent')).toBe('1')
    await expect.poll(() => text('received')).toBe('1')
    expect(await text('last')).toBe('{"text":"hello","at":1}')

    await page.click('[data-testid="push"]')
    await expect.poll(() => text('received')).toBe('2')
    expect(await text('sent')).toBe('2')
    expect(await text('last')).toBe('{"text":"hello","at":2}')
    expect(wsServer.stats('/nextjs').received).toEqual(['{"text":"hello","at":1}', '{"text":"hello","at":2}'])

    // A client-side navigation unmounts the counter; its socket outlives it by closeDelay, then closes with 1000.
    const leftAt = Date.now()
    await page.click('[data-testid="leave"]')
    await page.locator('[data-testid="about"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => wsServer.stats('/nextjs').sockets[0]?.close?.code, { timeout: 10_000 }).toBe(1000)
    const [socket] = wsServer.stats('/nextjs').sockets
    expect(socket!.close!.at - leftAt).toBeGreaterThanOrEqual(CLOSE_DELAY - 1)
    timings['leave to server close'] = socket!.close!.at - leftAt
    expect(wsServer.stats('/nextjs').sockets).toHaveLength(1)
    expect(problems).toEqual([])
  } catch (error) {
    // Whatever the page printed is usually the reason: say it with the failure.
    if (problems.length > 0) (error as Error).message += `\n\nThe page printed:\n${problems.join('\n')}`
    throw error
  } finally {
    await context.close()
  }
})
