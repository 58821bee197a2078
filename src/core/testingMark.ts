import type { WebSocketConstructor } from './types'

/**
 * The mark the testing kit's WebSocket class carries (react-glock/testing). A connection whose WebSocket class
 * has it notifies at the end of each event (as `notify: 'sync'`), each round inside `batch`, which the kit points
 * at React's `act`. Registered with Symbol.for, so every copy of the package (ESM, CJS, the kit's) reads the same.
 */
export const TESTING = Symbol.for('react-glock.testing')

export interface TestingMark {
  batch(round: () => void): void
}

/** The mark of the class a connection would construct now: the `WebSocket` option's, or the global one. */
export const testingMarkOf = (given: WebSocketConstructor | undefined): TestingMark | undefined =>
  ((given ?? globalThis.WebSocket) as { [TESTING]?: TestingMark } | undefined)?.[TESTING]
