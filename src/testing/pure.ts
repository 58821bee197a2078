// react-glock/testing/pure: the testing kit, registering nothing. `react-glock/testing` is the same, and runs
// resetGlock() after each test where `afterEach` is a global.
export { resetGlock } from './resetGlock'
export { createMockServer } from './createMockServer'
export type {
  MockClient,
  MockCloseOptions,
  MockData,
  MockFrame,
  MockServer,
  MockWebSocketConstructor,
} from './createMockServer'
export { matchers, type GlockMatchers } from './matchers'
