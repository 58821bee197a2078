/** @vitest-environment jsdom */
// react-glock/testing against react-glock/testing/pure, and the kit's edges that need Vitest itself: which entry
// registers resetGlock, resetGlock called before Testing Library's cleanup, and a render error during delivery.
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { defineSocket, useGlock } from 'react-glock'
import { createMockServer, resetGlock } from 'react-glock/testing/pure'
import { inAct } from '../../src/testing/act'
import { fakeClock } from '../support/fake-clock'

/** Handlers that log nothing: the default receive logs every frame at debug level. */
const quiet = { init: () => null, receive: (_frame: unknown, state: null) => ({ state }) }

afterEach(() => {
  cleanup()
  resetGlock()
})

test('importing react-glock/testing registers resetGlock with a global afterEach; /pure registers nothing', async () => {
  const hooks: (() => void)[] = []
  vi.stubGlobal('afterEach', (hook: () => void) => hooks.push(hook))
  vi.resetModules()
  await import('react-glock/testing/pure')
  expect(hooks).toHaveLength(0)
  const kit = await import('react-glock/testing')
  expect(hooks).toHaveLength(1)
  expect(typeof kit.createMockServer).toBe('function')

  // The hook it registered is resetGlock: a connection it holds closes.
  const server = kit.createMockServer('wss://entry.example/')
  const socket = defineSocket('wss://entry.example/', quiet, { WebSocket: server.WebSocket, closeDelay: Infinity })
  function Status() {
    return <p>{useGlock(socket).status}</p>
  }
  render(<Status />)
  await server.connected()
  cleanup()
  expect(server.clients).toHaveLength(1)
  hooks[0]!()
  await Promise.resolve()
  expect(server.clients).toHaveLength(0)
  server.stop()
})

test("with Vitest's onTestFinished there, it goes there (after every afterEach), from a beforeEach", async () => {
  const before: (() => void)[] = []
  const finished: (() => void)[] = []
  const after: unknown[] = []
  vi.stubGlobal('afterEach', (hook: unknown) => after.push(hook))
  vi.stubGlobal('beforeEach', (hook: () => void) => before.push(hook))
  vi.stubGlobal('onTestFinished', (hook: () => void) => finished.push(hook))
  vi.resetModules()
  await import('react-glock/testing')
  expect(after).toHaveLength(0)
  expect(before).toHaveLength(1)
  before[0]!()
  expect(finished).toHaveLength(1)
})

test('RGL_SKIP_AUTO_RESET turns the registration off', async () => {
  const hooks: unknown[] = []
  vi.stubGlobal('afterEach', (hook: unknown) => hooks.push(hook))
  vi.stubEnv('RGL_SKIP_AUTO_RESET', 'true')
  vi.resetModules()
  await import('react-glock/testing')
  expect(hooks).toHaveLength(0)
  vi.unstubAllEnvs()
})

test('resetGlock before cleanup (components still mounted): they show closed, with no act warning and no timer left', async () => {
  const time = fakeClock(Date.now())
  const server = createMockServer('wss://early.example/')
  const socket = defineSocket('wss://early.example/', quiet, { WebSocket: server.WebSocket, clock: time.clock })
  function Status() {
    return <p>{useGlock(socket).status}</p>
  }
  render(<Status />)
  await server.connected()
  resetGlock()
  // The socket's close handshake takes a microtask, as a real server's takes a turn.
  await Promise.resolve()
  expect(screen.getByText('closed')).toBeTruthy()
  cleanup()
  // Unmounting after the reset schedules no closeDelay: the connection is already gone.
  expect(time.pending()).toEqual([])
  server.stop()
})

test('what act rethrows goes where uncaught errors go, never out of the socket event that notified', () => {
  const reported: unknown[] = []
  vi.stubGlobal('reportError', (error: unknown) => reported.push(error))
  // As Testing Library sets it (with globals) for a whole test file.
  vi.stubGlobal('IS_REACT_ACT_ENVIRONMENT', true)
  const failure = new Error('rethrown by act')
  expect(() =>
    inAct(() => {
      throw failure
    }),
  ).not.toThrow()
  expect(reported).toEqual([failure])
})
