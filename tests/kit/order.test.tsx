// The kit's resetGlock runs after Testing Library's cleanup, as the issue of this kit asks: the component is
// unmounted before its connection closes, so it never renders a status the reset caused.
import { render } from '@testing-library/react'
import { defineSocket, useGlock } from 'react-glock'
import { createMockServer } from 'react-glock/testing'

const server = createMockServer('wss://order.example/')
const socket = defineSocket(
  'wss://order.example/',
  { init: () => null, receive: (_frame, state) => ({ state }) },
  { WebSocket: server.WebSocket },
)
const statuses: string[] = []
function Status() {
  const { status } = useGlock(socket)
  statuses.push(status)
  return <p>{status}</p>
}

test('a component stays mounted through the test', async () => {
  render(<Status />)
  await server.connected()
  expect(statuses.at(-1)).toBe('open')
})

test('the next test: the last one was unmounted before its connection was reset', async () => {
  expect(statuses).not.toContain('closing')
  expect(statuses).not.toContain('closed')
  // And the reset did run: this render connects anew.
  render(<Status />)
  await server.connected()
  expect(server.clients).toHaveLength(1)
  server.stop()
})
