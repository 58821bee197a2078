// react-glock/testing/vitest: extends Vitest's expect with the kit's matchers, and declares them.
import { expect } from 'vitest'
import { matchers, type GlockMatchers } from './matchers'

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends GlockMatchers<T> {}
}

expect.extend(matchers)

export { matchers, type GlockMatchers }
