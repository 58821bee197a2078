/** @vitest-environment jsdom */
import { useEffect, useState } from 'react'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { expect, test, vi } from 'vitest'
import { useGlock, type Handlers } from 'react-glock'
import { startServer } from '../support/server'
import { withTestServer } from '../support/hook-env'
import { silentLogger } from '../support/logger'

const env = withTestServer()

test('a component that takes over an unheld socket within closeDelay runs its own handlers', async () => {
  const seen: string[] = []
  const tagged = (tag: string): Handlers<null, string> => ({
    send: (message, state) => ({ state, push: message }),
    receive: (_frame, state) => {
      seen.push(tag)
      return { state }
    },
  })
  function Page({ tag }: { tag: string }) {
    const { status, push } = useGlock(env.server.url, tagged(tag), {
      WebSocket: env.sockets.WebSocket,
      closeDelay: 5000,
    })
    return <button onClick={() => push('x')}>{`${tag} ${status}`}</button>
  }
  function App() {
    const [page, setPage] = useState('A')
    return (
      <>
        <Page key={page} tag={page} />
        <a onClick={() => setPage('B')}>navigate</a>
      </>
    )
  }
  render(<App />)
  await waitFor(() => screen.getByText('A open'))
  act(() => screen.getByText('navigate').click())
  act(() => screen.getByText('B open').click())
  await waitFor(() => expect(seen).toEqual(['B']))
  expect(env.sockets.made).toHaveLength(1)
})

test('a child can push from its mount effect: the connection exists before any passive effect runs', async () => {
  const results: boolean[] = []
  function Child({ push }: { push: (message: string) => boolean }) {
    useEffect(() => void results.push(push('hello from the child')), [push])
    return null
  }
  function Parent() {
    const { status, error, push } = useGlock<unknown, string>(env.server.url, undefined, {
      WebSocket: env.sockets.WebSocket,
      logger: silentLogger,
    })
    return (
      <>
        <p>{`${status} ${error?.code ?? 'no error'}`}</p>
        <Child push={push} />
      </>
    )
  }
  render(<Parent />)
  expect(results).toEqual([true])
  await waitFor(() => screen.getByText('open no error'))
  await env.server.messages(1)
  expect(env.server.received).toEqual(['hello from the child'])
})

test('changing the url under the same key moves the socket to the new URL', async () => {
  const other = await startServer()
  try {
    const { result, rerender } = renderHook(
      ({ url }) => useGlock(url, undefined, { key: 'room', WebSocket: env.sockets.WebSocket, logger: silentLogger }),
      {
        initialProps: { url: env.server.url },
      },
    )
    await waitFor(() => expect(result.current.status).toBe('open'))
    rerender({ url: other.url })
    await waitFor(() => expect(other.sockets).toHaveLength(1))
    await waitFor(() => expect(result.current.status).toBe('open'))
    expect(env.sockets.made.map((s) => s.url)).toEqual([`${env.server.url}/`, `${other.url}/`])
  } finally {
    await other.close()
  }
})

test('invalid inline options are reported once, without a render loop', async () => {
  let renders = 0
  const onError = vi.fn()
  function Probe() {
    renders++
    const { error } = useGlock(env.server.url, undefined, {
      WebSocket: env.sockets.WebSocket,
      onError,
      reconnect: { minDelay: -1 },
    })
    return <p>{error?.message ?? 'none'}</p>
  }
  const { rerender } = render(<Probe />)
  await waitFor(() => screen.getByText('[react-glock] options.reconnect.minDelay must be a number ≥ 0; got -1.'))
  rerender(<Probe />)
  rerender(<Probe />)
  expect(renders).toBeLessThan(10)
  expect(onError).toHaveBeenCalledTimes(1)
  expect(env.sockets.made).toHaveLength(0)
})

test('a null url with a key connects nothing', () => {
  const { result } = renderHook(() => useGlock(null, undefined, { key: 'chat', WebSocket: env.sockets.WebSocket }))
  expect(result.current).toMatchObject({ status: 'idle', error: null })
  expect(env.sockets.made).toHaveLength(0)
})

test('init sees the same ctx on the first render and in the connection', async () => {
  const init = vi.fn((ctx: { url: string | null; key: string | null }) => `${ctx.url} ${ctx.key}`)
  const { result } = renderHook(() =>
    useGlock(env.server.url, { init }, { WebSocket: env.sockets.WebSocket, logger: silentLogger }),
  )
  const first = result.current.state
  await waitFor(() => expect(result.current.status).toBe('open'))
  expect(result.current.state).toBe(first)
  expect(new Set(init.mock.calls.map(([ctx]) => `${ctx.url} ${ctx.key}`))).toEqual(
    new Set([`${env.server.url}/ ${env.server.url}/`]),
  )
})
