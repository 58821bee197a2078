import { urlForDisplay } from './url'
import type {
  Callbacks,
  DefinitionOptions,
  FixedUrl,
  Frame,
  HandlersWithInit,
  SocketDefinition,
  UrlInput,
} from './types'

import { DEFINITION } from './definition'

/** The key a URL is shared under: `key` when given, else the resolved URL (as given where it cannot resolve). */
export const keyOf = (url: UrlInput, key: string | undefined): string | null =>
  key ?? (typeof url === 'function' ? null : urlForDisplay(url))

/**
 * Defines one connection, once, with its types: pass it to `useGlock` in every component that uses the socket,
 * or to `connect`. Never throws: what is wrong with it is reported when it connects. Cheap enough to make per
 * render (`defineSocket(\`wss://…/rooms/${id}\`, roomHandlers)`): the key, not the object, names the connection.
 * @example
 * export const chat = defineSocket('wss://example.com/chat', {
 *   init: () => [] as string[],
 *   receive: (frame, log) => ({ state: frame.type === 'text' ? [...log, frame.data] : log }),
 * })
 * // in any component:
 * const { state, push } = useGlock(chat)
 */
export function defineSocket<S, M = unknown>(
  url: FixedUrl,
  handlers: HandlersWithInit<S, M>,
  options?: DefinitionOptions | null,
): SocketDefinition<S, M>
/** Without `init` the state starts as `null`: it is an `S | null`. */
export function defineSocket<S = Frame, M = unknown>(
  url: FixedUrl,
  handlers?: Callbacks<S | null, M> | null,
  options?: DefinitionOptions | null,
): SocketDefinition<S | null, M>
/** A URL function is called before every attempt, so the connection needs a `key` to be known by. */
export function defineSocket<S, M = unknown>(
  url: UrlInput,
  handlers: HandlersWithInit<S, M>,
  options: DefinitionOptions & { key: string },
): SocketDefinition<S, M>
export function defineSocket<S = Frame, M = unknown>(
  url: UrlInput,
  handlers: Callbacks<S | null, M> | null | undefined,
  options: DefinitionOptions & { key: string },
): SocketDefinition<S | null, M>
export function defineSocket(
  url: UrlInput,
  handlers?: Callbacks<any, any> | null,
  options?: DefinitionOptions | null,
): SocketDefinition<any, any> {
  return Object.freeze({
    url,
    handlers: handlers ?? null,
    options: options ?? null,
    key: keyOf(url, options?.key),
    [DEFINITION]: true,
  }) as unknown as SocketDefinition<any, any>
}
