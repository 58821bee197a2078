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
      addEventListener('online', online)
      addEventListener('offline', offline)
      globalThis.document?.addEventListener('visibilitychange', visible)
      return () => {
        removeEventListener('online', online)
        removeEventListener('offline', offline)
        globalThis.document?.removeEventListener('visibilitychange', visible)
      }
    },
  }
}

/**
 * Listens to the environment while a connection is live. `given` is the `environment` option: undefined for the
 * browser's default, `false` for none. An environment that throws is reported through `onThrow` and counts as
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
  const guarded = (task: () => void) => {
    try {
      task()
    } catch (error) {
      onThrow(error, current() ?? guarded)
    }
  }
  return {
    isOnline() {
      let online = true
      guarded(() => (online = current()?.isOnline() !== false))
      return online
    },
    start() {
      if (unsubscribe) return
      unsubscribe = () => {}
      guarded(() => {
        const stop = current()?.subscribe(listener)
        if (typeof stop === 'function') unsubscribe = stop
      })
    },
    stop() {
      const stop = unsubscribe
      unsubscribe = undefined
      if (stop) guarded(stop)
    },
  }
}
