import { resetRegistry } from '../registry'
import { inAct } from './act'

/**
 * Closes every connection `useGlock` holds, at once and without waiting for `closeDelay`, empties the
 * registry and forgets the development warnings already given, so no test sees the connection of the one
 * before. Importing `react-glock/testing` runs it after each test where `afterEach` is a global (Jest, Vitest
 * with `globals: true`); with `react-glock/testing/pure`, or without globals, call it in `afterEach`.
 * @example
 * afterEach(() => resetGlock())
 */
export function resetGlock(): void {
  // Components still mounted (a runner that calls this before Testing Library's cleanup) see their connection
  // close: inside act, so React renders that at once and warns of nothing.
  inAct(resetRegistry)
}
