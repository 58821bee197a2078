/** @vitest-environment jsdom */
import { useLayoutEffect } from 'react'
import { act, render, screen } from '@testing-library/react'
import { test } from 'vitest'
import { defineSocket, useGlock, type Frame } from 'react-glock'
import { withTestServer } from '../support/hook-env'
import { silentLogger } from '../support/logger'

const env = withTestServer()

/** An echo chat whose receive throws on 'boom', its error shown by the component. */
function renderChat() {
  const chat = defineSocket(
    env.server.url,
    {
      init: () => [] as string[],
      send: (text: string, log) => ({ state: log, push: text }),
      receive: (frame: Frame, log) => {
        if (frame.type === 'text' && frame.data === 'boom') throw new Error('bad frame')
        return { state: frame.type === 'text' ? [...log, frame.data] : log }
      },
    },
    { WebSocket: env.sockets.WebSocket, logger: silentLogger },
  )
  // A child's layout effect runs before its parent has joined the connection: that push is refused.
  function Child({ push }: { push: (text: string) => boolean }) {
    useLayoutEffect(() => void push('too early'), [push])
    return null
  }
  let push: (text: string) => boolean = () => false
  function Chat() {
    const result = useGlock(chat)
    push = result.push
    return (
      <>
        <Child push={result.push} />
        <p>{`${result.status} ${result.error?.code ?? 'no error'} [${result.state.join(',')}]`}</p>
      </>
    )
  }
  render(<Chat />)
  return { push: (text: string) => act(() => void push(text)) }
}

test("a component's own refusal shows until its next push is accepted", async () => {
  const { push } = renderChat()
  await screen.findByText('open not_open []')
  push('hello')
  await screen.findByText('open no error [hello]')
})

test('a newer error from the connection replaces the refusal, and when it clears the refusal does not come back', async () => {
  renderChat()
  await screen.findByText('open not_open []')
  // The server sends 'boom', which receive throws on: a newer error.
  env.server.sockets[0]!.send('boom')
  await screen.findByText('open handler_error []')
  env.server.sockets[0]!.send('fine')
  await screen.findByText('open no error [fine]')
})
