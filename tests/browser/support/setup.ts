import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, expect, vi } from 'vitest'

// Vitest globals are off, so Testing Library cannot register its own cleanup: do it here.
// Anything React or the library prints at warn/error level (act or key warnings, a default logger
// reporting an error nobody expected) fails the test that caused it; tests that expect errors pass
// their own `logger`/`onError`.
let printed: unknown[][] = []

beforeEach(() => {
  printed = []
  vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(['console.error', ...args]))
  vi.spyOn(console, 'warn').mockImplementation((...args) => void printed.push(['console.warn', ...args]))
})

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  expect(printed.map((args) => args.map(String).join(' '))).toEqual([])
})
