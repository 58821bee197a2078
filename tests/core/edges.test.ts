/** @vitest-environment jsdom */
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { connect } from 'react-glock/core'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'

const base = { WebSocket: FakeWebSocket, logger: silentLogger, onError() {}, notify: 'sync' as const }

beforeEach(() => FakeSocket.reset())
afterEach(() => vi.useRealTimers())

test('a frame pushed after the server began closing (readyState CLOSING, no close event yet) waits for the next socket', () => {
  const c = connect('ws://x.test', undefined, { ...base, reconnect: { minDelay: 1, maxDelay: 1 } })
  FakeSocket.last.open()
  FakeSocket.last.readyState = 2
  expect(c.push('a')).toBe(true)
  expect(FakeSocket.last.sent).toEqual([])
  vi.useFakeTimers()
  FakeSocket.last.serverClose(1001, 'going away')
  vi.advanceTimersByTime(1)
  FakeSocket.last.open()
  expect(FakeSocket.made).toHaveLength(2)
  expect(FakeSocket.last.sent).toEqual(['a'])
})

test('close() on a connection already closed still discards and counts what was queued', () => {
  const c = connect('ws://x.test', undefined, { ...base, reconnect: false })
  c.push('stale')
  FakeSocket.last.serverClose(1006, '', false)
  expect(c.getSnapshot().status).toBe('closed')
  c.close()
  expect(c.getSnapshot().discarded).toBe(1)
  c.reconnect()
  FakeSocket.last.open()
  expect(FakeSocket.last.sent).toEqual([])
})

test('connectTimeout: Infinity never times out', () => {
  vi.useFakeTimers()
  const c = connect('ws://x.test', undefined, { ...base, connectTimeout: Infinity })
  vi.advanceTimersByTime(24 * 60 * 60 * 1000)
  expect(c.getSnapshot()).toMatchObject({ status: 'connecting', error: null })
})

test('the connect timeout covers a URL function that never settles', async () => {
  vi.useFakeTimers()
  const c = connect(() => new Promise<string>(() => {}), undefined, {
    ...base,
    key: 'k',
    connectTimeout: 1000,
    reconnect: false,
  })
  await vi.advanceTimersByTimeAsync(1000)
  expect(c.getSnapshot()).toMatchObject({
    status: 'closed',
    error: { code: 'connect_timeout', message: expect.stringContaining('the URL function') },
  })
  expect(FakeSocket.made).toHaveLength(0)
})

test('back online in a hidden tab retries at once, like a visible one', () => {
  vi.useFakeTimers()
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
  const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
  const c = connect('ws://x.test', undefined, { ...base, reconnect: { minDelay: 100, maxDelay: 100 } })
  FakeSocket.last.open()
  onLine.mockReturnValue(false)
  FakeSocket.last.serverClose(1006, '', false)
  expect(c.getSnapshot()).toMatchObject({ status: 'connecting', nextRetryAt: null, attempt: 1 })
  vi.advanceTimersByTime(60_000)
  expect(FakeSocket.made).toHaveLength(1)
  onLine.mockReturnValue(true)
  window.dispatchEvent(new Event('online'))
  expect(FakeSocket.made).toHaveLength(2)
  c.close()
})

test('a close step with a code the protocol forbids is reported, and the socket stays open', () => {
  const onError = vi.fn()
  const c = connect<null>(
    'ws://x.test',
    { receive: (_frame, state) => ({ state, close: { code: 1006 } }) },
    { ...base, onError },
  )
  FakeSocket.last.open()
  FakeSocket.last.receive('x')
  expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_step' }))
  expect(c.getSnapshot().status).toBe('open')
  expect(FakeSocket.last.closeRequest).toBeNull()
})

/** A connection whose receive throws and whose onError throws too, after one frame; `reportError` is stubbed. */
function afterOnErrorThrew() {
  const reportError = vi.fn()
  vi.stubGlobal('reportError', reportError)
  const c = connect<null>(
    'ws://x.test',
    {
      receive: () => {
        throw new Error('handler')
      },
    },
    {
      ...base,
      onError: () => {
        throw new Error('onError itself')
      },
    },
  )
  FakeSocket.last.open()
  FakeSocket.last.receive('x')
  return { c, reportError }
}

test('an onError that throws does not leave the connection half way: it is open, with the handler_error', () => {
  const { c } = afterOnErrorThrew()
  expect(c.getSnapshot()).toMatchObject({ status: 'open', error: { code: 'handler_error' } })
})

test('an onError that throws has its error passed to reportError, once', () => {
  const { reportError } = afterOnErrorThrew()
  expect(reportError).toHaveBeenCalledTimes(1)
  expect(reportError).toHaveBeenCalledWith(expect.objectContaining({ message: 'onError itself' }))
})
