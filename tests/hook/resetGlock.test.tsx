/** @vitest-environment jsdom */
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { expect, test } from 'vitest'
import { defineSocket, useGlock, type SocketDefinition } from 'react-glock'
import { resetGlock } from 'react-glock/testing'
import { fakeClock } from '../support/fake-clock'
import { withTestServer } from '../support/hook-env'
import { silentLogger } from '../support/logger'
import { closedOf } from '../support/wait'

const env = withTestServer()

/** Any socket's status: a definition of any state will do. */
function Status({ chat }: { chat: SocketDefinition }) {
  return <p>{useGlock(chat).status}</p>
}

test('without resetGlock, the next test on the URL joins the connection the last one left (within closeDelay)', async () => {
  const chat = defineSocket(env.server.url, null, { WebSocket: env.sockets.WebSocket, logger: silentLogger })
  render(<Status chat={chat} />)
  await screen.findByText('open')
  cleanup()
  // What the next test would see: the same socket, still open, for another closeDelay.
  render(<Status chat={chat} />)
  expect(screen.getByText('open')).toBeTruthy()
  expect(env.sockets.made).toHaveLength(1)
})

test('resetGlock closes every connection at once, with no closeDelay wait, and the next render connects anew', async () => {
  // The connections' timers, closeDelay's included, on a clock the test reads.
  const time = fakeClock(Date.now())
  const options = { WebSocket: env.sockets.WebSocket, logger: silentLogger, clock: time.clock }
  const chat = defineSocket(env.server.url, null, { ...options, closeDelay: 60_000 })
  const other = defineSocket(`${env.server.url}/other`, null, options)
  render(
    <>
      <Status chat={chat} />
      <Status chat={other} />
    </>,
  )
  await waitFor(() => expect(screen.getAllByText('open')).toHaveLength(2))
  cleanup()
  expect(time.pending()).toEqual([1000, 60_000])
  resetGlock()
  // Nothing waits for closeDelay any more, and both sockets close now.
  expect(time.pending()).toEqual([])
  await Promise.all(env.server.sockets.map((socket) => closedOf(socket)))
  await waitFor(() => expect(env.sockets.made.map((socket) => socket.readyState)).toEqual([3, 3]))
  render(<Status chat={chat} />)
  // A new connection, not the one the last render left.
  expect(screen.getByText('connecting')).toBeTruthy()
  await screen.findByText('open')
  expect(env.sockets.made).toHaveLength(3)
})

test('resetGlock with nothing registered does nothing', () => {
  expect(() => resetGlock()).not.toThrow()
})
