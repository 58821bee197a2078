import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { serverCommands } from './tests/browser/support/commands.ts'
import { alias } from './vitest.config.ts'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './scripts/chromium.mjs'

/**
 * The hook's contract in a real browser: Debian's Chromium driven by Playwright (no browser download),
 * against a real ws server on 127.0.0.1 that globalSetup starts in Node and the tests control through
 * browser commands. Run with `npx vitest run --config vitest.browser.config.ts`.
 */
export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  optimizeDeps: {
    // Pre-bundled up front, so Vite does not discover them mid-run and reload the page under a test.
    include: [
      'react',
      'react-dom',
      'react-dom/client',
      'react/jsx-dev-runtime',
      'use-sync-external-store/with-selector',
      '@testing-library/react',
    ],
  },
  test: {
    include: [
      'tests/browser/**/*.browser.test.{ts,tsx}',
      // The core's own tests that need no Node: the parts, notification and edge cases, run again where
      // timers, requestAnimationFrame and reportError are a real browser's.
      'tests/core/parts/{notifier,sendQueue,reconnectPolicy,retryWait,heartbeat}.test.ts',
      'tests/core/parts/environment.browser-like.test.ts',
      'tests/core/notify.test.ts',
      'tests/core/edges.test.ts',
      'tests/core/redact.test.ts',
    ],
    globalSetup: ['tests/browser/support/globalSetup.ts'],
    setupFiles: ['tests/browser/support/setup.ts'],
    testTimeout: 20_000,
    browser: {
      enabled: true,
      headless: true,
      // Playwright launches Chromium with a fresh temporary profile (its own --user-data-dir) every run.
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_FLAGS,
        },
      }),
      instances: [{ browser: 'chromium' }],
      commands: serverCommands,
      screenshotFailures: false,
    },
  },
})
