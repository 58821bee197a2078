/** @vitest-environment jsdom */
import { StrictMode, useState } from 'react'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import { useGlock, type Frame, type GlockOptions, type Handlers } from 'react-glock'
import { startServer, type TestServer } from '../support/server'
import { withTestServer } from '../support/hook-env'
import { silentLogger } from '../support/logger'

const env = withTestServer()

interface Counts {
  sent: number
  received: number
  last: string | null
}
const counter: Handlers<Counts, string> = {
  init: () => ({ sent: 0, received: 0, last: null }),
  send: (message, state) => ({ state: { ...state, sent: state.sent + 1 }, push: message }),
  receive: (frame, state) => ({
    state: frame.type === 'text' ? { ...state, received: state.received + 1, last: frame.data } : state,
  }),
}

function Counter({
  id,
  url = env.server.url,
  handlers = counter,
  options,
}: {
  id: string
  url?: string | null
  handlers?: Handlers<Counts, string>
  options?: GlockOptions<Counts>
}) {
  const { state, status, push } = useGlock(url, handlers, {
    WebSocket: env.sockets.WebSocket,
    closeDelay: 50,
    ...options,
  })
  return (
    <div>
      <output data-testid={id}>{`${status} sent=${state.sent} received=${state.received} last=${state.last}`}</output>
      <button onClick={() => push(`from ${id}`)}>push {id}</button>
    </div>
  )
}

const text = (id: string) => screen.getByTestId(id).textContent

/** Runs `body` with a second test server, closed afterwards. */
async function withOtherServer(body: (other: TestServer) => Promise<void>) {
  const other = await startServer()
  try {
    await body(other)
  } finally {
    await other.close()
  }
}

describe('sharing', () => {
  /** Two Counters on the same key, once open. */
  async function renderPair() {
    render(
      <>
        <Counter id="a" />
        <Counter id="b" />
      </>,
    )
    await waitFor(() => expect(text('a')).toMatch(/^open/))
  }

  test('components on the same key share one socket', async () => {
    await renderPair()
    expect(env.sockets.made).toHaveLength(1)
    expect(env.server.sockets).toHaveLength(1)
  })

  test('components on the same key share one state', async () => {
    await renderPair()
    act(() => screen.getByText('push a').click())
    expect(text('a')).toMatch('sent=1')
    expect(text('b')).toMatch('sent=1')
    await waitFor(() => expect(text('b')).toBe('open sent=1 received=1 last=from a'))
  })

  test('a component mounting later sees the current state on its first render', async () => {
    const firstRenders: string[] = []
    function Late() {
      const { state, status } = useGlock(env.server.url, counter, { WebSocket: env.sockets.WebSocket })
      const [first] = useState(() => `${status} received=${state.received}`)
      firstRenders.push(first)
      return null
    }
    function App({ late }: { late: boolean }) {
      return (
        <>
          <Counter id="a" />
          {late && <Late />}
        </>
      )
    }
    const { rerender } = render(<App late={false} />)
    await waitFor(() => expect(text('a')).toMatch(/^open/))
    act(() => screen.getByText('push a').click())
    await waitFor(() => expect(text('a')).toMatch('received=1'))
    rerender(<App late />)
    expect(firstRenders[0]).toBe('open received=1')
  })

  /** Two components on one key whose send logs `<tag> sent <message>`; the owner can be re-tagged or unmounted. */
  async function renderTagged() {
    function Tagged({ tag }: { tag: string }) {
      const { state, push } = useGlock<string[], string>(
        env.server.url,
        {
          init: () => [],
          send: (message, log) => ({ state: [...log, `${tag} sent ${message}`], push: message }),
        },
        // No receive handler: the default one would log every frame.
        { WebSocket: env.sockets.WebSocket, closeDelay: 50, logger: silentLogger },
      )
      return <button onClick={() => push('x')}>{`${tag}: ${state.join(', ')}`}</button>
    }
    function App({ first, second, showFirst }: { first: string; second: string; showFirst: boolean }) {
      return (
        <>
          {showFirst && <Tagged tag={first} />}
          <Tagged tag={second} />
        </>
      )
    }
    const { rerender } = render(<App first="A1" second="B" showFirst />)
    await waitFor(() => expect(env.server.sockets).toHaveLength(1))
    return {
      retagOwner: () => rerender(<App first="A2" second="B" showFirst />),
      unmountOwner: () => rerender(<App first="A2" second="B" showFirst={false} />),
    }
  }

  test("the owner's latest handlers run, without reconnecting", async () => {
    const { retagOwner } = await renderTagged()
    retagOwner()
    act(() => screen.getAllByRole('button')[1]!.click())
    expect(screen.getAllByRole('button')[1]!.textContent).toBe('B: A2 sent x')
    expect(env.sockets.made).toHaveLength(1)
  })

  test('when the owner unmounts, the next oldest component takes over, without reconnecting', async () => {
    const { retagOwner, unmountOwner } = await renderTagged()
    retagOwner()
    act(() => screen.getAllByRole('button')[1]!.click())
    unmountOwner()
    act(() => screen.getByRole('button').click())
    expect(screen.getByRole('button').textContent).toBe('B: A2 sent x, B sent x')
    expect(env.sockets.made).toHaveLength(1)
  })

  test('the registry lives on a globalThis symbol, so every build of the package shares it', async () => {
    render(<Counter id="a" />)
    const registry = (globalThis as Record<symbol, Map<string, unknown>>)[Symbol.for('react-glock.registry')]
    expect(registry?.has(`${env.server.url}/`)).toBe(true)
  })
})

describe('lifecycle', () => {
  test('StrictMode opens exactly one socket', async () => {
    render(
      <StrictMode>
        <Counter id="a" />
        <Counter id="b" />
      </StrictMode>,
    )
    await waitFor(() => expect(text('a')).toMatch(/^open/))
    expect(env.sockets.made).toHaveLength(1)
    expect(env.server.sockets).toHaveLength(1)
  })

  /** Shows Counter a (show=1), Counter b (show=2) or nothing (show=0) on one key; starts with a, once open. */
  async function renderSwappable() {
    const closes: number[] = []
    env.server.wss.on('connection', (socket) => socket.on('close', (code) => closes.push(code)))
    function App({ show }: { show: number }) {
      return show === 0 ? null : show === 1 ? <Counter id="a" /> : <Counter id="b" />
    }
    const { rerender } = render(<App show={1} />)
    await waitFor(() => expect(text('a')).toMatch(/^open/))
    return { closes, show: (show: number) => rerender(<App show={show} />) }
  }

  test('swapping components within the grace period reuses the socket', async () => {
    const { show } = await renderSwappable()
    show(2)
    expect(text('b')).toMatch(/^open/)
    expect(env.sockets.made).toHaveLength(1)
  })

  test('the socket closes with 1000 after the last component unmounts, after the grace period', async () => {
    const { closes, show } = await renderSwappable()
    show(0)
    expect(closes).toEqual([])
    await waitFor(() => expect(closes).toEqual([1000]))
    expect(env.sockets.made).toHaveLength(1)
    expect(env.sockets.live()).toBe(0)
  })

  /** A component whose receive logs frames, after 'hello' and then a close with 4000 from the server. */
  async function closedByServer() {
    const receive = vi.fn((frame: Frame, state: Frame[]) => ({ state: [...state, frame] }))
    function Log() {
      const { state, status, lastClose } = useGlock(
        env.server.url,
        { init: () => [] as Frame[], receive },
        { WebSocket: env.sockets.WebSocket },
      )
      return (
        <output data-testid="log">{`${status} ${state.map((f) => f.type).join(',')} ${lastClose?.code ?? ''}`}</output>
      )
    }
    render(<Log />)
    const socket = await env.server.nextConnection()
    socket.send('hello')
    await waitFor(() => expect(text('log')).toBe('open text '))
    socket.close(4000, 'done')
    await waitFor(() => expect(text('log')).toBe('closed text,close 4000'))
    return receive
  }

  test('a close frame from the server reaches receive', async () => {
    const receive = await closedByServer()
    expect(receive).toHaveBeenLastCalledWith(
      { type: 'close', code: 4000, reason: 'done', wasClean: true },
      expect.anything(),
    )
  })

  test('after a close frame from the server with 4000, status is closed and nothing reconnects', async () => {
    await closedByServer()
    expect(env.sockets.made).toHaveLength(1)
  })

  test('a close step from a handler closes with its code and reason', async () => {
    const closes: Array<[number, string]> = []
    env.server.wss.on('connection', (socket) =>
      socket.on('close', (code, reason) => closes.push([code, reason.toString()])),
    )
    function Quitter() {
      const { status } = useGlock<null>(
        env.server.url,
        {
          receive: (frame, state) =>
            frame.type === 'text' && frame.data === 'quit'
              ? { state, close: { code: 4321, reason: 'told to' } }
              : { state },
        },
        { WebSocket: env.sockets.WebSocket },
      )
      return <output data-testid="q">{status}</output>
    }
    render(<Quitter />)
    const socket = await env.server.nextConnection()
    socket.send('quit')
    await waitFor(() => expect(text('q')).toBe('closed'))
    await waitFor(() => expect(closes).toEqual([[4321, 'told to']]))
  })

  /** Renders Counter a on the test server, once open, then moves it to `other`'s URL, once connected there. */
  async function moveTo(other: TestServer) {
    const { rerender } = render(<Counter id="a" />)
    await waitFor(() => expect(text('a')).toMatch(/^open/))
    rerender(<Counter id="a" url={other.url} />)
    await waitFor(() => expect(other.sockets).toHaveLength(1))
  }

  test('changing the url moves the component to the new connection', async () => {
    await withOtherServer(async (other) => {
      await moveTo(other)
      act(() => screen.getByText('push a').click())
      await other.messages(1)
      expect(env.server.received).toEqual([])
    })
  })

  test('changing the url releases the old connection', async () => {
    await withOtherServer(async (other) => {
      await moveTo(other)
      await waitFor(() => expect(env.sockets.made[0]!.readyState).toBe(WebSocket.CLOSED))
    })
  })
})

describe('commands', () => {
  /** A button showing `sent` that pushes 'x' when clicked; `seen` collects every push, close and reconnect given. */
  function renderProbe() {
    const seen = new Set<unknown>()
    function Probe() {
      const { state, push, close, reconnect } = useGlock(env.server.url, counter, { WebSocket: env.sockets.WebSocket })
      seen.add(push).add(close).add(reconnect)
      return <button onClick={() => push('x')}>{state.sent}</button>
    }
    render(<Probe />)
    return { seen, click: () => act(() => screen.getByRole('button').click()) }
  }

  test('push updates the state on the next render', async () => {
    const { click } = renderProbe()
    click()
    expect(screen.getByRole('button').textContent).toBe('1')
    await waitFor(() => expect(env.server.received).toEqual(['x']))
    click()
    expect(screen.getByRole('button').textContent).toBe('2')
  })

  test('push, close and reconnect keep their identity from render to render', async () => {
    const { seen, click } = renderProbe()
    click()
    await waitFor(() => expect(env.server.received).toEqual(['x']))
    click()
    expect(seen.size).toBe(3)
  })

  /** A hook and Counter b on one key; the hook pushes 'hi' once open, then closes with 4000. */
  async function closedFromOneComponent() {
    const { result } = renderHook(() => useGlock(env.server.url, counter, { WebSocket: env.sockets.WebSocket }))
    render(<Counter id="b" />)
    await waitFor(() => expect(text('b')).toMatch(/^open/))
    act(() => void result.current.push('hi'))
    act(() => result.current.close(4000, 'bye'))
    return result
  }

  test('close is shared by every component on the key', async () => {
    await closedFromOneComponent()
    expect(text('b')).toMatch(/^closing sent=1/)
    await waitFor(() => expect(text('b')).toMatch(/^closed/))
  })

  test('reconnect opens again, with the state kept', async () => {
    const result = await closedFromOneComponent()
    await waitFor(() => expect(text('b')).toMatch(/^closed/))
    act(() => result.current.reconnect())
    await waitFor(() => expect(text('b')).toMatch(/^open sent=1/))
    expect(env.sockets.made).toHaveLength(2)
  })

  /** A hook with a null url; `onError` is its option. */
  function renderWithoutUrl() {
    const onError = vi.fn()
    const { result } = renderHook(() => useGlock(null, counter, { WebSocket: env.sockets.WebSocket, onError }))
    return { result, onError }
  }

  test('a null url connects nothing and is idle', () => {
    const { result } = renderWithoutUrl()
    expect(result.current).toMatchObject({ status: 'idle', error: null, state: { sent: 0 } })
    expect(env.sockets.made).toHaveLength(0)
  })

  test('with a null url, push returns false and reports not_open', () => {
    const { result, onError } = renderWithoutUrl()
    let pushed: boolean | undefined
    act(() => void (pushed = result.current.push('x')))
    expect(pushed).toBe(false)
    expect(result.current).toMatchObject({ status: 'idle', error: { code: 'not_open' }, state: { sent: 0 } })
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'not_open' }))
  })

  test('a null url connects nothing: idle, and push returns false with not_open', () => {
    const onError = vi.fn()
    const { result } = renderHook(() => useGlock(null, counter, { WebSocket: env.sockets.WebSocket, onError }))
    expect(result.current).toMatchObject({ status: 'idle', error: null, state: { sent: 0 } })
    let pushed: boolean | undefined
    act(() => void (pushed = result.current.push('x')))
    expect(pushed).toBe(false)
    expect(result.current).toMatchObject({ status: 'idle', error: { code: 'not_open' }, state: { sent: 0 } })
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'not_open' }))
    expect(env.sockets.made).toHaveLength(0)
  })

  test('an invalid url sets error naming it, opens nothing and never throws in render', async () => {
    function Probe() {
      const { status, error } = useGlock('gopher://x', undefined, { WebSocket: env.sockets.WebSocket, onError() {} })
      return <output data-testid="p">{`${status} ${error?.message ?? ''}`}</output>
    }
    render(<Probe />)
    await waitFor(() =>
      expect(text('p')).toMatch(/^closed \[react-glock\] The URL "gopher:\/\/x" has the scheme gopher:/),
    )
    expect(env.sockets.made).toHaveLength(0)
  })

  test('a relative path resolves against the page', async () => {
    const urls: string[] = []
    class Recording {
      readyState = 0
      constructor(url: string) {
        urls.push(url)
      }
      close() {}
    }
    function Probe() {
      useGlock('/socket?room=1', undefined, { WebSocket: Recording as never })
      return null
    }
    render(<Probe />)
    expect(urls).toEqual([`ws://${location.host}/socket?room=1`])
  })
})

describe('select', () => {
  test('a component re-renders only when its selection, status or error changes', async () => {
    const renders: Record<string, number> = { a: 0, b: 0 }
    type Prices = Record<string, number>
    const handlers: Handlers<Prices, never> = {
      init: () => ({ a: 0, b: 0 }),
      receive: (frame, prices) => {
        if (frame.type !== 'text') return { state: prices }
        const [symbol, price] = frame.data.split('=') as [string, string]
        return { state: { ...prices, [symbol]: Number(price) } }
      },
    }
    function Ticker({ symbol }: { symbol: string }) {
      const { state, status } = useGlock(env.server.url, handlers, {
        WebSocket: env.sockets.WebSocket,
        select: (prices) => prices[symbol],
        notify: 'sync',
      })
      renders[symbol]!++
      return <output data-testid={symbol}>{`${status} ${state}`}</output>
    }
    render(
      <>
        <Ticker symbol="a" />
        <Ticker symbol="b" />
      </>,
    )
    const socket = await env.server.nextConnection()
    await waitFor(() => expect([text('a'), text('b')]).toEqual(['open 0', 'open 0']))
    const before = { ...renders }
    for (let i = 1; i <= 5; i++) socket.send(`a=${i}`)
    await waitFor(() => expect(text('a')).toBe('open 5'))
    expect(text('b')).toBe('open 0')
    expect(renders.b).toBe(before.b)
    expect(renders.a! - before.a!).toBeGreaterThanOrEqual(1)
  })
})
