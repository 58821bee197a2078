import { useCallback, useDebugValue, useEffect, useLayoutEffect, useMemo, useState } from 'react'
import withSelector from 'use-sync-external-store/with-selector'
import {
  GlockError,
  initialSnapshot,
  resolveUrl,
  type Callbacks,
  type ConnectFunction,
  type ConnectOptions,
  type FixedUrl,
  type Frame,
  type HandlersWithInit,
  type RequestOptions,
  type Snapshot,
  type SocketDefinition,
  type UrlInput,
} from 'react-glock/core'
// Relative on purpose: the development messages are bundled into this entry, and are `undefined` in production.
import { explain } from './core/explain'
import { isDefinition } from './core/definition'
import { acquire, configure, isCloseDelay, lookup, release, type Member } from './registry'

// A CommonJS module: its default import is the exports object in every bundler and in Node.
const { useSyncExternalStoreWithSelector } = withSelector

/** What a component chooses when it uses a definition: what it reads, and whether to connect at all. */
export interface UseSocketOptions<S = unknown, T = S> {
  /**
   * Derive what this component needs; it re-renders only when that, `status` or `error` changes.
   * `() => null` makes a component that shows only the status.
   */
  select?: (state: S) => T
  /** Compares two selections. Default `Object.is`. */
  isEqual?: (a: T, b: T) => boolean
  /** `false` connects nothing, as a `null` url does. Default `true`. */
  enabled?: boolean
}

/** Options of `useGlock(url, handlers, options)`: everything `connect` takes, plus what only a hook needs. */
export interface GlockOptions<S = unknown, T = S> extends ConnectOptions, UseSocketOptions<S, T> {
  /**
   * How long the socket outlives its last component, in whole milliseconds, or `Infinity` to keep it.
   * Default 1 000 ms: covers StrictMode and route changes.
   */
  closeDelay?: number
  /** What the hook makes the connection with. Default `connect`; `connectAcrossTabs` shares it across tabs. */
  connect?: ConnectFunction
}

/** What `useGlock` returns: the connection's snapshot (with `state` selected) and its three commands. */
export interface GlockResult<T = unknown, M = unknown> extends Omit<Snapshot<T>, 'state'> {
  state: T
  /** Runs `send` now. True when sent or queued; false, with `error` set, when refused. Stable identity. */
  push: (message: M) => boolean
  /**
   * Sends `message` with an id and resolves with the reply `receive` settles it with (see `Connection.request`).
   * Unmounting does not cancel it; the connection's close does. Stable identity.
   */
  request: <R = unknown>(message: M, options?: RequestOptions) => Promise<R>
  /** Closes the connection for every component on the key; no reconnect follows. Stable identity. */
  close: (code?: number, reason?: string) => void
  /** Drops the socket and connects again now, even after `close()`; the state is kept. Stable identity. */
  reconnect: () => void
}

interface Refusal {
  key: string | null
  error: GlockError
  /** The connection's error when the push was refused. */
  over: GlockError | null | undefined
}

const useIsomorphicLayoutEffect = typeof document !== 'undefined' ? useLayoutEffect : useEffect

const unsubscribed = () => {}

/**
 * Errors the hook reports itself (no connection to report them): to `onError`, whose own throw goes to the
 * platform's `reportError`, or the logger, as the core does; it never reaches React or the caller of `push`.
 */
function tell(options: GlockOptions<any, any> | null | undefined, error: GlockError) {
  try {
    options?.onError?.(error)
  } catch (thrown) {
    if (typeof reportError === 'function') reportError(thrown)
    else (options?.logger ?? console).error(thrown)
  }
}

/**
 * The hook's own option, checked in development builds (the core never sees closeDelay): an invalid one is
 * reported on `error` and through `onError`, never thrown, and the registry uses the default instead.
 */
function useCloseDelayCheck(closeDelay: unknown, self: Member): GlockError | null {
  const error = useMemo(
    () =>
      closeDelay === undefined || isCloseDelay(closeDelay)
        ? null
        : new GlockError('invalid_option', explain!.option('closeDelay', 'a whole number ≥ 0 or Infinity', closeDelay)),
    [closeDelay],
  )
  useIsomorphicLayoutEffect(() => {
    if (error) tell(self.options, error)
  }, [self, error])
  return error
}

/**
 * One WebSocket per key, shared by every component that uses it, driven by Glock's handlers. Pass a
 * definition from `defineSocket`, so every component runs the same handlers:
 * @example
 * const chat = defineSocket('wss://example.com/chat', {
 *   init: () => [] as string[],
 *   receive: (frame, log) => ({ state: frame.type === 'text' ? [...log, frame.data] : log }),
 * })
 * const { state, status, push } = useGlock(chat)
 */
export function useGlock<S, M = unknown, T = S>(
  definition: SocketDefinition<S, M>,
  options?: UseSocketOptions<S, T> | null,
): GlockResult<T, M>
/**
 * The one-off form: the first component to mount on a key owns the connection, and its handlers run.
 * `null` for `url` connects nothing; `null` for `handlers` or `options` means none.
 */
export function useGlock<S, M = unknown, T = S>(
  url: FixedUrl | null,
  handlers: HandlersWithInit<S, M>,
  options?: GlockOptions<S, T> | null,
): GlockResult<T, M>
/** Without `init` the state starts as `null`: it is an `S | null`. */
export function useGlock<S = Frame, M = unknown, T = S | null>(
  url: FixedUrl | null,
  handlers?: Callbacks<S | null, M> | null,
  options?: GlockOptions<S | null, T> | null,
): GlockResult<T, M>
/** A URL function is called before every attempt, so components share it by `key`. */
export function useGlock<S, M = unknown, T = S>(
  url: UrlInput | null,
  handlers: HandlersWithInit<S, M>,
  options: GlockOptions<S, T> & { key: string },
): GlockResult<T, M>
export function useGlock<S = Frame, M = unknown, T = S | null>(
  url: UrlInput | null,
  handlers: Callbacks<S | null, M> | null | undefined,
  options: GlockOptions<S | null, T> & { key: string },
): GlockResult<T, M>
export function useGlock<S, M, T>(
  target: UrlInput | SocketDefinition<S, M> | null,
  second?: Callbacks<S, M> | UseSocketOptions<S, T> | null,
  third?: GlockOptions<S, T> | null,
): GlockResult<T, M> {
  // A definition brings the connection's url, handlers and options; the component brings what it reads.
  const definition = isDefinition(target) ? (target as SocketDefinition<S, M>) : undefined
  const defined = definition !== undefined
  const url = definition ? definition.url : (target as UrlInput | null)
  const handlers = definition ? definition.handlers : (second as Callbacks<S, M> | null | undefined)
  const options: GlockOptions<S, T> | null | undefined = definition ? definition.options : third
  const view = definition ? (second as UseSocketOptions<S, T> | null | undefined) : third
  const enabled = view?.enabled !== false
  const customKey = options?.key
  // Resolving the URL parses it: once per url and key, not every render.
  const key = useMemo((): string | null => {
    if (url === null || !enabled) return null
    if (definition) return definition.key
    if (customKey !== undefined) return customKey
    if (typeof url === 'function') return null
    try {
      return resolveUrl(url)
    } catch {
      return String(url)
    }
    // The definition's key is all that matters of it: one made per render changes nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, customKey, enabled, definition?.key])
  // This component's member of the registry: a mutable box, created once, filled in and written only in effects.
  const [self] = useState(() => ({}) as Member)

  const missingKey = typeof url === 'function' && key === null && enabled
  // init runs again only for a new key: an inline handlers object must not rebuild the state each render.
  const detached = useMemo<Snapshot<S>>(() => {
    const snapshot = initialSnapshot<S>(url, handlers as Callbacks<S, never> | null | undefined, key)
    if (!missingKey) return snapshot
    return {
      ...snapshot,
      error: new GlockError(
        'invalid_option',
        process.env.NODE_ENV !== 'production' ? explain!.missingKey() : undefined,
      ),
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, missingKey])

  // The connection reads its owner's latest props, written after commit and never during render:
  // a render with the same url, handlers and options objects configures nothing.
  useIsomorphicLayoutEffect(() => {
    Object.assign(self, { key, url, handlers, options, defined })
    if (self.entry?.members[0] === self) configure(self.entry, self)
    // A definition made per render brings the same url, handlers and options: nothing to configure.
  }, [self, key, url, handlers, options, defined])

  // Membership follows the layout phase, so the connection exists before any passive effect, a child's included,
  // can push. A child's layout effect runs before this one: a push from there is refused, and says so.
  useIsomorphicLayoutEffect(() => {
    if (key !== null) {
      acquire(key, self)
      return () => release(key, self)
    }
    // No connection to report it (a missing key, an init that threw): onError hears of it here.
    if (detached.error) tell(self.options, detached.error)
  }, [key, self, detached])

  // The store this component reads, made once per key: never a registry lookup per call. Its entry is the one
  // the component acquired, from that commit on (the registry may have replaced the one found by then); until
  // then the one found here, so a component joining a live connection renders its state on its first render.
  // The server (and hydration) render init's state, status 'idle': the same as the first client render.
  const [subscribe, getSnapshot, getServerSnapshot] = useMemo(() => {
    const found = lookup(key)
    const entry = () => (self.key === key && self.entry) || found
    return [
      (listener: () => void) => entry()?.connection.subscribe(listener) ?? unsubscribed,
      (): Snapshot<S> => entry()?.connection.getSnapshot() ?? detached,
      () => detached,
    ] as const
  }, [self, key, detached])

  const select = view?.select
  const isEqualState = view?.isEqual ?? Object.is
  // Without select the snapshot is the selection: the result below is a copy either way.
  const selector = useCallback(
    (snapshot: Snapshot<S>): Snapshot<T> =>
      select ? { ...snapshot, state: select(snapshot.state) } : (snapshot as unknown as Snapshot<T>),
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

  // The error this component last showed: a refusal below is newer than it.
  useIsomorphicLayoutEffect(() => {
    Object.assign(self, { shown: selection.error })
  }, [self, selection.error])
  // push with nothing to push to: the refusal is this component's own error, until a push is accepted or the
  // connection has a newer error (and then never again: an older error does not come back).
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  if (refusal && (refusal.key !== key || (selection.error && selection.error !== refusal.over))) setRefusal(null)
  const [commands] = useState(() => {
    const nothingConnected = () =>
      new GlockError(
        'not_open',
        process.env.NODE_ENV !== 'production'
          ? explain!.nothingConnected(
              self.url === null
                ? 'the url is null'
                : self.key === null
                  ? 'options.key is missing'
                  : 'the component is not mounted',
            )
          : undefined,
      )
    // Only a refused push makes an accepted one set state: pushes in a burst render nothing.
    let refused = false
    // Before its first commit (a child's layout effect pushing) the member has no key yet: it is this one.
    const firstKey = key
    return {
      push(message: M) {
        if (self.entry) {
          const accepted = self.entry.connection.push(message)
          if (accepted && refused) {
            refused = false
            setRefusal(null)
          }
          return accepted
        }
        const error = nothingConnected()
        refused = true
        setRefusal({ key: 'key' in self ? self.key : firstKey, error, over: self.shown })
        tell(self.options, error)
        return false
      },
      request<R>(message: M, options?: RequestOptions): Promise<R> {
        return self.entry ? self.entry.connection.request<R>(message, options) : Promise.reject(nothingConnected())
      },
      close(code?: number, reason?: string) {
        self.entry?.connection.close(code, reason)
      },
      reconnect() {
        self.entry?.connection.reconnect()
      },
    }
  })

  let error = refusal?.error ?? selection.error
  // A build constant: every render in one build calls the same hooks, and production builds none of these.
  if (process.env.NODE_ENV !== 'production') {
    // eslint-disable-next-line react-hooks/rules-of-hooks
    const closeDelayError = useCloseDelayCheck(options?.closeDelay, self)
    error ??= closeDelayError
    // DevTools only (React's production builds ignore it): the label masks the URL's secrets.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    useDebugValue(selection.status, (status) => explain!.debugLabel(key, status))
  }
  return useMemo(() => ({ ...selection, error, ...commands }), [selection, error, commands])
}
