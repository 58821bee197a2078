/** @vitest-environment jsdom */
import { StrictMode } from 'react'
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { defineSocket, useGlock, type Frame, type SocketDefinition } from 'react-glock'
import { connectAcrossTabs } from 'react-glock/tabs'
import { resetGlock } from 'react-glock/testing'
import { fakeClock } from '../support/fake-clock'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'
import { fakeProfile } from '../support/fake-tabs'
import { silentLogger } from '../support/logger'

// This page is one tab; the other tabs of the profile are connections made with connectAcrossTabs directly.
let profile: ReturnType<typeof fakeProfile>
beforeEach(() => {
  FakeSocket.reset()
  profile = fakeProfile()
})
afterEach(() => {
  cleanup()
  resetGlock()
})

const counter = {
  init: () => ({ count: 0 }),
  send: (message: string, state: { count: number }) => ({ state, push: message }),
  receive: (frame: Frame, state: { count: number }) =>
    frame.type === 'text' && /^\d+$/.test(frame.data) ? { state: { count: Number(frame.data) } } : { state },
}
const options = { key: 'counter', WebSocket: FakeWebSocket, notify: 'sync', logger: silentLogger } as const
const URL = 'ws://tabs.test/'

function Counter({ socket }: { socket: SocketDefinition<{ count: number }, string> }) {
  const { state, status, tab, push } = useGlock(socket)
  return <button onClick={() => push('inc')}>{`${tab ?? 'none'} ${status} ${state.count}`}</button>
}
const flush = () => act(() => profile.flush())

test('useGlock with the connect option: this tab leads, another follows, one socket', async () => {
  const socket = defineSocket(URL, counter, { ...options, connect: connectAcrossTabs, tabs: profile.tab('page') })
  render(<Counter socket={socket} />)
  const other = connectAcrossTabs(URL, counter, { ...options, tabs: profile.tab('other') })
  await flush()
  FakeSocket.last.open()
  await flush()
  expect(screen.getByRole('button').textContent).toBe('leader open 0')
  expect(other.getSnapshot().tab).toBe('follower')
  other.push('inc')
  await flush()
  expect(FakeSocket.made.map((s) => s.sent)).toEqual([['inc']])
  act(() => FakeSocket.last.receive('5'))
  await flush()
  expect(screen.getByRole('button').textContent).toBe('leader open 5')
  expect(other.getSnapshot().state.count).toBe(5)
  other.release()
})

test('as a follower, the component shows the leader’s state, and its push reaches the leader', async () => {
  const leader = connectAcrossTabs(URL, counter, { ...options, tabs: profile.tab('other') })
  await profile.flush()
  FakeSocket.last.open()
  FakeSocket.last.receive('3')
  const socket = defineSocket(URL, counter, { ...options, connect: connectAcrossTabs, tabs: profile.tab('page') })
  render(<Counter socket={socket} />)
  expect(screen.getByRole('button').textContent).toBe('none connecting 0')
  await flush()
  expect(screen.getByRole('button').textContent).toBe('follower open 3')
  act(() => screen.getByRole('button').click())
  await flush()
  expect(FakeSocket.last.sent).toEqual(['inc'])
  leader.release()
})

test('StrictMode: one socket, and the last component gone releases this tab after closeDelay: the other tab leads', async () => {
  const time = fakeClock()
  const socket = defineSocket(URL, counter, {
    ...options,
    connect: connectAcrossTabs,
    tabs: profile.tab('page'),
    clock: time.clock,
    closeDelay: 500,
  })
  const view = render(
    <StrictMode>
      <Counter socket={socket} />
    </StrictMode>,
  )
  const other = connectAcrossTabs(URL, counter, { ...options, tabs: profile.tab('other') })
  await flush()
  expect(FakeSocket.made).toHaveLength(1)
  FakeSocket.last.open()
  FakeSocket.last.receive('8')
  await flush()
  view.unmount()
  time.advance(499)
  await flush()
  expect(FakeSocket.made[0]!.closeRequest).toBeNull()
  time.advance(1)
  await flush()
  expect(FakeSocket.made[0]!.closeRequest).not.toBeNull()
  expect(other.getSnapshot()).toMatchObject({ tab: 'leader', state: { count: 8 } })
  expect(FakeSocket.made).toHaveLength(2)
  other.release()
})
