// The server, as Node runs it: no DOM (a DOM would make the hook use layout effects, which React 18 warns of).
import { renderToString } from 'react-dom/server'
import { expect, test } from 'vitest'
import { defineSocket, useGlock, type Frame } from 'react-glock'
import { connectAcrossTabs } from 'react-glock/tabs'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'
import { fakeProfile } from '../support/fake-tabs'

const counter = {
  init: () => ({ count: 0 }),
  receive: (frame: Frame, state: { count: number }) => ({ state }),
}
const socket = defineSocket('ws://tabs.test/', counter, {
  key: 'counter',
  WebSocket: FakeWebSocket,
  connect: connectAcrossTabs,
  tabs: fakeProfile().tab('server'),
})

function Counter() {
  const { state, status, tab } = useGlock(socket)
  return <span>{`${tab ?? 'none'} ${status} ${state.count}`}</span>
}

test('the server renders init’s state, idle, with tab null, and connects nothing', () => {
  FakeSocket.reset()
  expect(renderToString(<Counter />)).toBe('<span>none idle 0</span>')
  expect(FakeSocket.made).toHaveLength(0)
})
