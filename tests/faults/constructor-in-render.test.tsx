/** @vitest-environment jsdom */
import { act, cleanup, render } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, expect, test, vi } from 'vitest'
import { useGlock, type WebSocketConstructor } from 'react-glock'
import { silentLogger } from '../support/logger'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

test('a WebSocket constructor that throws is an error on the hook result, never an exception in render', () => {
  vi.useFakeTimers()
  let calls = 0
  const Blocked = function Blocked() {
    calls++
    throw new SyntaxError('Refused to connect because it violates the Content Security Policy')
  } as unknown as WebSocketConstructor
  const seen: string[] = []

  function Probe() {
    const { status, error, attempt } = useGlock(
      'ws://blocked.test/',
      {},
      {
        WebSocket: Blocked,
        logger: silentLogger,
        reconnect: { attempts: 2, minDelay: 100, maxDelay: 100 },
        closeDelay: 10,
      },
    )
    seen.push(`${status}:${error?.code ?? '-'}:${attempt}`)
    return <p>{`${status} ${error?.code ?? ''} ${attempt}`}</p>
  }
  const view = render(
    <StrictMode>
      <Probe />
    </StrictMode>,
  )
  act(() => vi.advanceTimersByTime(50))
  expect(view.container.textContent).toBe('connecting socket_error 1')
  act(() => vi.advanceTimersByTime(100))
  expect(view.container.textContent).toBe('connecting socket_error 2')
  act(() => vi.advanceTimersByTime(100))
  expect(view.container.textContent).toBe('closed retries_exhausted 2')
  // StrictMode shares one connection: one constructor call per attempt.
  expect(calls).toBe(3)
  view.unmount()
  act(() => vi.advanceTimersByTime(50))
  expect(vi.getTimerCount()).toBe(0)
})
