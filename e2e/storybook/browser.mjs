// Debian's Chromium driven by playwright-core (no browser download), and small waiting helpers.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs'

export const CHROMIUM = CHROMIUM_PATH

/** Headless Chromium with a fresh profile; `close()` removes the profile too. */
export async function launchChromium({ viewport = { width: 960, height: 720 } } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'react-glock-chromium-'))
  // launchPersistentContext is how Playwright takes a --user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    deviceScaleFactor: 1,
  })
  return {
    context,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/**
 * Waits until `read()` (evaluated in the page) satisfies `check`, polling on every animation frame;
 * fails with the last value seen and `what` when `timeout` runs out.
 */
export async function waitUntil(page, what, read, check, { arg, timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout
  let last
  for (;;) {
    last = await page.evaluate(read, arg)
    if (check(last)) return last
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(last)}`)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))))
  }
}
