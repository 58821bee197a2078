import { useCallback, useDebugValue, useEffect, useLayoutEffect, useMemo, useState } from 'react'
import withSelector from 'use-sync-external-store/with-selector'
import {
  GlockError,
  initialSnapshot,
  resolveUrl,
  type ConnectOptions,
  type Frame,
  type Handlers,
  type Snapshot,
  type UrlInput,
} from 'react-glock/core'
import { acquire, configure, lookup, release, type Member } from './registry'

// A CommonJS module: its default import is the exports object in every bundler and in Node.
const { useSyncExternalStoreWithSelector } = withSelector

/** Options of `useGlock`: everything `connect` takes, plus what only a hook needs. */
export interface GlockOptions<S = unknown, T = S> extends ConnectOptions {
  /** Derive what this component needs; it re-renders only when that, `status` or `error` changes. */
  select?: (state: S) => T
  /** Compares two selections. Default `Object.is`. */
  isEqual?: (a: T, b: T) => boolean
  /** How long the socket outlives its last component. Default 1 000 ms: covers StrictMode and route changes. */
  closeDelay?: number
}

/** What `useGlock` returns: the connection's snapshot (with `state` selected) and its three commands. */
export interface GlockResult<T = unknown, M = unknown> extends Omit<Snapshot<T>, 'state'> {
  state: T
  /** Runs `send` now. True when sent or queued; false, with `error` set, when refused. Stable identity. */
  push: (message: M) => boolean
  /** Closes the connection for every component on the key; no reconnect follows. Stable identity. */
  close: (code?: number, reason?: string) => void
  /** Drops the socket and connects again now, even after `close()`; the state is kept. Stable identity. */
  reconnect: () => void
}

const useIsomorphicLayoutEffect = typeof document !== 'undefined' ? useLayoutEffect : useEffect

function keyOf(url: UrlInput | null, key: string | undefined): string | null {
  if (url === null) return null
  if (key !== undefined) return key
  if (typeof url === 'function') return null
  try {
    return resolveUrl(url)
  } catch {
    return String(url)
  }
}

/**
 * One WebSocket per key, shared by every component that uses it, driven by Glock's handlers.
 * @example
 * const { state, status, push } = useGlock('wss://example.com/chat', {
 *   init: () => [] as string[],
 *   receive: (frame, log) => ({ state: frame.type === 'text' ? [...log, frame.data] : log }),
 * })
 */
export function useGlock<S = Frame | null, M = unknown, T = S>(
  url: UrlInput | null,
  handlers?: Handlers<S, M>,
  options?: GlockOptions<S, T>,
): GlockResult<T, M> {
  const key = keyOf(url, options?.key)
  // This component's entry in the registry: a mutable box, created once, written only in effects.
  const [self] = useState<Member>(() => ({ key, url, handlers, options }))

  const missingKey = typeof url === 'function' && key === null
  // init runs again only for a new key: an inline handlers object must not rebuild the state each render.
  const detached = useMemo<Snapshot<S>>(() => {
    const snapshot = initialSnapshot<S>(url, handlers as Handlers<S, never>, key)
    if (!missingKey) return snapshot
    return {
      ...snapshot,
      error: new GlockError(
        'invalid_option',
        process.env.NODE_ENV !== 'production' ? 'options.key is required when url is a function.' : undefined,
      ),
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, missingKey])

  // The connection reads its owner's latest props, written after commit and never during render.
  useIsomorphicLayoutEffect(() => {
    Object.assign(self, { key, url, handlers, options })
    const entry = lookup(key)
    if (entry?.members[0] === self) configure(entry, self)
  })

  // Membership follows the layout phase, so the connection exists before any effect, a child's included, can push.
  useIsomorphicLayoutEffect(() => {
    if (key !== null) {
      acquire(key, self)
      return () => release(key, self)
    }
    // No connection to report it (a missing key, an init that threw): onError hears of it here.
    if (detached.error) self.options?.onError?.(detached.error)
  }, [key, self, detached])

  const subscribe = useCallback(
    (listener: () => void) => lookup(key)?.connection.subscribe(listener) ?? (() => {}),
    [key],
  )
  const getSnapshot = useCallback((): Snapshot<S> => lookup(key)?.connection.getSnapshot() ?? detached, [key, detached])
  // The server (and hydration) render init's state, status 'idle': the same as the first client render.
  const getServerSnapshot = useCallback(() => detached, [detached])

  const select = options?.select
  const isEqualState = options?.isEqual ?? Object.is
  const selector = useCallback(
    (snapshot: Snapshot<S>): Snapshot<T> => ({
      ...snapshot,
      state: select ? select(snapshot.state) : (snapshot.state as unknown as T),
    }),
    [select],
  )
  const isEqual = useCallback(
    (a: Snapshot<T>, b: Snapshot<T>) => {
      for (const name in a)
        if (name !== 'state' && a[name as keyof Snapshot<T>] !== b[name as keyof Snapshot<T>]) return false
      return isEqualState(a.state, b.state)
    },
    [isEqualState],
  )
  const selection = useSyncExternalStoreWithSelector(subscribe, getSnapshot, getServerSnapshot, selector, isEqual)

  // push with nothing to push to: the refusal is this component's own error.
  const [refusal, setRefusal] = useState<{ key: string | null; error: GlockError } | null>(null)
  const [commands] = useState(() => ({
    push(message: M) {
      const entry = lookup(self.key)
      if (entry) return entry.connection.push(message)
      const error = new GlockError(
        'not_open',
        process.env.NODE_ENV !== 'production'
          ? `push was refused: nothing is connected (${self.url === null ? 'the url is null' : self.key === null ? 'options.key is missing' : 'the component is not mounted'}).`
          : undefined,
      )
      setRefusal({ key: self.key, error })
      self.options?.onError?.(error)
      return false
    },
    close(code?: number, reason?: string) {
      lookup(self.key)?.connection.close(code, reason)
    },
    reconnect() {
      lookup(self.key)?.connection.reconnect()
    },
  }))

  const error = selection.error ?? (refusal?.key === key ? refusal.error : null)
  useDebugValue(selection, (s) => `${key ?? 'no url'}: ${s.status}`)
  return useMemo(() => ({ ...selection, error, ...commands }), [selection, error, commands])
}
