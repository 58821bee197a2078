/** @vitest-environment jsdom */
import { useDebugValue } from 'react'
import { cleanup, renderHook } from '@testing-library/react'
import { expect, test, vi } from 'vitest'
import { useGlock } from 'react-glock'
import { explain } from '../../src/core/explain'
import { resetGlock } from 'react-glock/testing'

// The hook's import of React, with useDebugValue recorded (and still React's own).
vi.mock('react', async (importOriginal) => {
  const react = await importOriginal<typeof import('react')>()
  return { ...react, useDebugValue: vi.fn(react.useDebugValue) }
})

/** A socket that never opens: these tests only look at labels. */
class Silent {
  readyState = 0
  close() {}
}

test('the DevTools label is the key with its secrets masked, and the status', () => {
  expect(explain?.debugLabel('wss://user:pw@example.com/chat?token=abc&room=1', 'open')).toBe(
    'wss://example.com/chat?token=***&room=***: open',
  )
  expect(explain?.debugLabel('feed', 'connecting')).toBe('feed: connecting')
  expect(explain?.debugLabel(null, 'idle')).toBe('no url: idle')
})

test('useGlock labels itself with that formatter, for its key and status', () => {
  const recorded = vi.mocked(useDebugValue)
  try {
    renderHook(() => useGlock('ws://user:pw@example.test/feed?token=secret', undefined, { WebSocket: Silent as never }))
    const [status, format] = recorded.mock.calls.at(-1)! as [string, (status: string) => string]
    expect(status).toBe('connecting')
    expect(format(status)).toBe('ws://example.test/feed?token=***: connecting')

    renderHook(() => useGlock(null))
    const [idle, label] = recorded.mock.calls.at(-1)! as [string, (status: string) => string]
    expect(label(idle)).toBe('no url: idle')
  } finally {
    cleanup()
    resetGlock()
  }
})
