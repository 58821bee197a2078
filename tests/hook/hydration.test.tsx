/** @vitest-environment jsdom */
import { act } from 'react'
import { hydrateRoot, type Root } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { waitFor } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { useGlock } from 'react-glock'
import { startServer, type TestServer } from '../support/server'
import { resetGlock } from 'react-glock/testing'

// This file hydrates with React directly, not through Testing Library's render, so it declares act() itself.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let server: TestServer
const roots: Root[] = []
afterEach(async () => {
  // Unmounted first, inside act(): closing the connections must not update a mounted Feed outside act().
  act(() => roots.splice(0).forEach((root) => root.unmount()))
  resetGlock()
  await server?.close()
})

/** The component, reading its connection through the given copy of the hook (the server's or the client's). */
const feedWith = (use: typeof useGlock) =>
  function Feed() {
    const { state, status } = use<string[]>(server.url, {
      init: () => ['welcome'],
      receive: (frame, lines) => ({ state: frame.type === 'text' ? [...lines, frame.data] : lines }),
    })
    return <p>{`${status}: ${state.join(' ')}`}</p>
  }
const Feed = feedWith(useGlock)

/**
 * The HTML a server sends. react-glock is loaded anew where there is no `document` or `window`, as on a
 * server, so it takes its server path: this jsdom file's own copy would run layout effects in the server
 * render, which React 18 warns about and a real server never does.
 */
async function renderOnServer() {
  vi.stubGlobal('document', undefined)
  vi.stubGlobal('window', undefined)
  vi.resetModules()
  try {
    const onServer = await import('react-glock')
    const ServerFeed = feedWith(onServer.useGlock)
    return renderToString(<ServerFeed />)
  } finally {
    vi.unstubAllGlobals()
  }
}

/** Renders Feed on the server into a container; `hydrate` then hydrates it on the client. */
async function serverRendered() {
  server = await startServer()
  const html = await renderOnServer()
  const container = document.createElement('div')
  container.innerHTML = html
  const hydrate = (onRecoverableError: (error: unknown) => void = () => {}) =>
    act(async () => {
      roots.push(hydrateRoot(container, <Feed />, { onRecoverableError }))
    })
  return { container, hydrate }
}

test('hydrating the server HTML is clean: no recoverable error, nothing logged', async () => {
  const { container, hydrate } = await serverRendered()
  expect(container.textContent).toBe('idle: welcome')
  const errors = vi.spyOn(console, 'error')
  const recoverable = vi.fn()
  await hydrate(recoverable)
  expect(recoverable).not.toHaveBeenCalled()
  expect(errors).not.toHaveBeenCalled()
})

test('after hydrating, the client connects and renders the frames it receives', async () => {
  const { container, hydrate } = await serverRendered()
  await hydrate()
  const socket = await server.nextConnection()
  socket.send('hello')
  // Testing Library's waitFor, not vi.waitFor: it lets React render the socket's updates outside act().
  await waitFor(() => expect(container.textContent).toBe('open: welcome hello'))
})
