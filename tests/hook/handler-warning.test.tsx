/** @vitest-environment jsdom */
import { render, screen } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import { defineSocket, useGlock, type Frame, type Logger } from 'react-glock'
import { resetGlock } from 'react-glock/testing'
import { withTestServer } from '../support/hook-env'
import { inProduction } from '../support/production'

const env = withTestServer()

const receiveText = (frame: Frame, log: string[]) => ({ state: frame.type === 'text' ? [...log, frame.data] : log })

/** A logger that records warnings, and stays quiet otherwise. */
function recording() {
  const warn = vi.fn()
  const logger: Logger = { debug() {}, error() {}, warn }
  return { logger, warn }
}

describe('the one-off form: components on one key with different handler names', () => {
  test('warn once, naming the key, whose handlers run, and the fix', async () => {
    const { logger, warn } = recording()
    const options = { WebSocket: env.sockets.WebSocket, logger }
    function Badge() {
      return <span>{useGlock(env.server.url, null, options).status}</span>
    }
    function Chat() {
      // Its state would be the badge's (null): the very mistake the warning is about, so it is not read here.
      useGlock(env.server.url, { init: () => [] as string[], receive: receiveText }, options)
      return (
        <>
          <Badge />
          <Badge />
        </>
      )
    }
    render(<Chat />)
    await screen.findAllByText('open')
    expect(warn).toHaveBeenCalledTimes(1)
    const [message] = warn.mock.calls[0]!
    expect(message).toMatch(/^\[react-glock\] Components on "ws:\/\/127\.0\.0\.1:\d+\/" pass different handlers/)
    // The badge mounted first (children mount first): its handlers (none) run, the chat's are ignored.
    expect(message).toContain('only the first one mounted runs its own (none)')
    expect(message).toContain("this one's (init, receive) are ignored")
    expect(message).toContain('defineSocket(url, handlers, options)')
  })

  test('inline handlers objects with the same names do not warn', async () => {
    const { logger, warn } = recording()
    function Log({ name }: { name: string }) {
      const { status } = useGlock(
        env.server.url,
        { init: () => [] as string[], receive: receiveText },
        { WebSocket: env.sockets.WebSocket, logger },
      )
      return <p>{`${name} ${status}`}</p>
    }
    render(
      <>
        <Log name="a" />
        <Log name="b" />
      </>,
    )
    await screen.findByText('b open')
    expect(warn).not.toHaveBeenCalled()
  })
})

describe('definitions', () => {
  test('two definitions of one key with different handlers objects warn once', async () => {
    const { logger, warn } = recording()
    const options = { WebSocket: env.sockets.WebSocket, logger }
    const chat = defineSocket(env.server.url, { init: () => [] as string[], receive: receiveText }, options)
    const other = defineSocket(env.server.url, { init: () => [] as string[], receive: receiveText }, options)
    function A() {
      return <p>{`a ${useGlock(chat).status}`}</p>
    }
    function B() {
      return <p>{`b ${useGlock(other).status}`}</p>
    }
    render(
      <>
        <A />
        <B />
      </>,
    )
    await screen.findByText('b open')
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toContain('pass different handlers')
  })

  test('a definition made per render from module-level handlers never warns', async () => {
    const { logger, warn } = recording()
    const handlers = { init: () => [] as string[], receive: receiveText }
    function Room({ name }: { name: string }) {
      const room = defineSocket(env.server.url, handlers, { WebSocket: env.sockets.WebSocket, logger })
      return <p>{`${name} ${useGlock(room).status}`}</p>
    }
    render(
      <>
        <Room name="a" />
        <Room name="b" />
      </>,
    )
    await screen.findByText('b open')
    expect(warn).not.toHaveBeenCalled()
  })
})

test('resetGlock forgets the warnings given, so the next test is warned again', async () => {
  const { logger, warn } = recording()
  const options = { WebSocket: env.sockets.WebSocket, logger }
  function Pair() {
    useGlock(env.server.url, null, options)
    const { status } = useGlock(env.server.url, { receive: receiveText as never }, options)
    return <p>{status}</p>
  }
  const first = render(<Pair />)
  await screen.findByText('open')
  first.unmount()
  resetGlock()
  render(<Pair />)
  await screen.findByText('open')
  expect(warn).toHaveBeenCalledTimes(2)
})

describe('in production builds', () => {
  const load = inProduction(() => import('react-glock'))

  test('nothing is warned', async () => {
    const { useGlock: useGlockInProduction } = await load()
    const { logger, warn } = recording()
    const options = { WebSocket: env.sockets.WebSocket, logger }
    function Pair() {
      useGlockInProduction(env.server.url, null, options)
      const { status } = useGlockInProduction(env.server.url, { receive: receiveText as never }, options)
      return <p>{status}</p>
    }
    render(<Pair />)
    await screen.findByText('open')
    expect(warn).not.toHaveBeenCalled()
  })
})
