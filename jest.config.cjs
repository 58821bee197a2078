// The testing kit's own tests (tests/kit), run by Jest with jsdom, as an app using Jest runs them: the same files
// Vitest runs in its kit-jsdom and kit-happy-dom projects. `npm run test:jest`; part of `npm test`.
const src = (path) => `<rootDir>/src/${path}`

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  // With the jest-websocket-mock version of the README's chat test, which the README compares with the kit's.
  roots: ['<rootDir>/tests/kit', '<rootDir>/tests/comparison'],
  testMatch: ['**/tests/kit/**/*.test.{ts,tsx}', '**/tests/comparison/jest-websocket-mock.test.tsx'],
  transform: { '\\.tsx?$': '<rootDir>/scripts/jest-esbuild-transform.cjs' },
  moduleNameMapper: {
    '^react-glock$': src('index.ts'),
    '^react-glock/core$': src('core/index.ts'),
    '^react-glock/testing$': src('testing/index.ts'),
    '^react-glock/testing/(pure|jest)$': src('testing/$1.ts'),
    '^react-glock/tabs$': src('tabs/index.ts'),
    // The kit's tests take fake timers from one module: Vitest's there, Jest's here.
    '^\\./support/timers$': '<rootDir>/tests/kit/support/timers.jest.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/tests/kit/support/jest-setup.ts'],
  // jsdom's browser export conditions would pick browser builds that jsdom cannot run (uSES's are fine either way).
  testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
}
