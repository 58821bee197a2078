import { describe, expect, test, vi } from 'vitest'
import { createNotifier } from '../../../src/core/notifier'
import type { Listener, NotifyMode } from '../../../src/core/types'
import { fakeClock } from '../../support/fake-clock'

/** requestAnimationFrame that fires only when the test says so, like a browser's next frame. */
function stubAnimationFrames() {
  const frames = new Map<number, FrameRequestCallback>()
  let nextHandle = 0
  const request = vi.fn((callback: FrameRequestCallback) => (frames.set(++nextHandle, callback), nextHandle))
  const cancel = vi.fn((handle: number) => void frames.delete(handle))
  vi.stubGlobal('requestAnimationFrame', request)
  vi.stubGlobal('cancelAnimationFrame', cancel)
  return {
    request,
    cancel,
    get waiting() {
      return frames.size
    },
    /** Runs the frame callbacks requested so far, as the browser does on its next frame. */
    nextFrame() {
      const callbacks = [...frames.values()]
      frames.clear()
      for (const callback of callbacks) callback(16)
    },
  }
}

function setup(mode: NotifyMode) {
  const time = fakeClock()
  const run = vi.fn((task: () => void) => task())
  const onThrow = vi.fn()
  const notifier = createNotifier(
    () => mode,
    () => time.clock,
    run,
    onThrow,
  )
  const listener = vi.fn()
  notifier.subscribe(listener)
  return { notifier, listener, run, onThrow, time }
}

describe("'frame': one notification per animation frame", () => {
  test('many changes before the frame make one notification on the frame, and the 100 ms fallback is cancelled', () => {
    const frames = stubAnimationFrames()
    const { notifier, listener, time } = setup('frame')
    for (let i = 0; i < 50; i++) notifier.changed()
    expect(frames.request).toHaveBeenCalledTimes(1)
    expect(time.pending()).toEqual([100])
    expect(listener).not.toHaveBeenCalled()

    frames.nextFrame()
    expect(listener).toHaveBeenCalledTimes(1)
    expect(time.pending()).toEqual([])
    time.advance(1000)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('in a hidden tab, where the frame never comes, the fallback notifies after 100 ms and cancels the frame', () => {
    const frames = stubAnimationFrames()
    const { notifier, listener, time } = setup('frame')
    notifier.changed()
    time.advance(99)
    expect(listener).not.toHaveBeenCalled()
    time.advance(1)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(frames.cancel).toHaveBeenCalledWith(1)
    expect(frames.waiting).toBe(0)
  })

  test('without requestAnimationFrame (Node), a 16 ms timer batches the changes', () => {
    vi.stubGlobal('requestAnimationFrame', undefined)
    const { notifier, listener, time } = setup('frame')
    notifier.changed()
    notifier.changed()
    expect(time.pending()).toEqual([16])
    time.advance(15)
    expect(listener).not.toHaveBeenCalled()
    time.advance(1)
    expect(listener).toHaveBeenCalledTimes(1)
    time.advance(1000)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('a change after a notification schedules the next one', () => {
    const frames = stubAnimationFrames()
    const { notifier, listener } = setup('frame')
    notifier.changed()
    frames.nextFrame()
    notifier.changed()
    expect(frames.request).toHaveBeenCalledTimes(2)
    frames.nextFrame()
    expect(listener).toHaveBeenCalledTimes(2)
  })

  test('eventEnded() does not notify: the frame does', () => {
    stubAnimationFrames()
    const { notifier, listener } = setup('frame')
    notifier.changed()
    notifier.eventEnded()
    expect(listener).not.toHaveBeenCalled()
  })
})

describe("'microtask': one notification per burst", () => {
  test('a burst of changes notifies once, after the current task', async () => {
    const { notifier, listener } = setup('microtask')
    notifier.changed()
    notifier.changed()
    notifier.changed()
    expect(listener).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('the next burst notifies again', async () => {
    const { notifier, listener } = setup('microtask')
    notifier.changed()
    await Promise.resolve()
    notifier.changed()
    notifier.changed()
    await Promise.resolve()
    expect(listener).toHaveBeenCalledTimes(2)
  })
})

describe("'sync': at the end of each event", () => {
  test('notifies only at eventEnded(), once per event however many changes it made', () => {
    const { notifier, listener, run, time } = setup('sync')
    notifier.changed()
    notifier.changed()
    expect(listener).not.toHaveBeenCalled()
    expect(time.pending()).toEqual([])
    notifier.eventEnded()
    expect(listener).toHaveBeenCalledTimes(1)
    expect(run).not.toHaveBeenCalled()
  })

  test('an event that changed nothing notifies nobody', () => {
    const { notifier, listener } = setup('sync')
    notifier.changed()
    notifier.eventEnded()
    notifier.eventEnded()
    expect(listener).toHaveBeenCalledTimes(1)
  })
})

describe('flush()', () => {
  test('notifies pending changes at once, and the scheduled notification then finds nothing to do', () => {
    const frames = stubAnimationFrames()
    const { notifier, listener, time } = setup('frame')
    notifier.changed()
    notifier.flush()
    expect(listener).toHaveBeenCalledTimes(1)
    expect(frames.cancel).toHaveBeenCalledWith(1)
    expect(time.pending()).toEqual([])
    frames.nextFrame()
    time.advance(1000)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('does nothing when nothing is pending', () => {
    const { notifier, listener } = setup('sync')
    notifier.flush()
    expect(listener).not.toHaveBeenCalled()
  })

  test("after a flush, a 'microtask' notification already queued notifies nobody again", async () => {
    const { notifier, listener } = setup('microtask')
    notifier.changed()
    notifier.flush()
    await Promise.resolve()
    expect(listener).toHaveBeenCalledTimes(1)
  })
})

describe('subscribers', () => {
  test('a listener that throws goes to onThrow with the error and itself, and the others are still told', () => {
    const { notifier, listener, onThrow } = setup('sync')
    const error = new Error('subscriber broke')
    const throwing = () => {
      throw error
    }
    const after = vi.fn()
    notifier.subscribe(throwing)
    notifier.subscribe(after)
    notifier.changed()
    expect(() => notifier.eventEnded()).not.toThrow()
    expect(onThrow).toHaveBeenCalledTimes(1)
    expect(onThrow).toHaveBeenCalledWith(error, throwing)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(after).toHaveBeenCalledTimes(1)
  })

  test('listeners are told in the order they subscribed', () => {
    const { notifier } = setup('sync')
    const order: string[] = []
    notifier.subscribe(() => order.push('first'))
    notifier.subscribe(() => order.push('second'))
    notifier.changed()
    notifier.eventEnded()
    expect(order).toEqual(['first', 'second'])
  })

  test('after unsubscribing, a listener hears nothing', () => {
    const { notifier } = setup('sync')
    const listener = vi.fn()
    const unsubscribe = notifier.subscribe(listener)
    unsubscribe()
    notifier.changed()
    notifier.eventEnded()
    expect(listener).not.toHaveBeenCalled()
  })

  test('unsubscribing another listener during a notification keeps it from being told', () => {
    const { notifier } = setup('sync')
    const later = vi.fn()
    let unsubscribeLater = () => {}
    const first = vi.fn(() => unsubscribeLater())
    notifier.subscribe(first)
    unsubscribeLater = notifier.subscribe(later)
    notifier.changed()
    notifier.eventEnded()
    expect(first).toHaveBeenCalledTimes(1)
    expect(later).not.toHaveBeenCalled()
  })

  test('a listener that unsubscribes itself during a notification is told once, and the next listener still is', () => {
    const { notifier } = setup('sync')
    const next = vi.fn()
    let unsubscribeSelf = () => {}
    const once: Listener = vi.fn(() => unsubscribeSelf())
    unsubscribeSelf = notifier.subscribe(once)
    notifier.subscribe(next)
    notifier.changed()
    notifier.eventEnded()
    notifier.changed()
    notifier.eventEnded()
    expect(once).toHaveBeenCalledTimes(1)
    expect(next).toHaveBeenCalledTimes(2)
  })

  test('a change made by a listener is a new notification, not lost in the current one', () => {
    const { notifier } = setup('sync')
    let calls = 0
    notifier.subscribe(() => {
      if (++calls === 1) notifier.changed()
    })
    notifier.changed()
    notifier.eventEnded()
    expect(calls).toBe(1)
    notifier.eventEnded()
    expect(calls).toBe(2)
  })
})

describe('the scheduled notification runs as an event of the connection, through `run`', () => {
  test("'frame': the frame hands a task to run, and nothing is told until run runs it", () => {
    const frames = stubAnimationFrames()
    const tasks: Array<() => void> = []
    const listener = vi.fn()
    const run = vi.fn((task: () => void) => void tasks.push(task))
    const notifier = createNotifier(
      () => 'frame',
      () => fakeClock().clock,
      run,
      vi.fn(),
    )
    notifier.subscribe(listener)
    notifier.changed()
    frames.nextFrame()
    expect(run).toHaveBeenCalledTimes(1)
    expect(run).toHaveBeenCalledWith(expect.any(Function))
    expect(listener).not.toHaveBeenCalled()
    tasks[0]!()
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test("'frame' fallback timer: it too goes through run", () => {
    vi.stubGlobal('requestAnimationFrame', undefined)
    const { notifier, listener, run, time } = setup('frame')
    notifier.changed()
    expect(run).not.toHaveBeenCalled()
    time.advance(16)
    expect(run).toHaveBeenCalledTimes(1)
    expect(run).toHaveBeenCalledWith(expect.any(Function))
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test("'microtask': the microtask goes through run", async () => {
    const { notifier, listener, run } = setup('microtask')
    notifier.changed()
    expect(run).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(run).toHaveBeenCalledTimes(1)
    expect(run).toHaveBeenCalledWith(expect.any(Function))
    expect(listener).toHaveBeenCalledTimes(1)
  })
})
