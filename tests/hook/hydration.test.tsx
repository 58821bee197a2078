/** @vitest-environment jsdom */
import { act } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, expect, test, vi } from 'vitest'
import { useGlock } from 'react-glock'
import { startServer, type TestServer } from '../support/server'
import { closeAllConnections } from '../support/registry'

// This file drives React directly rather than through Testing Library, which would set this.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let server: TestServer
afterEach(async () => {
  closeAllConnections()
  await server?.close()
})

test('hydrating the server HTML is clean, then the client connects', async () => {
  server = await startServer()
  function Feed() {
    const { state, status } = useGlock<string[]>(server.url, {
      init: () => ['welcome'],
      receive: (frame, lines) => ({ state: frame.type === 'text' ? [...lines, frame.data] : lines }),
    })
    return <p>{`${status}: ${state.join(' ')}`}</p>
  }
  const container = document.createElement('div')
  container.innerHTML = renderToString(<Feed />)
  expect(container.textContent).toBe('idle: welcome')
  const errors = vi.spyOn(console, 'error')
  const recoverable = vi.fn()
  await act(async () => {
    hydrateRoot(container, <Feed />, { onRecoverableError: recoverable })
  })
  expect(recoverable).not.toHaveBeenCalled()
  expect(errors).not.toHaveBeenCalled()
  const socket = await server.nextConnection()
  socket.send('hello')
  await vi.waitFor(() => expect(container.textContent).toBe('open: welcome hello'))
})
