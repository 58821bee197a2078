import { readFileSync } from 'node:fs'
import { renderToString } from 'react-dom/server'
import { afterEach, expect, test, vi } from 'vitest'
import { defineSocket, useGlock } from 'react-glock'

afterEach(() => vi.unstubAllGlobals())

function Chat() {
  const { state, status, error } = useGlock('/socket', {
    init: ({ url, key }) => ({ url, key, lines: [] as string[] }),
  })
  return <p>{`${status} ${state.url} ${state.key} ${state.lines.length} ${error ? 'error' : 'no error'}`}</p>
}

test('server rendering renders the init state with status idle', () => {
  expect(typeof window).toBe('undefined')
  const html = renderToString(<Chat />)
  expect(html).toBe('<p>idle /socket /socket 0 no error</p>')
})

test('server rendering opens no socket and registers no connection', () => {
  const constructed = vi.fn()
  vi.stubGlobal('WebSocket', constructed)
  renderToString(<Chat />)
  expect(constructed).not.toHaveBeenCalled()
  const registry = (globalThis as Record<symbol, Map<string, unknown> | undefined>)[Symbol.for('react-glock.registry')]
  expect(registry?.size ?? 0).toBe(0)
})

test('a null url and a default init render null state on the server', () => {
  function Empty() {
    const { state, status } = useGlock(null)
    return <p>{`${status} ${String(state)}`}</p>
  }
  expect(renderToString(<Empty />)).toBe('<p>idle null</p>')
})

test('a definition renders its init state with status idle on the server, opening nothing', () => {
  const constructed = vi.fn()
  const chat = defineSocket('/chat', { init: () => ({ messages: [] as string[] }) }, { WebSocket: constructed })
  function Room() {
    const { status, state } = useGlock(chat)
    return <p>{`${status} ${state.messages.length}`}</p>
  }
  expect(renderToString(<Room />)).toBe('<p>idle 0</p>')
  expect(constructed).not.toHaveBeenCalled()
})

test("the React entry starts with 'use client'", () => {
  expect(readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8').startsWith("'use client'")).toBe(true)
})
