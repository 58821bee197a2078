import { format } from 'node:util'

// Whatever reaches the console during a test (React's act() and key warnings, the default logger reporting an
// error, the default receive logging a frame) fails that test, and the failure says what was printed. A test
// that expects output either passes its own `logger` or `onError` (tests/support/logger.ts), or spies on the
// console method with an implementation of its own and asserts what it was given; calls a spy takes never
// reach this. Shared by Vitest's guard (console-guard.ts) and Jest's (tests/kit/support/jest-setup.ts).

const METHODS = ['error', 'warn', 'log', 'info', 'debug'] as const

/** Replaces the console's methods (once per file, never put back) and returns the check to run after each test. */
export function captureConsole() {
  let printed: string[] = []
  for (const method of METHODS) {
    // A spy that a test restores comes back to this function.
    console[method] = (...args: unknown[]) => void printed.push(`console.${method}: ${format(...args)}`)
  }
  return function check(when: string) {
    const seen = printed
    printed = []
    if (seen.length === 0) return
    throw new Error(
      `${seen.length} console call(s) ${when}; pass a logger or onError, or spy on the console and assert what it printed:\n` +
        seen.join('\n'),
    )
  }
}
