/** @vitest-environment jsdom */
import { render, renderHook, screen, waitFor } from '@testing-library/react'
import { expect, test, vi } from 'vitest'
import { useGlock } from 'react-glock'
import { withTestServer } from '../support/hook-env'
import { silentLogger } from '../support/logger'

const env = withTestServer()

test('a custom key shares one connection between components that give different URLs; the owner’s URL is used', async () => {
  const other = `ws://never.invalid/unused`
  function Probe({ url, id }: { url: string; id: string }) {
    const { status } = useGlock(url, undefined, { key: 'feed', WebSocket: env.sockets.WebSocket, logger: silentLogger })
    return <output data-testid={id}>{status}</output>
  }
  render(
    <>
      <Probe url={env.server.url} id="a" />
      <Probe url={other} id="b" />
    </>,
  )
  await waitFor(() => expect(screen.getByTestId('b').textContent).toBe('open'))
  expect(env.sockets.made.map((s) => s.url)).toEqual([`${env.server.url}/`])
})

test('protocols are offered to the server and the chosen one reaches open', async () => {
  env.server.wss.options.handleProtocols = (offered: Set<string>) => (offered.has('glock.v2') ? 'glock.v2' : false)
  const open = vi.fn((state: null) => ({ state }))
  renderHook(() =>
    useGlock(
      env.server.url,
      { open },
      { protocols: ['glock.v1', 'glock.v2'], WebSocket: env.sockets.WebSocket, logger: silentLogger },
    ),
  )
  await waitFor(() =>
    expect(open).toHaveBeenCalledWith(null, expect.objectContaining({ protocol: 'glock.v2', attempt: 0 })),
  )
})

test('reconnect: false leaves an abnormal close closed', async () => {
  const { result } = renderHook(() =>
    useGlock(env.server.url, undefined, { reconnect: false, WebSocket: env.sockets.WebSocket, logger: silentLogger }),
  )
  await waitFor(() => expect(result.current.status).toBe('open'))
  env.server.kill()
  await waitFor(() => expect(result.current).toMatchObject({ status: 'closed', lastClose: { code: 1006 }, attempt: 0 }))
  expect(env.sockets.made).toHaveLength(1)
})

/** Two hooks on one key whose receive throws on 'bad', once the server has sent 'bad' and the error is in. */
async function renderWithSharedError() {
  const handlers = {
    receive: (frame: { type: string; data?: unknown }, state: null) => {
      if (frame.type === 'text' && frame.data === 'bad') throw new Error('nope')
      return { state }
    },
  }
  const a = renderHook(() => useGlock(env.server.url, handlers, { WebSocket: env.sockets.WebSocket, onError() {} }))
  const b = renderHook(() => useGlock(env.server.url, handlers, { WebSocket: env.sockets.WebSocket }))
  const socket = await env.server.nextConnection()
  socket.send('bad')
  await waitFor(() => expect(a.result.current.error?.code).toBe('handler_error'))
  return { a, b }
}

test('an error is shared by every component on the key', async () => {
  const { a, b } = await renderWithSharedError()
  expect(b.result.current.error).toBe(a.result.current.error)
})

test('an error is cleared when the connection next opens', async () => {
  const { b } = await renderWithSharedError()
  env.server.kill()
  await waitFor(() => expect(b.result.current).toMatchObject({ status: 'open', error: null, attempt: 1 }))
})

test('isEqual decides when a selection counts as changed', async () => {
  let renders = 0
  const { result } = renderHook(() => {
    renders++
    return useGlock<string[], unknown, string[]>(
      env.server.url,
      {
        init: () => [],
        receive: (frame, log) => ({ state: frame.type === 'text' ? [...log, frame.data] : log }),
      },
      {
        WebSocket: env.sockets.WebSocket,
        notify: 'sync',
        select: (log) => log.filter((line) => line.startsWith('!')),
        isEqual: (a, b) => a.length === b.length,
      },
    )
  })
  const socket = await env.server.nextConnection()
  await waitFor(() => expect(result.current.status).toBe('open'))
  const before = renders
  socket.send('silentLogger')
  socket.send('!loud')
  await waitFor(() => expect(result.current.state).toEqual(['!loud']))
  socket.send('silentLogger again')
  socket.send('!done')
  await waitFor(() => expect(result.current.state).toEqual(['!loud', '!done']))
  expect(renders - before).toBe(2)
})

test('two copies of the package (an ESM and a CJS build) share one registry', async () => {
  vi.resetModules()
  const first = await import('../../src/registry')
  vi.resetModules()
  const second = await import('../../src/registry')
  expect(first.lookup).not.toBe(second.lookup)
  const member = {
    key: 'shared',
    url: env.server.url,
    handlers: undefined,
    options: { WebSocket: env.sockets.WebSocket, closeDelay: 0 },
  }
  const entry = first.acquire('shared', member)
  expect(second.lookup('shared')).toBe(entry)
  second.release('shared', member)
  await waitFor(() => expect(first.lookup('shared')).toBeUndefined())
})

test('a URL function without a key is reported through error and onError, and connects nothing', () => {
  const onError = vi.fn()
  const { result } = renderHook(() =>
    // @ts-expect-error the type requires the key too: this is what happens without it
    useGlock(() => 'ws://never.invalid/', undefined, { onError, WebSocket: env.sockets.WebSocket }),
  )
  expect(result.current).toMatchObject({
    status: 'idle',
    error: { code: 'invalid_option', message: '[react-glock] options.key is required when url is a function.' },
  })
  expect(onError).toHaveBeenCalledTimes(1)
  expect(onError).toHaveBeenCalledWith(result.current.error)
  expect(env.sockets.made).toHaveLength(0)
})
