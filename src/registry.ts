import {
  connect,
  type Clock,
  type Connection,
  type ConnectOptions,
  type Handlers,
  type UrlInput,
} from 'react-glock/core'

/** One mounted component using a key, with what it rendered last (written after commit). */
export interface Member {
  key: string | null
  url: UrlInput | null
  handlers: Handlers<any, any> | null | undefined
  options: (ConnectOptions & { closeDelay?: number }) | null | undefined
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

/** On globalThis, so the ESM and CJS builds loaded in one page share their sockets. */
const REGISTRY = Symbol.for('react-glock.registry')
type Global = { [REGISTRY]?: Map<string, Entry> }

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
    // Created with the member's props: nothing to configure.
    entry = { connection: connect(member.url!, member.handlers, member.options), members: [] }
    entries().set(key, entry)
  } else if (entry.members.length === 0) {
    // Joining an entry nobody holds (within closeDelay): the newcomer is the owner now.
    entry.cancelClose?.()
    entry.cancelClose = undefined
    configure(entry, member)
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
    entry.connection.close()
  }, delay)
  entry.cancelClose = () => clock.clearTimeout(handle)
}
