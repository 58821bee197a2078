import { connect, type Connection, type ConnectOptions, type Handlers, type UrlInput } from 'react-glock/core'

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
  closeTimer?: unknown
}

/** On globalThis, so the ESM and CJS builds loaded in one page share their sockets. */
const REGISTRY = Symbol.for('react-glock.registry')

function entries(): Map<string, Entry> {
  const global = globalThis as { [REGISTRY]?: Map<string, Entry> }
  return (global[REGISTRY] ??= new Map())
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
  if (entry.closeTimer !== undefined) {
    clockOf(member).clearTimeout(entry.closeTimer)
    entry.closeTimer = undefined
  }
  entry.members.push(member)
  return entry
}

/** The last member leaving closes the socket after `closeDelay`, so StrictMode remounts and quick route changes reuse it. */
export function release(key: string, member: Member) {
  const entry = entries().get(key)
  if (!entry) return
  const wasOwner = entry.members[0] === member
  entry.members.splice(entry.members.indexOf(member), 1)
  const owner = entry.members[0]
  if (owner) {
    if (wasOwner) configure(entry, owner)
    return
  }
  entry.closeTimer = clockOf(member).setTimeout(() => {
    entries().delete(key)
    entry.connection.close()
  }, member.options?.closeDelay ?? 1000)
}

/** Browsers throw 'Illegal invocation' when setTimeout is called as a method of another object: wrap it. */
const globalTimers = {
  setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

const clockOf = (member: Member) => member.options?.clock ?? globalTimers
