import { resetGlock } from './resetGlock'

export * from './pure'

// As Testing Library does for its cleanup: where the runner has a global afterEach (Jest, Vitest with globals),
// every test ends with resetGlock(). RGL_SKIP_AUTO_RESET=true, or react-glock/testing/pure, turns it off.
declare const afterEach: ((hook: () => void) => void) | undefined
if (typeof afterEach === 'function' && !(typeof process !== 'undefined' && process.env?.RGL_SKIP_AUTO_RESET)) {
  afterEach(() => resetGlock())
}
