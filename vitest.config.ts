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

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    // Real-browser tests run in Chromium through vitest.browser.config.ts.
    exclude: ['tests/browser/**', '**/node_modules/**'],
    // Files that render into a DOM say so with a `@vitest-environment jsdom` docblock.
    environment: 'node',
    // A test that prints to the console fails: act() warnings, logged errors and frames are fixed where they arise.
    setupFiles: ['tests/support/console-guard.ts', 'tests/support/testing-library.ts'],
    // The public types are tests too: tests/**/*.test-d.ts go through tsc in the same run.
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    reporters: ['default', './scripts/summary-reporter.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
})
