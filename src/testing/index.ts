import { resetGlock } from './resetGlock'

export * from './pure'

type Hook = (hook: () => void) => void
declare const afterEach: Hook | undefined
declare const beforeEach: Hook | undefined
declare const onTestFinished: Hook | undefined

// As Testing Library does for its cleanup: where the runner has a global afterEach (Jest, Vitest with globals),
// every test ends with resetGlock(), after Testing Library's cleanup, so components unmount before their
// connections close. Jest runs afterEach hooks in the order they were registered (Testing Library's, imported
// first, comes first); Vitest runs them in reverse, so there it goes in onTestFinished, which runs after every
// afterEach. RGL_SKIP_AUTO_RESET=true, or react-glock/testing/pure, turns it off.
if (typeof afterEach === 'function' && !(typeof process !== 'undefined' && process.env?.RGL_SKIP_AUTO_RESET)) {
  if (typeof onTestFinished === 'function' && typeof beforeEach === 'function')
    beforeEach(() => onTestFinished(() => resetGlock()))
  else afterEach(() => resetGlock())
}
