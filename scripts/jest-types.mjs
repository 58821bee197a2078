// Writes dist/testing/jest.d.ts and .d.cts, the declarations of react-glock/testing/jest, after tsup's build:
// tsup's declaration build cannot resolve the `expect` module this augments (tsc can, and checks
// src/testing/jest.ts, which declares the same). Part of `npm run build`; check-builds and attw check the result.
import { writeFileSync } from 'node:fs'

const declarations = (testing) => `import type { GlockMatchers } from '${testing}'

export { matchers, type GlockMatchers } from '${testing}'

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends GlockMatchers<R> {}
}

declare global {
  namespace jest {
    interface Matchers<R, T = {}> extends GlockMatchers<R> {}
  }
}
`

const dist = new URL('../dist/testing/', import.meta.url)
writeFileSync(new URL('jest.d.ts', dist), declarations('../testing.js'))
writeFileSync(new URL('jest.d.cts', dist), declarations('../testing.cjs'))
