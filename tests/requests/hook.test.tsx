/** @vitest-environment jsdom */
import { StrictMode, useState } from 'react'
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { GlockError, useGlock, type DefinitionOptions, type SocketDefinition } from 'react-glock'
import { resetGlock } from 'react-glock/testing'
import { fakeClock } from '../support/fake-clock'
import { countingWebSocket, type CountingWebSocket } from '../support/fake-socket'
import { startJsonRpcServer, type JsonRpcServer } from '../support/jsonrpc-server'
import { silentLogger } from '../support/logger'
import { turn } from '../support/wait'
import { defineRpc, outcome, type Call, type Outcome, type RpcState } from './jsonrpc'

let rpc: JsonRpcServer
let sockets: CountingWebSocket
beforeEach(async () => {
  rpc = await startJsonRpcServer()
  sockets = countingWebSocket()
})
afterEach(async () => {
  cleanup()
  resetGlock()
  await rpc.close()
})

/** The JSON-RPC definition on the test's server, through jsdom's WebSocket. */
const defineTestRpc = (options: DefinitionOptions = {}) =>
  defineRpc(rpc.url, { WebSocket: sockets.WebSocket, logger: silentLogger, ...options })

/** A button that makes a request on click and hands its outcome to `onRequest`; shows the status. */
function Asker({
  rpcSocket,
  call,
  onRequest,
}: {
  rpcSocket: SocketDefinition<RpcState, Call>
  call: Call
  onRequest: (result: Outcome<unknown>) => void
}) {
  const { status, request } = useGlock(rpcSocket)
  return <button onClick={() => onRequest(outcome(request(call)))}>{`ask ${status}`}</button>
}

test('request keeps its identity across renders: own state, incoming frames, status changes', async () => {
  const rpcSocket = defineTestRpc()
  const seen = new Set<unknown>()
  let renders = 0
  function Calculator() {
    const [answer, setAnswer] = useState<unknown>('none')
    const { status, state, request } = useGlock(rpcSocket)
    seen.add(request)
    renders++
    return (
      <>
        <p>{`${status} ${state.notifications.join(',')}`}</p>
        <button onClick={() => void request({ method: 'add', params: [20, 22] }).then(setAnswer)}>{`${answer}`}</button>
      </>
    )
  }
  render(<Calculator />)
  await screen.findByText('open')
  rpc.sendRaw({ jsonrpc: '2.0', method: 'tick' })
  await screen.findByText('open tick')
  act(() => screen.getByText('none').click())
  await screen.findByText('42')
  expect(renders).toBeGreaterThanOrEqual(4)
  expect(seen.size).toBe(1)
  expect(rpc.ids).toEqual([1])
})

test('unmounting does not cancel a pending request: its reply within closeDelay resolves it', async () => {
  const time = fakeClock(Date.now())
  const rpcSocket = defineTestRpc({ clock: time.clock })
  let asked: Outcome<unknown> | undefined
  render(<Asker rpcSocket={rpcSocket} call={{ method: 'slow', params: 'kept' }} onRequest={(r) => (asked = r)} />)
  await screen.findByText('ask open')
  act(() => screen.getByRole('button').click())
  await rpc.requestsRead(1)
  cleanup()
  // The connection waits out closeDelay (on the test's clock); the request is still pending.
  expect(time.pending()).toContain(1000)
  expect(asked!.settled).toBe(false)
  rpc.release()
  await asked!.done
  expect(asked!.value).toBe('kept')
  expect(asked!.reason).toBeUndefined()
})

test.each([
  { closeDelay: 1000, clock: true },
  { closeDelay: 0, clock: false },
])(
  'the close after the last component unmounted (closeDelay $closeDelay) rejects pending requests with connection_closed',
  async ({ closeDelay, clock }) => {
    const time = fakeClock(Date.now())
    const rpcSocket = defineTestRpc(clock ? { clock: time.clock, closeDelay } : { closeDelay })
    const asked: Array<Outcome<unknown>> = []
    render(<Asker rpcSocket={rpcSocket} call={{ method: 'slow' }} onRequest={(r) => asked.push(r)} />)
    await screen.findByText('ask open')
    act(() => screen.getByRole('button').click())
    act(() => screen.getByRole('button').click())
    await rpc.requestsRead(2)
    cleanup()
    if (clock) {
      time.advance(999)
      await turn()
      expect(asked.map((result) => result.settled)).toEqual([false, false])
      time.advance(1)
    }
    await Promise.all(asked.map((result) => result.done))
    for (const result of asked) {
      expect(result.reason).toBeInstanceOf(GlockError)
      expect((result.reason as GlockError).code).toBe('connection_closed')
    }
    expect(sockets.made).toHaveLength(1)
  },
)

test('under StrictMode, a request made in an event handler is sent once', async () => {
  const rpcSocket = defineTestRpc()
  function Echo() {
    const [answer, setAnswer] = useState<unknown>('none')
    const { status, request } = useGlock(rpcSocket)
    return (
      <button onClick={() => void request({ method: 'echo', params: 'once' }).then(setAnswer)}>
        {`${status} ${answer}`}
      </button>
    )
  }
  render(
    <StrictMode>
      <Echo />
    </StrictMode>,
  )
  await screen.findByText('open none')
  act(() => screen.getByRole('button').click())
  await screen.findByText('open once')
  expect(rpc.requests.map((call) => [call.id, call.params])).toEqual([[1, 'once']])
  expect(rpc.arrivals(1)).toBe(1)
  expect(sockets.made).toHaveLength(1)
  expect(sockets.made[0]!.sent).toEqual([JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: 'once' })])
})
