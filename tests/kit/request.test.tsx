// A request with a reply (JSON-RPC), tested with the kit: the server reads the request, answers it by id, and
// the component shows the result.
import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { defineSocket, useGlock } from 'react-glock'
import { createMockServer, matchers } from 'react-glock/testing'

expect.extend(matchers)

const server = createMockServer('wss://rpc.example/')
afterAll(() => server.stop())

interface Call {
  method: string
  params: unknown[]
}
const rpc = defineSocket(
  'wss://rpc.example/',
  {
    init: () => null,
    send: (call: Call, state, request) => ({
      state,
      push: JSON.stringify({ jsonrpc: '2.0', id: request?.id, method: call.method, params: call.params }),
    }),
    receive: (frame, state) => {
      if (frame.type !== 'text') return { state }
      const { id, result, error } = JSON.parse(frame.data)
      return { state, reply: error ? { id, error } : { id, value: result } }
    },
  },
  { WebSocket: server.WebSocket, requestTimeout: 5_000 },
)

function Adder() {
  const { request, pending } = useGlock(rpc)
  const [sum, setSum] = useState<string>('none')
  return (
    <>
      <button
        onClick={() =>
          request<number>({ method: 'add', params: [1, 2] })
            .then(String, (e) => e.code)
            .then(setSum)
        }
      >
        Add
      </button>
      <p>pending: {pending}</p>
      <p>sum: {sum}</p>
    </>
  )
}

test('the server answers the request by its id, and the component shows the reply', async () => {
  render(<Adder />)
  const client = await server.connected()
  fireEvent.click(screen.getByText('Add'))
  expect(screen.getByText('pending: 1')).toBeTruthy()

  const asked = JSON.parse((await server.nextMessage()) as string)
  expect(server).toHaveReceived({ jsonrpc: '2.0', id: 1, method: 'add', params: [1, 2] })
  client.send({ jsonrpc: '2.0', id: asked.id, result: 3 })
  expect(await screen.findByText('sum: 3')).toBeTruthy()
  expect(screen.getByText('pending: 0')).toBeTruthy()
})

test('an error reply rejects the request with request_failed', async () => {
  render(<Adder />)
  const client = await server.connected()
  fireEvent.click(screen.getByText('Add'))
  const asked = JSON.parse((await server.nextMessage()) as string)
  client.send({ jsonrpc: '2.0', id: asked.id, error: { code: -32601, message: 'no add here' } })
  expect(await screen.findByText('sum: request_failed')).toBeTruthy()
})
