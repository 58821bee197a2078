/** @vitest-environment jsdom */
import { memo, StrictMode, useState } from 'react'
import { act, render, screen, waitFor } from '@testing-library/react'
import { expect, test } from 'vitest'
import { defineSocket, useGlock, type Frame } from 'react-glock'
import { withTestServer } from '../support/hook-env'
import { silentLogger } from '../support/logger'

const env = withTestServer()

const chatHandlers = {
  init: () => ({ messages: [] as string[] }),
  send: (text: string, state: { messages: string[] }) => ({ state, push: text }),
  receive: (frame: Frame, state: { messages: string[] }) =>
    frame.type === 'text' ? { state: { messages: [...state.messages, frame.data] } } : { state },
}

/** The chat of the README, on the test's echo server. */
const defineChat = (url = env.server.url) =>
  defineSocket(url, chatHandlers, { WebSocket: env.sockets.WebSocket, logger: silentLogger })

test('a status badge that mounts first (inside the chat) does not take the chat over: the chat handlers run', async () => {
  const chat = defineChat()
  let badgeRenders = 0
  // memo: so the parent's own renders (for each message) do not render it.
  const Badge = memo(function Badge() {
    const { status } = useGlock(chat, { select: () => null })
    badgeRenders++
    return <span>{`badge ${status}`}</span>
  })
  function Chat() {
    const { state, push } = useGlock(chat)
    return (
      <>
        <Badge />
        <button onClick={() => push('hello')}>send</button>
        <ul>
          {state.messages.map((text, index) => (
            <li key={index}>{text}</li>
          ))}
        </ul>
      </>
    )
  }
  render(<Chat />)
  await screen.findByText('badge open')
  const rendersWhenOpen = badgeRenders
  act(() => screen.getByText('send').click())
  // The echo comes back through the definition's receive, whichever component mounted first.
  expect(await screen.findByText('hello')).toBeTruthy()
  expect(env.sockets.made).toHaveLength(1)
  // A status-only component does not re-render for messages.
  expect(badgeRenders).toBe(rendersWhenOpen)
})

test('enabled: false connects nothing, and shows init state; enabling connects', async () => {
  const chat = defineChat()
  function Chat() {
    const [enabled, setEnabled] = useState(false)
    const { status, state } = useGlock(chat, { enabled })
    return <button onClick={() => setEnabled(true)}>{`${status} ${state.messages.length}`}</button>
  }
  render(<Chat />)
  expect(screen.getByRole('button').textContent).toBe('idle 0')
  expect(env.sockets.attempts).toBe(0)
  act(() => screen.getByRole('button').click())
  await screen.findByText('open 0')
  expect(env.sockets.made).toHaveLength(1)
})

test('a definition made per render from a room id: one socket per room, none made again on re-render', async () => {
  function Room({ id }: { id: number }) {
    const room = defineChat(`${env.server.url}/?room=${id}`)
    const [, setTick] = useState(0)
    const { status } = useGlock(room)
    return <button onClick={() => setTick((tick) => tick + 1)}>{`room ${id} ${status}`}</button>
  }
  const { rerender } = render(<Room id={1} />)
  await screen.findByText('room 1 open')
  for (let i = 0; i < 5; i++) act(() => screen.getByRole('button').click())
  expect(env.sockets.made).toHaveLength(1)
  rerender(<Room id={2} />)
  await screen.findByText('room 2 open')
  expect(env.sockets.made.map((socket) => socket.url)).toEqual([
    `${env.server.url}/?room=1`,
    `${env.server.url}/?room=2`,
  ])
})

test('StrictMode: one socket for a definition used by two components', async () => {
  const chat = defineChat()
  function Status({ name }: { name: string }) {
    return <p>{`${name} ${useGlock(chat).status}`}</p>
  }
  render(
    <StrictMode>
      <Status name="a" />
      <Status name="b" />
    </StrictMode>,
  )
  await screen.findByText('a open')
  await screen.findByText('b open')
  expect(env.sockets.made).toHaveLength(1)
})

test('two components with one definition share one state', async () => {
  const chat = defineChat()
  function Log({ name }: { name: string }) {
    const { state, push } = useGlock(chat)
    return <button onClick={() => push(`from ${name}`)}>{`${name}: ${state.messages.join(',')}`}</button>
  }
  render(
    <>
      <Log name="a" />
      <Log name="b" />
    </>,
  )
  await waitFor(() => expect(env.sockets.made[0]?.readyState).toBe(1))
  act(() => screen.getByText(/^a:/).click())
  await screen.findByText('b: from a')
  expect(screen.getByText(/^a:/).textContent).toBe('a: from a')
})
