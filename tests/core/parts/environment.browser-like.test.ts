// @vitest-environment jsdom
import { describe, expect, test, vi } from 'vitest'
import { browserEnvironment, createEnvironmentWatcher } from '../../../src/core/environment'

/** Makes `document.visibilityState` read `state` until the test ends. */
function visibility(state: DocumentVisibilityState) {
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(state)
}

const play = {
  online: () => window.dispatchEvent(new Event('online')),
  offline: () => window.dispatchEvent(new Event('offline')),
  visibilityChange: () => document.dispatchEvent(new Event('visibilitychange')),
}

describe('browserEnvironment() in a browser', () => {
  test('exists where the global has addEventListener', () => {
    expect(browserEnvironment()).toEqual({ isOnline: expect.any(Function), subscribe: expect.any(Function) })
  })

  test("maps the window's online and offline events to 'online' and 'offline'", () => {
    const listener = vi.fn()
    const unsubscribe = browserEnvironment()!.subscribe(listener)
    play.offline()
    play.online()
    expect(listener.mock.calls).toEqual([['offline'], ['online']])
    unsubscribe()
  })

  test("maps document visibilitychange to 'visible', only when the page became visible", () => {
    const listener = vi.fn()
    const unsubscribe = browserEnvironment()!.subscribe(listener)
    visibility('hidden')
    play.visibilityChange()
    expect(listener).not.toHaveBeenCalled()
    visibility('visible')
    play.visibilityChange()
    expect(listener.mock.calls).toEqual([['visible']])
    unsubscribe()
  })

  test('its unsubscribe removes all three listeners', () => {
    visibility('visible')
    const listener = vi.fn()
    const unsubscribe = browserEnvironment()!.subscribe(listener)
    unsubscribe()
    play.online()
    play.offline()
    play.visibilityChange()
    expect(listener).not.toHaveBeenCalled()
  })

  test('each subscription is its own: unsubscribing one leaves the other', () => {
    const environment = browserEnvironment()!
    const first = vi.fn()
    const second = vi.fn()
    const unsubscribeFirst = environment.subscribe(first)
    const unsubscribeSecond = environment.subscribe(second)
    unsubscribeFirst()
    play.online()
    expect(first).not.toHaveBeenCalled()
    expect(second.mock.calls).toEqual([['online']])
    unsubscribeSecond()
  })

  test('isOnline() reads navigator.onLine at every call', () => {
    const environment = browserEnvironment()!
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    expect(environment.isOnline()).toBe(false)
    onLine.mockReturnValue(true)
    expect(environment.isOnline()).toBe(true)
  })
})

describe('createEnvironmentWatcher() with the default (undefined) in a browser', () => {
  test("watches the browser's events between start() and stop()", () => {
    const listener = vi.fn()
    const watcher = createEnvironmentWatcher(() => undefined, listener, vi.fn())
    play.online()
    expect(listener).not.toHaveBeenCalled()
    watcher.start()
    play.offline()
    expect(listener.mock.calls).toEqual([['offline']])
    watcher.stop()
    play.online()
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('reads navigator.onLine for isOnline()', () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const watcher = createEnvironmentWatcher(() => undefined, vi.fn(), vi.fn())
    expect(watcher.isOnline()).toBe(false)
  })
})
