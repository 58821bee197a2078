import type { Environment } from './types'

export type EnvironmentEvent = Parameters<Parameters<Environment['subscribe']>[0]>[0]

/** The browser's: `online`/`offline` on the global, `visibilitychange` on `document`. Undefined where there are none. */
export function browserEnvironment(): Environment | undefined {
  if (typeof addEventListener !== 'function') return undefined
  return {
    isOnline: () => globalThis.navigator?.onLine !== false,
    subscribe(listener) {
      // One handler for the three events: `online` and `offline` pass on by name. Only a document that is there
      // can send `visibilitychange`.
      const handle = ({ type }: Event) =>
        type !== 'visibilitychange'
          ? listener(type as EnvironmentEvent)
          : document.visibilityState === 'visible' && listener('visible')
      const watch = (method: 'addEventListener' | 'removeEventListener') => {
        globalThis[method]('online', handle)
        globalThis[method]('offline', handle)
        globalThis.document?.[method]('visibilitychange', handle)
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
  let unsubscribe: (() => void) | undefined
  const current = () => {
    const option = given()
    return option === undefined ? (browser ??= browserEnvironment()) : option || undefined
  }
  /** Runs a call into the environment; a throw is reported, and undefined comes back instead. */
  function guarded<T>(task: () => T): T | undefined {
    try {
      return task()
    } catch (error) {
      onThrow(error, current() ?? guarded)
    }
  }
  return {
    // Undefined (no environment, or one that threw) counts as online.
    isOnline: () => guarded(() => current()?.isOnline()) !== false,
    start() {
      if (unsubscribe) return
      // An environment may call the listener while subscribing, and a start() or stop() from there must hold:
      // until subscribe returns, this placeholder stands for the subscription. Without a function to unsubscribe
      // with, it stays in place, or there is nothing to undo.
      const placeholder = () => {}
      unsubscribe = placeholder
      const stop = guarded(() => current()?.subscribe(listener))
      if (typeof stop !== 'function') return
      if (unsubscribe === placeholder) unsubscribe = stop
      else guarded(stop)
    },
    stop() {
      const stop = unsubscribe
      unsubscribe = undefined
      if (stop) guarded(stop)
    },
  }
}
