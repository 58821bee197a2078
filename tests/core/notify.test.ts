import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { connect } from 'react-glock/core'
import { FakeSocket, FakeWebSocket } from '../support/fake-socket'

const count = {
  init: () => 0,
  receive: (_frame: unknown, n: number) => ({ state: n + 1 }),
  send: (message: string, n: number) => ({ state: n + 1, push: message }),
}

beforeEach(() => {
  FakeSocket.reset()
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function opened(notify?: 'frame' | 'microtask' | 'sync') {
  const connection = connect<number, string>('ws://x.test', count, { WebSocket: FakeWebSocket, notify })
  FakeSocket.last.open()
  vi.runOnlyPendingTimers()
  const listener = vi.fn()
  connection.subscribe(listener)
  return { connection, listener, socket: FakeSocket.last }
}

describe("notify: 'frame' (the default)", () => {
  /** Stubs requestAnimationFrame: the frames it was asked for wait in `frames` until the test runs them. */
  function stubAnimationFrames() {
    const frames = new Map<number, FrameRequestCallback>()
    let id = 0
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => (frames.set(++id, callback), id))
    vi.stubGlobal('cancelAnimationFrame', (handle: number) => frames.delete(handle))
    return frames
  }

  test('with requestAnimationFrame, a burst of frames notifies once, on the next frame', () => {
    const frames = stubAnimationFrames()
    const { listener, socket } = opened()
    expect(frames.size).toBe(0)
    for (let i = 0; i < 1000; i++) socket.receive(`m${i}`)
    expect(listener).not.toHaveBeenCalled()
    expect(frames.size).toBe(1)
    ;[...frames.values()][0]!(16)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('with requestAnimationFrame, getSnapshot is current before the notification', () => {
    stubAnimationFrames()
    const { connection, socket } = opened()
    for (let i = 0; i < 1000; i++) socket.receive(`m${i}`)
    expect(connection.getSnapshot().state).toBe(1000)
  })

  test('a notification delivered by the animation frame cancels the fallback timer: no second notification', () => {
    const frames = stubAnimationFrames()
    const { listener, socket } = opened()
    socket.receive('a')
    ;[...frames.values()][0]!(16)
    vi.advanceTimersByTime(1000)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('in a hidden tab, where requestAnimationFrame never fires, a timer delivers within 100 ms', () => {
    vi.stubGlobal('requestAnimationFrame', () => 1)
    vi.stubGlobal('cancelAnimationFrame', () => {})
    const { listener, socket } = opened()
    socket.receive('a')
    vi.advanceTimersByTime(99)
    expect(listener).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('without requestAnimationFrame (Node), a 16 ms timer batches', () => {
    vi.stubGlobal('requestAnimationFrame', undefined)
    const { listener, socket } = opened()
    socket.receive('a')
    socket.receive('b')
    vi.advanceTimersByTime(15)
    expect(listener).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('status changes from socket events are batched like frames: at most one frame late', () => {
    vi.stubGlobal('requestAnimationFrame', undefined)
    const { connection, listener, socket } = opened()
    socket.serverClose(4000, 'bye')
    expect(connection.getSnapshot().status).toBe('closed')
    expect(listener).not.toHaveBeenCalled()
    vi.advanceTimersByTime(15)
    expect(listener).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('own calls notify at once, and take pending frame changes with them', () => {
    vi.stubGlobal('requestAnimationFrame', undefined)
    const { connection, listener, socket } = opened()
    socket.receive('a')
    connection.push('b')
    expect(listener).toHaveBeenCalledTimes(1)
    expect(connection.getSnapshot().state).toBe(2)
    vi.advanceTimersByTime(100)
    expect(listener).toHaveBeenCalledTimes(1)
  })
})

test("notify: 'microtask' notifies once per burst, before any timer", async () => {
  const { listener, socket } = opened('microtask')
  for (let i = 0; i < 10; i++) socket.receive(`m${i}`)
  expect(listener).not.toHaveBeenCalled()
  await Promise.resolve()
  expect(listener).toHaveBeenCalledTimes(1)
})

test("notify: 'sync' notifies for every change", () => {
  const { listener, socket } = opened('sync')
  for (let i = 0; i < 10; i++) socket.receive(`m${i}`)
  expect(listener).toHaveBeenCalledTimes(10)
})
