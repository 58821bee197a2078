/** @vitest-environment jsdom */
import { act, render, screen } from '@testing-library/react'
import { test } from 'vitest'
import { z } from 'zod'
import { defineSocket, json, useGlock } from 'react-glock'
import { withTestServer } from '../support/hook-env'
import { silentLogger } from '../support/logger'

const env = withTestServer()

const Message = z.object({ user: z.string(), text: z.string() })

test('a json() definition in a component: typed messages both ways, a bad frame reported and cleared', async () => {
  const chat = defineSocket(
    env.server.url,
    json({
      schema: Message,
      init: () => [] as z.infer<typeof Message>[],
      send: (text: string, log) => ({ state: log, push: { user: 'me', text } }),
      receive: (message, log) => ({ state: [...log, message] }),
    }),
    { WebSocket: env.sockets.WebSocket, logger: silentLogger },
  )
  let push: (text: string) => boolean = () => false
  function Chat() {
    const result = useGlock(chat)
    push = result.push
    const lines = result.state.map((message) => `${message.user}: ${message.text}`).join(' | ')
    return <p>{`${result.status} ${result.error?.code ?? 'no error'} [${lines}]`}</p>
  }
  render(<Chat />)
  await screen.findByText('open no error []')
  // The echo server sends the frame back: parsed, validated and typed.
  act(() => void push('hello'))
  await screen.findByText('open no error [me: hello]')
  env.server.sockets[0]!.send('not json')
  await screen.findByText('open invalid_message [me: hello]')
  env.server.sockets[0]!.send(JSON.stringify({ user: 'ann', text: 'hi' }))
  await screen.findByText('open no error [me: hello | ann: hi]')
})
