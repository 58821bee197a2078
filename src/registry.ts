import {
  connect,
  type Callbacks,
  type Clock,
  type Connection,
  type DefinitionOptions,
  type GlockError,
  type UrlInput,
} from 'react-glock/core'
import { redactUrl } from './core/url'

/** One mounted component using a key, with what it rendered last (written after commit). */
export interface Member {
  key: string | null
  url: UrlInput | null
  handlers: Callbacks<any, any> | null | undefined
  options: DefinitionOptions | null | undefined
  /** It passed a definition: its handlers are compared by identity, not by their names. */
  defined?: boolean
  /** The connection's error it last rendered (written after commit). */
  shown?: GlockError | null

  /** The entry it holds, from `acquire` to `release`: the component reaches its connection through this, not by key. */
  entry?: Entry
}

export interface Entry {
  connection: Connection<any, any>
  /** In mount order: the first is the owner, whose handlers and options the connection runs. */
  members: Member[]
  /** Cancels the close pending since the last member left. */
  cancelClose?: () => void
}

/** On globalThis, so the ESM and CJS builds loaded in one page share their sockets (and their warnings). */
const REGISTRY = Symbol.for('react-glock.registry')
const WARNED = Symbol.for('react-glock.warned')
type Global = { [REGISTRY]?: Map<string, Entry>; [WARNED]?: Set<string> }

function entries(): Map<string, Entry> {
  return ((globalThis as Global)[REGISTRY] ??= new Map())
}

/** A valid `closeDelay`: a whole number of milliseconds ≥ 0, or Infinity (keep the socket for good). */
export const isCloseDelay = (value: unknown): value is number =>
  value === Infinity || (Number.isInteger(value) && (value as number) >= 0)

/** Reads only: a render may look, but the registry comes into being when something joins it. */
export function lookup(key: string | null): Entry | undefined {
  return (globalThis as Global)[REGISTRY]?.get(key!)
}

export function configure(entry: Entry, member: Member) {
  entry.connection.configure(member.url!, member.handlers, member.options)
}

export function acquire(key: string, member: Member): Entry {
  let entry = entries().get(key)
  if (!entry) {
    // Created with the member's props: nothing to configure. A `connect` option that is not a function is
    // reported by the core, which makes the connection instead.
    const make = member.options?.connect
    entry = {
      connection: (typeof make === 'function' ? make : connect)(member.url!, member.handlers, member.options),
      members: [],
    }
    entries().set(key, entry)
  } else if (entry.members.length === 0) {
    // Joining an entry nobody holds (within closeDelay): the newcomer is the owner now.
    entry.cancelClose?.()
    entry.cancelClose = undefined
    configure(entry, member)
  } else if (process.env.NODE_ENV !== 'production') {
    warnIfHandlersDiffer(key, entry.members[0]!, member)
  }
  entry.members.push(member)
  return (member.entry = entry)
}

/** The last member leaving closes the socket after `closeDelay`, so StrictMode remounts and quick route changes reuse it. */
export function release(key: string, member: Member) {
  const entry = member.entry
  if (!entry) return
  member.entry = undefined
  const index = entry.members.indexOf(member)
  entry.members.splice(index, 1)
  // resetGlock() already closed it and forgot it: nothing left to hand over or to close later.
  if (entries().get(key) !== entry) return
  const owner = entry.members[0]
  if (owner) {
    if (index === 0) configure(entry, owner)
    return
  }
  const given = member.options?.closeDelay
  // An invalid closeDelay (reported by the hook in development builds) means the default.
  const delay = isCloseDelay(given) ? given : 1000
  // Infinity (or anything past setTimeout's range) keeps the socket for good.
  if (delay > 0x7fffffff) return
  // Without a clock, the global timers, called as methods of globalThis (of anything else, browsers throw
  // 'Illegal invocation').
  const clock: Pick<Clock, 'setTimeout' | 'clearTimeout'> = member.options?.clock ?? globalThis
  const handle = clock.setTimeout(() => {
    if (entries().get(key) !== entry || entry.members.length > 0) return
    entries().delete(key)
    entry.connection.release()
  }, delay)
  entry.cancelClose = () => clock.clearTimeout(handle)
}

const HANDLER_NAMES = ['init', 'open', 'send', 'receive'] as const
const namesOf = (handlers: Member['handlers']) =>
  HANDLER_NAMES.filter((name) => handlers?.[name] != null).join(', ') || 'none'

/**
 * Development builds, once per key: a component joining a key whose owner passed other handlers would run
 * the owner's, not its own. With definitions, other handlers objects; in the one-off form, other handler names
 * (inline objects are new every render, so names are all there is to compare).
 */
function warnIfHandlersDiffer(key: string, owner: Member, member: Member) {
  const warned = ((globalThis as Global)[WARNED] ??= new Set())
  const differ =
    owner.defined || member.defined
      ? (owner.handlers ?? null) !== (member.handlers ?? null)
      : namesOf(owner.handlers) !== namesOf(member.handlers)
  if (!differ || warned.has(key)) return
  warned.add(key)
  try {
    ;(member.options?.logger ?? console).warn(
      `[react-glock] Components on ${JSON.stringify(redactUrl(key))} pass different handlers: only the first one ` +
        `mounted runs its own (${namesOf(owner.handlers)}); this one's (${namesOf(member.handlers)}) are ignored. ` +
        'Children mount before their parents, so the first may be a child. Define the socket once with ' +
        'defineSocket(url, handlers, options) and pass the definition to useGlock in every component.',
    )
  } catch {
    // A logger that cannot warn leaves nowhere else to say it; the components work on regardless.
  }
}

/**
 * For tests: closes every connection at once, with no closeDelay wait, empties the registry and forgets which
 * warnings were given, so the next test starts from nothing.
 */
export function resetRegistry() {
  const global = globalThis as Global
  const map = global[REGISTRY]
  global[WARNED]?.clear()
  if (!map) return
  const all = [...map.values()]
  map.clear()
  for (const entry of all) {
    entry.cancelClose?.()
    entry.connection.release()
  }
}
