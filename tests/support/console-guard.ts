import { format } from 'node:util'
import { afterAll, afterEach } from 'vitest'

// Every Node test file loads this first (vitest.config.ts, setupFiles): whatever reaches the console during a
// test — React's act() and key warnings, the default logger reporting an error, the default receive logging a
// frame — fails that test, and the failure says what was printed. A test that expects output either passes
// its own `logger` or `onError` (tests/support/logger.ts), or spies on the console method with an
// implementation of its own and asserts what it was given; calls a spy takes never reach this guard.
// tests/browser/support/setup.ts does the same in Chromium.

const METHODS = ['error', 'warn', 'log', 'info', 'debug'] as const

let printed: string[] = []

for (const method of METHODS) {
  // Replaced once per file and never put back: a spy that a test restores comes back to this function.
  console[method] = (...args: unknown[]) => void printed.push(`console.${method}: ${format(...args)}`)
}

function check(when: string) {
  const seen = printed
  printed = []
  if (seen.length === 0) return
  throw new Error(
    `${seen.length} console call(s) ${when}; pass a logger or onError, or spy on the console and assert what it printed:\n` +
      seen.join('\n'),
  )
}

// Registered before the test file's own hooks, so it runs after them: output from their cleanup counts too.
afterEach(() => check('during this test (or after the one before it ended)'))
afterAll(() => check('after the last test of this file'))
