import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export const alias = [
  { find: /^react-glock\/core$/, replacement: src('core/index.ts') },
  { find: /^react-glock\/testing$/, replacement: src('testing/index.ts') },
  { find: /^react-glock\/testing\/(pure|vitest|jest)$/, replacement: src('testing/$1.ts') },
  { find: /^react-glock\/tabs$/, replacement: src('tabs/index.ts') },
  { find: /^react-glock$/, replacement: src('index.ts') },
]

/** The testing kit's own tests: written as apps write them (globals on), and run once per DOM (and by Jest). */
const KIT = 'tests/kit/**/*.test.{ts,tsx}'
const kit = (environment: 'jsdom' | 'happy-dom') => ({
  extends: true as const,
  test: { name: `kit-${environment}`, include: [KIT], environment, globals: true, env: { KIT_DOM: environment } },
})

// scripts/test-react18.mjs runs the suite again under React 18, where types are not checked: they are checked
// once, against React 19's types, in the main run (the typescript package is not installed there).
const react18 = !!process.env.GLOCK_REACT18
const typeChecks = ['tests/readme/typecheck.test.ts', 'tests/types/no-dom.test.ts']

export default defineConfig({
  resolve: { alias },
  test: {
    // A test that prints to the console fails: act() warnings, logged errors and frames are fixed where they arise.
    setupFiles: ['tests/support/console-guard.ts', 'tests/support/testing-library.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.{ts,tsx}'],
          // Real-browser tests run in Chromium through vitest.browser.config.ts, the kit's in their projects, and
          // the jest-websocket-mock comparison in Jest (jest.config.cjs).
          exclude: [
            'tests/browser/**',
            KIT,
            'tests/comparison/jest-websocket-mock.test.tsx',
            '**/node_modules/**',
            ...(react18 ? typeChecks : []),
          ],
          // Files that render into a DOM say so with a `@vitest-environment jsdom` docblock.
          environment: 'node',
          // The public types are tests too: tests/**/*.test-d.ts go through tsc in the same run.
          typecheck: { enabled: !react18, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      kit('jsdom'),
      kit('happy-dom'),
    ],
  },
})
