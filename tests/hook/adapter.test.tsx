/** @vitest-environment jsdom */
import { StrictMode, useState, type ReactNode } from 'react'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import { useGlock, type Clock, type GlockOptions, type GlockResult, type Handlers } from 'react-glock'
import type { Entry } from '../../src/registry'
import { startServer } from '../support/server'
import { withTestServer } from '../support/hook-env'
import { silentLogger as quiet } from '../support/logger'

const env = withTestServer()

const registry = () =>
  (globalThis as Record<symbol, Map<string, Entry> | undefined>)[Symbol.for('react-glock.registry')]
/** The registry's entry for a URL the hook keys by its resolved form. */
const entryOf = (url: string) => registry()?.get(`${url}/`)

const counter: Handlers<{ sent: number }, string> = {
  init: () => ({ sent: 0 }),
  send: (message, state) => ({ state: { sent: state.sent + 1 }, push: message }),
}

/** Real timers, with every delay asked for recorded: the registry's close timer is the one with `closeDelay`. */
function recordingClock() {
  const delays: number[] = []
  const clock: Clock = {
    now: () => Date.now(),
    setTimeout: (callback, ms) => (delays.push(ms), setTimeout(callback, ms)),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  }
  return { clock, delays }
}

describe('configure', () => {
  test('a re-render with the same url, handlers and options objects configures nothing; a new one configures once', async () => {
    const options = { WebSocket: env.sockets.WebSocket, logger: quiet }
    const { result, rerender } = renderHook((props) => useGlock(props.url, props.handlers, props.options), {
      initialProps: { url: env.server.url, handlers: counter, options },
    })
    await waitFor(() => expect(result.current.status).toBe('open'))
    const configure = vi.spyOn(entryOf(env.server.url)!.connection, 'configure')
    for (let i = 0; i < 3; i++) rerender({ url: env.server.url, handlers: counter, options })
    act(() => void result.current.push('x'))
    expect(result.current.state.sent).toBe(1)
    expect(configure).not.toHaveBeenCalled()

    const handlers = { ...counter }
    rerender({ url: env.server.url, handlers, options })
    expect(configure).toHaveBeenCalledTimes(1)
    expect(configure).toHaveBeenLastCalledWith(env.server.url, handlers, options)
    rerender({ url: env.server.url, handlers, options })
    expect(configure).toHaveBeenCalledTimes(1)

    const next = { ...options, connectTimeout: 5000 }
    rerender({ url: env.server.url, handlers, options: next })
    expect(configure).toHaveBeenCalledTimes(2)
    expect(configure).toHaveBeenLastCalledWith(env.server.url, handlers, next)
    expect(env.sockets.made).toHaveLength(1)
  })

  test('a new url under the same key configures the connection with it', async () => {
    const other = await startServer()
    try {
      const options = { key: 'room', WebSocket: env.sockets.WebSocket, logger: quiet }
      const { result, rerender } = renderHook(({ url }) => useGlock(url, undefined, options), {
        initialProps: { url: env.server.url },
      })
      await waitFor(() => expect(result.current.status).toBe('open'))
      const configure = vi.spyOn(registry()!.get('room')!.connection, 'configure')
      rerender({ url: env.server.url })
      expect(configure).not.toHaveBeenCalled()
      rerender({ url: other.url })
      expect(configure).toHaveBeenCalledTimes(1)
      expect(configure).toHaveBeenLastCalledWith(other.url, undefined, options)
      await waitFor(() => expect(other.sockets).toHaveLength(1))
    } finally {
      await other.close()
    }
  })

  test('only the owner configures; when it leaves, the next member configures once with its own props', async () => {
    const options = { WebSocket: env.sockets.WebSocket, logger: quiet, closeDelay: 50 }
    const ownerHandlers = { ...counter }
    const otherHandlers = { ...counter }
    function App({ owner, tick }: { owner: boolean; tick: number }) {
      return (
        <>
          {owner && <Probe handlers={ownerHandlers} tick={tick} />}
          <Probe handlers={otherHandlers} tick={tick} />
        </>
      )
    }
    function Probe({ handlers }: { handlers: typeof counter; tick: number }) {
      const { status } = useGlock(env.server.url, handlers, options)
      return <p>{status}</p>
    }
    const { rerender } = render(<App owner tick={0} />)
    await waitFor(() => expect(screen.getAllByText('open')).toHaveLength(2))
    const configure = vi.spyOn(entryOf(env.server.url)!.connection, 'configure')
    rerender(<App owner tick={1} />)
    expect(configure).not.toHaveBeenCalled()
    rerender(<App owner={false} tick={2} />)
    expect(configure).toHaveBeenCalledTimes(1)
    expect(configure).toHaveBeenLastCalledWith(env.server.url, otherHandlers, options)
    rerender(<App owner={false} tick={3} />)
    expect(configure).toHaveBeenCalledTimes(1)
  })

  test('StrictMode: one socket, and re-renders with the same props configure nothing', async () => {
    const options = { WebSocket: env.sockets.WebSocket, logger: quiet }
    function Probe(_: { tick: number }) {
      const { state, status, push } = useGlock(env.server.url, counter, options)
      return <button onClick={() => push('x')}>{`${status} ${state.sent}`}</button>
    }
    const { rerender } = render(<Probe tick={0} />, { wrapper: StrictMode })
    await waitFor(() => screen.getByText('open 0'))
    const configure = vi.spyOn(entryOf(env.server.url)!.connection, 'configure')
    rerender(<Probe tick={1} />)
    act(() => screen.getByRole('button').click())
    expect(screen.getByRole('button').textContent).toBe('open 1')
    expect(configure).not.toHaveBeenCalled()
    expect(env.sockets.made).toHaveLength(1)
  })
})

test('the key is computed once per url: 100 re-renders with an equal url string keep one connection and configure nothing', async () => {
  const options = { WebSocket: env.sockets.WebSocket, logger: quiet }
  const init = vi.fn(() => ({ sent: 0 }))
  const handlers = { ...counter, init }
  const { result, rerender } = renderHook(({ url }) => useGlock(url, handlers, options), {
    initialProps: { url: `${env.server.url}` },
  })
  await waitFor(() => expect(result.current.status).toBe('open'))
  const entry = entryOf(env.server.url)!
  const configure = vi.spyOn(entry.connection, 'configure')
  const inits = init.mock.calls.length
  for (let i = 0; i < 100; i++) rerender({ url: ['ws:', '//', env.server.url.slice(5)].join('') })
  expect(configure).not.toHaveBeenCalled()
  expect(init).toHaveBeenCalledTimes(inits)
  expect(registry()!.size).toBe(1)
  expect(entryOf(env.server.url)).toBe(entry)
  expect(entry.members).toHaveLength(1)
  expect(env.sockets.made).toHaveLength(1)
  expect(result.current.status).toBe('open')
})

describe('null handlers and options mean none', () => {
  test('useGlock(url, null): the default handlers, the state is the last frame', async () => {
    const { result } = renderHook(() =>
      useGlock(env.server.url, null, { WebSocket: env.sockets.WebSocket, logger: quiet }),
    )
    const socket = await env.server.nextConnection()
    socket.send('hello')
    await waitFor(() => expect(result.current.state).toEqual({ type: 'text', data: 'hello' }))
  })

  test('useGlock(url, handlers, null) connects with the default options', async () => {
    vi.stubGlobal('WebSocket', env.sockets.WebSocket)
    vi.spyOn(console, 'debug').mockImplementation(() => {})
    const { result } = renderHook(() => useGlock(env.server.url, counter, null))
    expect(result.current).toMatchObject({ state: { sent: 0 }, error: null })
    await waitFor(() => expect(result.current.status).toBe('open'))
    act(() => void result.current.push('x'))
    await env.server.messages(1)
    expect(env.server.received).toEqual(['x'])
    expect(result.current.state.sent).toBe(1)
    // Closed here, while console.debug is silenced: the default receive logs the close frame.
    act(() => result.current.close())
    await waitFor(() => expect(result.current.status).toBe('closed'))
  })

  test('useGlock(url, null, null) and useGlock(null, null, null) render without throwing', async () => {
    vi.stubGlobal('WebSocket', env.sockets.WebSocket)
    vi.spyOn(console, 'debug').mockImplementation(() => {})
    // No onError and no logger: a development build may tell the console of the refused push, once, as one line.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const both = renderHook(() => useGlock(env.server.url, null, null))
    const none = renderHook(() => useGlock(null, null, null))
    expect(none.result.current).toMatchObject({ state: null, status: 'idle', error: null })
    await waitFor(() => expect(both.result.current.status).toBe('open'))
    let pushed: boolean | undefined
    act(() => void (pushed = none.result.current.push('x')))
    expect(pushed).toBe(false)
    expect(none.result.current.error).toMatchObject({
      code: 'not_open',
      message: '[react-glock] push was refused: nothing is connected (the url is null).',
    })
    expect(logged.mock.calls.length).toBeLessThanOrEqual(1)
    for (const [line] of logged.mock.calls) expect(line).toMatch(/^\[react-glock\] not_open\b/)
    act(() => both.result.current.close())
    await waitFor(() => expect(both.result.current.status).toBe('closed'))
  })
})

describe('closeDelay', () => {
  test('an invalid closeDelay is reported on error and through onError, never thrown, and the default 1000 is used', async () => {
    const onError = vi.fn()
    const { clock, delays } = recordingClock()
    let renders = 0
    function Probe() {
      renders++
      const { status, error } = useGlock(env.server.url, undefined, {
        WebSocket: env.sockets.WebSocket,
        logger: quiet,
        clock,
        onError,
        closeDelay: 1.5,
      })
      return <p>{`${status} ${error?.message ?? 'none'}`}</p>
    }
    const { rerender, unmount } = render(<Probe />)
    const message = '[react-glock] options.closeDelay must be a whole number ≥ 0 or Infinity; got 1.5.'
    await waitFor(() => screen.getByText(`open ${message}`))
    rerender(<Probe />)
    rerender(<Probe />)
    expect(renders).toBeLessThan(10)
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_option', message }))
    const asked = delays.length
    unmount()
    expect(delays.slice(asked)).toContain(1000)
    expect(delays).not.toContain(1.5)
    // Still within the grace period: the socket is kept.
    expect(entryOf(env.server.url)).toBeDefined()
  })

  test.each([[-1], [NaN], ['soon'], [null]])('closeDelay %s is invalid_option, reported once', (closeDelay) => {
    const onError = vi.fn()
    const { result, rerender } = renderHook(() =>
      useGlock(null, undefined, { onError, closeDelay: closeDelay as number }),
    )
    rerender()
    expect(result.current.error).toMatchObject({ code: 'invalid_option' })
    expect(result.current.error?.message).toMatch(/options\.closeDelay must be a whole number ≥ 0 or Infinity/)
    expect(onError).toHaveBeenCalledTimes(1)
  })

  test.each([[0], [50], [Infinity], [undefined]])('closeDelay %s is fine', (closeDelay) => {
    const onError = vi.fn()
    const { result } = renderHook(() => useGlock(null, undefined, { onError, closeDelay }))
    expect(result.current.error).toBeNull()
    expect(onError).not.toHaveBeenCalled()
  })

  test('a valid closeDelay is the delay the registry waits', async () => {
    const { clock, delays } = recordingClock()
    const { result, unmount } = renderHook(() =>
      useGlock(env.server.url, undefined, { WebSocket: env.sockets.WebSocket, logger: quiet, clock, closeDelay: 321 }),
    )
    await waitFor(() => expect(result.current.status).toBe('open'))
    unmount()
    expect(delays).toContain(321)
  })
})

describe('the component keeps its own entry', () => {
  test('a connection closed after closeDelay and made again is the one a returning component uses', async () => {
    const other = await startServer()
    try {
      function Probe({ url }: { url: string }) {
        const { state, status, push } = useGlock(url, counter, {
          WebSocket: env.sockets.WebSocket,
          logger: quiet,
          closeDelay: 0,
        })
        return <button onClick={() => push('x')}>{`${status} ${state.sent}`}</button>
      }
      const { rerender } = render(<Probe url={env.server.url} />)
      await waitFor(() => screen.getByText('open 0'))
      const first = entryOf(env.server.url)!
      rerender(<Probe url={other.url} />)
      await waitFor(() => expect(entryOf(env.server.url)).toBeUndefined())
      rerender(<Probe url={env.server.url} />)
      await waitFor(() => screen.getByText('open 0'))
      const second = entryOf(env.server.url)!
      expect(second).not.toBe(first)
      expect(first.connection.getSnapshot().status).toBe('closed')
      act(() => screen.getByRole('button').click())
      expect(screen.getByRole('button').textContent).toBe('open 1')
      await env.server.messages(1)
      expect(env.server.sockets).toHaveLength(2)
      expect(env.sockets.made).toHaveLength(3)
    } finally {
      await other.close()
    }
  })

  test('an entry replaced between render and commit: the component subscribes to and pushes through the new one', async () => {
    // The registry's close timer (the one asking for closeDelay) runs only when the test says so.
    const closes: Array<() => void> = []
    const clock: Clock = {
      now: () => Date.now(),
      setTimeout: (callback, ms) => (ms === 777 ? (closes.push(callback), -1) : setTimeout(callback, ms)),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    }
    const options: GlockOptions<{ sent: number }> = {
      WebSocket: env.sockets.WebSocket,
      logger: quiet,
      clock,
      closeDelay: 777,
    }
    function Probe({ id }: { id: string }) {
      const { state, status, push } = useGlock(env.server.url, counter, options)
      return <button onClick={() => push(id)}>{`${id} ${status} ${state.sent}`}</button>
    }
    /** Renders after its sibling and before the commit: the pending close happens in that gap. */
    function CloseNow() {
      closes.splice(0).forEach((close) => close())
      return null
    }
    function App({ children }: { children?: ReactNode }) {
      return <>{children}</>
    }
    const { rerender } = render(
      <App>
        <Probe id="a" />
      </App>,
    )
    await waitFor(() => screen.getByText('a open 0'))
    const first = entryOf(env.server.url)!
    rerender(<App />)
    expect(closes).toHaveLength(1)
    rerender(
      <App>
        <Probe id="b" />
        <CloseNow />
      </App>,
    )
    const second = entryOf(env.server.url)!
    expect(second).not.toBe(first)
    expect(second.members).toHaveLength(1)
    expect(first.members).toHaveLength(0)
    await waitFor(() => expect(first.connection.getSnapshot().status).toBe('closed'))
    await waitFor(() => screen.getByText('b open 0'))
    act(() => screen.getByRole('button').click())
    expect(screen.getByRole('button').textContent).toBe('b open 1')
    await env.server.messages(1)
    expect(env.server.received).toEqual(['b'])
    expect(env.server.sockets).toHaveLength(2)
  })

  test('after unmounting, push is refused: the component holds no connection any more', async () => {
    const onError = vi.fn()
    const { result, unmount } = renderHook(() =>
      useGlock(env.server.url, counter, { WebSocket: env.sockets.WebSocket, logger: quiet, onError }),
    )
    await waitFor(() => expect(result.current.status).toBe('open'))
    const { push } = result.current
    unmount()
    expect(push('late')).toBe(false)
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({
        code: 'not_open',
        message: '[react-glock] push was refused: nothing is connected (the component is not mounted).',
      }),
    )
    expect(env.server.received).toEqual([])
  })

  test('a later component on the key shares the entry; push, close and reconnect act on it', async () => {
    function Late() {
      const [shown, setShown] = useState(false)
      return (
        <>
          <button onClick={() => setShown(true)}>show</button>
          {shown && <Probe />}
        </>
      )
    }
    let commands: GlockResult<{ sent: number }, string> | undefined
    function Probe() {
      commands = useGlock(env.server.url, counter, { WebSocket: env.sockets.WebSocket, logger: quiet })
      return <p>{`late ${commands.status} ${commands.state.sent}`}</p>
    }
    const first = renderHook(() =>
      useGlock(env.server.url, counter, { WebSocket: env.sockets.WebSocket, logger: quiet }),
    )
    await waitFor(() => expect(first.result.current.status).toBe('open'))
    act(() => void first.result.current.push('one'))
    render(<Late />)
    act(() => screen.getByText('show').click())
    expect(screen.getByText('late open 1')).toBeDefined()
    act(() => void commands!.push('two'))
    expect(first.result.current.state.sent).toBe(2)
    act(() => commands!.close())
    await waitFor(() => expect(first.result.current.status).toBe('closed'))
    act(() => commands!.reconnect())
    await waitFor(() => expect(first.result.current.status).toBe('open'))
    expect(registry()!.size).toBe(1)
    expect(entryOf(env.server.url)!.members).toHaveLength(2)
  })
})

describe('an onError that throws, for errors the hook reports itself', () => {
  const boom = () => {
    throw new Error('onError itself')
  }

  test('a URL function without a key: the error reaches onError, its throw goes to reportError, the tree renders', () => {
    const reportError = vi.fn()
    vi.stubGlobal('reportError', reportError)
    // @ts-expect-error the type requires the key too: this is what happens without it
    const { result } = renderHook(() => useGlock(() => env.server.url, null, { logger: quiet, onError: boom }))
    expect(result.current.error).toMatchObject({ code: 'invalid_option' })
    expect(reportError).toHaveBeenCalledWith(expect.objectContaining({ message: 'onError itself' }))
  })

  test('a push with nothing connected returns false and does not throw onError’s error', () => {
    const reportError = vi.fn()
    vi.stubGlobal('reportError', reportError)
    const { result } = renderHook(() => useGlock(null, null, { logger: quiet, onError: boom }))
    let pushed: boolean | undefined
    act(() => {
      pushed = result.current.push('x')
    })
    expect(pushed).toBe(false)
    expect(reportError).toHaveBeenCalledWith(expect.objectContaining({ message: 'onError itself' }))
  })

  test('without reportError (Node), the throw goes to the logger', () => {
    vi.stubGlobal('reportError', undefined)
    const error = vi.fn()
    const { result } = renderHook(() => useGlock(null, null, { logger: { ...quiet, error }, onError: boom }))
    act(() => void result.current.push('x'))
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ message: 'onError itself' }))
  })
})
