// Jest's setup for the kit's tests: what tests/support/console-guard.ts and testing-library.ts do for Vitest.
import { configure } from '@testing-library/dom'
import { captureConsole } from '../../support/console-capture'

process.env.KIT_DOM = 'jsdom'
configure({ asyncUtilTimeout: 5_000 })
const check = captureConsole()
afterEach(() => check('during this test (or after the one before it ended)'))
afterAll(() => check('after the last test of this file'))
