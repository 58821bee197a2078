import type { WebSocketConstructor } from './types'

/**
 * The mark the testing kit's WebSocket class carries (react-glock/testing): a function that runs a round of
 * notifications inside React's `act`. A connection whose WebSocket class has it notifies at the end of each event,
 * as `notify: 'sync'` does, through that function. Symbol.for, so every copy of the package reads the same mark.
 */
export const TESTING = Symbol.for('react-glock.testing')

export type TestingMark = (round: () => void) => void

/** The mark of the class a connection would construct now: the `WebSocket` option's, or the global one. */
export const testingMarkOf = (given: WebSocketConstructor | undefined): TestingMark | undefined =>
  ((given ?? globalThis.WebSocket) as { [TESTING]?: TestingMark } | undefined)?.[TESTING]
