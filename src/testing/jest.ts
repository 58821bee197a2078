// react-glock/testing/jest: extends Jest's expect with the kit's matchers, and declares them, for
// `@jest/globals` (the `expect` package) and for `@types/jest` alike.
import { matchers, type GlockMatchers } from './matchers'

declare module 'expect' {
  // Merged declarations must repeat the original's type parameters, used or not.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends GlockMatchers<R> {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> extends GlockMatchers<R> {}
  }
}

const expect = (globalThis as { expect?: { extend?: (matchers: object) => void } }).expect
if (typeof expect?.extend !== 'function')
  throw new Error(
    "[react-glock] react-glock/testing/jest needs Jest's global expect: import it from a Jest setup file " +
      '(setupFilesAfterEnv), or call expect.extend(matchers) with the matchers from react-glock/testing.',
  )
expect.extend(matchers)

export { matchers, type GlockMatchers }
