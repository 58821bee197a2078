import { resetRegistry } from './registry'

/**
 * Closes every connection `useGlock` holds, at once and without waiting for `closeDelay`, empties the
 * registry and forgets the development warnings already given: call it in `afterEach`, after Testing
 * Library's `cleanup`, so no test sees the connection of the one before.
 * @example
 * afterEach(() => resetGlock())
 */
export function resetGlock(): void {
  resetRegistry()
}
