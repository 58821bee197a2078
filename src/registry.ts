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
  handlers: Handlers<any, any> | undefined
  options: (ConnectOptions & { closeDelay?: number }) | undefined
}

interface Entry {
  connection: Connection<any, any>
  /** In mount order: the first is the owner, whose handlers and options the connection runs. */
  members: Member[]
  /** The pending close after the last member left, with the clock that set it. */
  closing?: { clock: Pick<Clock, 'clearTimeout'>; handle: unknown }
}

/** On globalThis, so the ESM and CJS builds loaded in one page share their sockets. */
const REGISTRY = Symbol.for('react-glock.registry')

function entries(): Map<string, Entry> {
  const global = globalThis as { [REGISTRY]?: Map<string, Entry> }
  return (global[REGISTRY] ??= new Map())
}

/** Browsers throw 'Illegal invocation' when setTimeout is called as a method of another object: wrap it. */
const globalTimers = {
  setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export function lookup(key: string | null): Entry | undefined {
  return key === null ? undefined : entries().get(key)
}

export function configure(entry: Entry, member: Member) {
  entry.connection.configure(member.url!, member.handlers, member.options)
}

export function acquire(key: string, member: Member): Entry {
  let entry = entries().get(key)
  if (!entry) {
    entry = { connection: connect(member.url!, member.handlers, member.options), members: [] }
    entries().set(key, entry)
  }
  if (entry.closing) {
    entry.closing.clock.clearTimeout(entry.closing.handle)
    entry.closing = undefined
  }
  // Joining an entry nobody holds (within closeDelay): the newcomer is the owner now.
  if (entry.members.push(member) === 1) configure(entry, member)
  return entry
}

/** The last member leaving closes the socket after `closeDelay`, so StrictMode remounts and quick route changes reuse it. */
export function release(key: string, member: Member) {
  const entry = entries().get(key)
  const index = entry ? entry.members.indexOf(member) : -1
  if (!entry || index < 0) return
  entry.members.splice(index, 1)
  const owner = entry.members[0]
  if (owner) {
    if (index === 0) configure(entry, owner)
    return
  }
  const delay = member.options?.closeDelay ?? 1000
  // Infinity (or anything past setTimeout's range) keeps the socket for good.
  if (!(delay <= 0x7fffffff)) return
  const clock = member.options?.clock ?? globalTimers
  const handle = clock.setTimeout(() => {
    if (entries().get(key) !== entry || entry.members.length > 0) return
    entries().delete(key)
    entry.connection.close()
  }, delay)
  entry.closing = { clock, handle }
}
