import type { Environment } from './types'

export type EnvironmentEvent = Parameters<Parameters<Environment['subscribe']>[0]>[0]

/** The browser's: `online`/`offline` on the global, `visibilitychange` on `document`. Undefined where there are none. */
export function browserEnvironment(): Environment | undefined {
  if (typeof addEventListener !== 'function') return undefined
  return {
    isOnline: () => globalThis.navigator?.onLine !== false,
    subscribe(listener) {
      const online = () => listener('online')
      const offline = () => listener('offline')
      const visible = () => globalThis.document?.visibilityState === 'visible' && listener('visible')
      const watch = (method: 'addEventListener' | 'removeEventListener') => {
        globalThis[method]('online', online)
        globalThis[method]('offline', offline)
        globalThis.document?.[method]('visibilitychange', visible)
      }
      watch('addEventListener')
      return () => watch('removeEventListener')
    },
  }
}

/**
 * Listens to the environment while a connection is live. `given` is the `environment` option: undefined for the
 * browser's default, `false` for none. An environment that throws is reported through `onThrow`, and counts as
 * online and silent.
 */
export function createEnvironmentWatcher(
  given: () => false | Environment | undefined,
  listener: (event: EnvironmentEvent) => void,
  onThrow: (error: unknown, source: object) => void,
) {
  let browser: Environment | undefined
  let unsubscribe: (() => void) | undefined | void
  const current = () => {
    const option = given()
    return option === undefined ? (browser ??= browserEnvironment()) : option || undefined
  }
  function guarded<T>(task: () => T, fallback: T): T {
    try {
      return task()
    } catch (error) {
      onThrow(error, current() ?? guarded)
      return fallback
    }
  }
  return {
    isOnline: () => guarded(() => current()?.isOnline() !== false, true),
    start() {
      if (unsubscribe) return
      // An environment may call the listener while subscribing, and a start() or stop() from there must hold.
      let stoppedMeanwhile = false
      const placeholder = () => void (stoppedMeanwhile = true)
      unsubscribe = placeholder
      const stop = guarded(() => current()?.subscribe(listener), undefined)
      if (stoppedMeanwhile) {
        if (typeof stop === 'function') guarded(stop, undefined)
      } else unsubscribe = typeof stop === 'function' ? stop : () => {}
    },
    stop() {
      const stop = unsubscribe
      unsubscribe = undefined
      if (typeof stop === 'function') guarded(stop, undefined)
    },
  }
}
