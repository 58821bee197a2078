// A json() handler with a zod schema, tested with the kit: valid messages reach the state, an invalid one is an
// invalid_message error that leaves the state as it was.
import { fireEvent, render, screen } from '@testing-library/react'
import { z } from 'zod'
import { defineSocket, json, useGlock } from 'react-glock'
import { createMockServer, matchers } from 'react-glock/testing'

expect.extend(matchers)

const server = createMockServer('wss://chat.example/room/2')
afterAll(() => server.stop())

const Message = z.object({ user: z.string(), text: z.string() })
const errors: string[] = []
const typedChat = defineSocket(
  'wss://chat.example/room/2',
  json({
    schema: Message,
    init: () => [] as z.infer<typeof Message>[],
    send: (text: string, log) => ({ state: log, push: { type: 'say', text } }),
    receive: (message, log) => ({ state: [...log, message] }),
  }),
  { WebSocket: server.WebSocket, onError: (error) => errors.push(error.code) },
)

function TypedChat() {
  const { state, error, push } = useGlock(typedChat)
  return (
    <>
      <ul>
        {state.map((message, i) => (
          <li key={i}>
            {message.user}: {message.text}
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error.code}</p>}
      <button onClick={() => push('hi')}>Say hi</button>
    </>
  )
}

test('valid messages reach the state; what is pushed goes out as JSON', async () => {
  render(<TypedChat />)
  await server.connected()
  server.send({ user: 'ann', text: 'hello' })
  expect(screen.getByText('ann: hello')).toBeTruthy()
  fireEvent.click(screen.getByText('Say hi'))
  expect(server).toHaveReceived({ type: 'say', text: 'hi' })
})

test('a message that fails the schema is an invalid_message error, and the state is kept', async () => {
  render(<TypedChat />)
  await server.connected()
  server.send({ user: 'ann', text: 'first' })
  server.send({ user: 42 })
  expect(screen.getByRole('alert').textContent).toBe('invalid_message')
  expect(errors).toEqual(['invalid_message'])
  expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['ann: first'])
  // The socket keeps working: the next valid message arrives and clears the error.
  server.send({ user: 'bob', text: 'second' })
  expect(screen.getAllByRole('listitem')).toHaveLength(2)
  expect(screen.queryByRole('alert')).toBeNull()
})
