import { describe, expect, test, vi } from 'vitest'
import { browserEnvironment, createEnvironmentWatcher, type EnvironmentEvent } from '../../../src/core/environment'
import type { Environment } from '../../../src/core/types'

// The browser's own events are tested in environment.browser-like.test.ts, under jsdom.

/** An environment the test controls: `emit` plays an event to whoever subscribed. */
function fakeEnvironment(online = true) {
  let subscriber: ((event: EnvironmentEvent) => void) | undefined
  const unsubscribe = vi.fn(() => void (subscriber = undefined))
  const environment = {
    isOnline: vi.fn(() => online),
    subscribe: vi.fn((listener: (event: EnvironmentEvent) => void) => {
      subscriber = listener
      return unsubscribe
    }),
  } satisfies Environment
  return {
    environment,
    unsubscribe,
    setOnline: (value: boolean) => void (online = value),
    emit: (event: EnvironmentEvent) => subscriber?.(event),
  }
}

function watch(given: false | Environment | undefined) {
  const listener = vi.fn()
  const onThrow = vi.fn()
  const watcher = createEnvironmentWatcher(() => given, listener, onThrow)
  return { watcher, listener, onThrow }
}

describe('browserEnvironment()', () => {
  test('is undefined where there is no global addEventListener (Node)', () => {
    expect(typeof addEventListener).toBe('undefined')
    expect(browserEnvironment()).toBeUndefined()
  })
})

describe('createEnvironmentWatcher() with an environment given', () => {
  test('start() subscribes, and its events reach the listener', () => {
    const fake = fakeEnvironment()
    const { watcher, listener } = watch(fake.environment)
    expect(fake.environment.subscribe).not.toHaveBeenCalled()
    watcher.start()
    expect(fake.environment.subscribe).toHaveBeenCalledTimes(1)
    fake.emit('offline')
    fake.emit('online')
    fake.emit('visible')
    expect(listener.mock.calls).toEqual([['offline'], ['online'], ['visible']])
  })

  test('start() is idempotent: a second start() does not subscribe again', () => {
    const fake = fakeEnvironment()
    const { watcher } = watch(fake.environment)
    watcher.start()
    watcher.start()
    expect(fake.environment.subscribe).toHaveBeenCalledTimes(1)
  })

  test('stop() unsubscribes, once; a later start() subscribes again', () => {
    const fake = fakeEnvironment()
    const { watcher, listener } = watch(fake.environment)
    watcher.start()
    watcher.stop()
    watcher.stop()
    expect(fake.unsubscribe).toHaveBeenCalledTimes(1)
    fake.emit('online')
    expect(listener).not.toHaveBeenCalled()
    watcher.start()
    expect(fake.environment.subscribe).toHaveBeenCalledTimes(2)
  })

  test('an environment that tells its state while subscribing: a start() from the listener does not subscribe again', () => {
    // React Native's NetInfo, say, may call the listener with the current state from inside addEventListener.
    const subscribe = vi.fn((listener: (event: EnvironmentEvent) => void) => (listener('online'), () => {}))
    const listener = vi.fn(() => watcher.start())
    const watcher = createEnvironmentWatcher(() => ({ isOnline: () => true, subscribe }), listener, vi.fn())
    watcher.start()
    expect(listener).toHaveBeenCalledTimes(1)
    expect(subscribe).toHaveBeenCalledTimes(1)
  })

  test('an environment that tells its state while subscribing: a stop() from the listener leaves nothing subscribed', () => {
    const unsubscribe = vi.fn()
    const subscribe = vi.fn((listener: (event: EnvironmentEvent) => void) => (listener('offline'), unsubscribe))
    const watcher = createEnvironmentWatcher(
      () => ({ isOnline: () => true, subscribe }),
      () => watcher.stop(),
      vi.fn(),
    )
    watcher.start()
    expect(unsubscribe).toHaveBeenCalledTimes(1)
  })

  test('an environment that tells its state while subscribing: a stop() then start() from the listener keeps one live subscription', () => {
    const unsubscribes = [vi.fn(), vi.fn()]
    let subscriptions = 0
    const subscribe = vi.fn((listener: (event: EnvironmentEvent) => void) => {
      const unsubscribe = unsubscribes[subscriptions++]!
      listener('visible')
      return unsubscribe
    })
    let restarted = false
    const watcher = createEnvironmentWatcher(
      () => ({ isOnline: () => true, subscribe }),
      () => {
        if (restarted) return
        restarted = true
        watcher.stop()
        watcher.start()
      },
      vi.fn(),
    )
    watcher.start()
    expect(subscribe).toHaveBeenCalledTimes(2)
    expect(unsubscribes[0]).toHaveBeenCalledTimes(1)
    expect(unsubscribes[1]).not.toHaveBeenCalled()
    watcher.stop()
    expect(unsubscribes[1]).toHaveBeenCalledTimes(1)
  })

  test('stop() before start() does nothing', () => {
    const fake = fakeEnvironment()
    const { watcher, onThrow } = watch(fake.environment)
    watcher.stop()
    expect(fake.unsubscribe).not.toHaveBeenCalled()
    expect(onThrow).not.toHaveBeenCalled()
  })

  test("isOnline() reads the environment's answer at every call", () => {
    const fake = fakeEnvironment(false)
    const { watcher } = watch(fake.environment)
    expect(watcher.isOnline()).toBe(false)
    fake.setOnline(true)
    expect(watcher.isOnline()).toBe(true)
    expect(fake.environment.isOnline).toHaveBeenCalledTimes(2)
  })

  test('a subscribe that returns no function leaves stop() nothing to call, and nothing throws', () => {
    const environment: Environment = { isOnline: () => true, subscribe: () => undefined as unknown as () => void }
    const { watcher, onThrow } = watch(environment)
    watcher.start()
    expect(() => watcher.stop()).not.toThrow()
    expect(onThrow).not.toHaveBeenCalled()
  })
})

describe('createEnvironmentWatcher() with `false`', () => {
  test('never subscribes, and counts as online', () => {
    const { watcher, listener, onThrow } = watch(false)
    watcher.start()
    watcher.stop()
    expect(watcher.isOnline()).toBe(true)
    expect(listener).not.toHaveBeenCalled()
    expect(onThrow).not.toHaveBeenCalled()
  })
})

describe('createEnvironmentWatcher() with the default (undefined) in Node', () => {
  test('there is no browser environment: nothing to subscribe to, and online', () => {
    const { watcher, onThrow } = watch(undefined)
    expect(() => watcher.start()).not.toThrow()
    expect(watcher.isOnline()).toBe(true)
    expect(() => watcher.stop()).not.toThrow()
    expect(onThrow).not.toHaveBeenCalled()
  })
})

describe('an environment that throws is reported through onThrow, counts as online and silent, and never throws', () => {
  const broken = new Error('environment broke')
  const throws = () => {
    throw broken
  }

  test('isOnline throws: onThrow gets the error and the environment, and isOnline() is true', () => {
    const environment: Environment = { isOnline: throws, subscribe: () => () => {} }
    const { watcher, onThrow } = watch(environment)
    expect(watcher.isOnline()).toBe(true)
    expect(onThrow).toHaveBeenCalledTimes(1)
    expect(onThrow).toHaveBeenCalledWith(broken, environment)
  })

  test('subscribe throws: start() reports it, and stop() then has nothing to undo', () => {
    const environment: Environment = { isOnline: () => false, subscribe: throws }
    const { watcher, onThrow } = watch(environment)
    expect(() => watcher.start()).not.toThrow()
    expect(onThrow).toHaveBeenCalledTimes(1)
    expect(onThrow).toHaveBeenCalledWith(broken, environment)
    expect(() => watcher.stop()).not.toThrow()
    expect(onThrow).toHaveBeenCalledTimes(1)
    // Its isOnline still works.
    expect(watcher.isOnline()).toBe(false)
  })

  test('a subscribe that threw is not retried by a second start(), only after stop()', () => {
    const subscribe = vi.fn(throws)
    const { watcher } = watch({ isOnline: () => true, subscribe })
    watcher.start()
    watcher.start()
    expect(subscribe).toHaveBeenCalledTimes(1)
    watcher.stop()
    watcher.start()
    expect(subscribe).toHaveBeenCalledTimes(2)
  })

  test('the unsubscribe function throws: stop() reports it and does not throw', () => {
    const environment: Environment = { isOnline: () => true, subscribe: () => throws }
    const { watcher, onThrow } = watch(environment)
    watcher.start()
    expect(() => watcher.stop()).not.toThrow()
    expect(onThrow).toHaveBeenCalledTimes(1)
    expect(onThrow).toHaveBeenCalledWith(broken, environment)
    // The subscription is forgotten: a second stop() does not call it again.
    watcher.stop()
    expect(onThrow).toHaveBeenCalledTimes(1)
  })
})
