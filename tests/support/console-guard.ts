import { afterAll, afterEach } from 'vitest'
import { captureConsole } from './console-capture'

// Every Node test file loads this first (vitest.config.ts, setupFiles): a test that prints fails
// (console-capture.ts says why). tests/browser/support/setup.ts does the same in Chromium.
const check = captureConsole()

// Registered before the test file's own hooks, so it runs after them: output from their cleanup counts too.
afterEach(() => check('during this test (or after the one before it ended)'))
afterAll(() => check('after the last test of this file'))
