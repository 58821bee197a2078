import type { AbortSignalLike, Clock, Data } from './types'

/** A request waiting for its reply. */
export interface PendingRequest {
  readonly id: number
  /** What `send` produced for it: sent again as they are when `resend` is on. */
  frames: readonly Data[]
  readonly resend: boolean
  /** Its frames reached the current socket, not just the queue. */
  sent: boolean
  /** Its socket went before the reply: it goes out again once the next socket opens. */
  again: boolean
}

interface Entry extends PendingRequest {
  resolve(value: unknown): void
  reject(reason: unknown): void
  /** Stops its timeout and its abort listener. */
  dispose(): void
}

/** What the table needs from its connection. */
export interface RequestHost {
  clock(): Clock
  /** Runs a task as one event of the connection (timers and aborts arrive from outside). */
  run(task: () => void): void
  /** The number of pending requests changed. */
  counted(count: number): void
  /** A request ends before its reply: its frames still queued must not go out. */
  unqueue(request: PendingRequest): void
}

/**
 * The pending requests of one connection: ids (1, 2, 3, … for the connection's life), each request's timeout
 * and abort signal, and how each one settles. Insertion order is the order requests were first sent in.
 */
export function createRequests(host: RequestHost) {
  let nextId = 1
  const table = new Map<number, Entry>()

  function end(entry: Entry) {
    table.delete(entry.id)
    entry.dispose()
    host.counted(table.size)
  }
  /** Ends a request before any reply: a timeout, an abort, or the connection's end. */
  function fail(entry: Entry, reason: unknown) {
    end(entry)
    host.unqueue(entry)
    entry.reject(reason)
  }

  return {
    get size() {
      return table.size
    },
    /**
     * Registers a request, with its timeout (`timedOut` makes the rejection) and signal. Returns null when the
     * signal was aborted already: the promise is rejected with its reason, and nothing is registered.
     */
    begin(
      settle: { resolve(value: unknown): void; reject(reason: unknown): void },
      timeout: number,
      signal: AbortSignalLike | undefined,
      resend: boolean,
      timedOut: () => unknown,
    ): PendingRequest | null {
      if (signal?.aborted) {
        settle.reject(signal.reason)
        return null
      }
      const clock = host.clock()
      const entry = {
        id: nextId++,
        frames: [],
        resend,
        sent: false,
        again: false,
        ...settle,
        dispose() {
          clock.clearTimeout(handle)
          signal?.removeEventListener('abort', onAbort)
        },
      } as Entry
      const onAbort = () => host.run(() => table.get(entry.id) === entry && fail(entry, signal!.reason))
      // Past setTimeout's range (Infinity included) waits for good.
      const handle =
        timeout <= 0x7fffffff
          ? clock.setTimeout(() => host.run(() => table.get(entry.id) === entry && fail(entry, timedOut())), timeout)
          : undefined
      signal?.addEventListener('abort', onAbort, { once: true })
      table.set(entry.id, entry)
      host.counted(table.size)
      return entry
    },
    /** Settles request `id` with a reply; false when no such request is pending (late, aborted, unknown). */
    reply(id: number, outcome: { value: unknown } | { error: unknown }): boolean {
      const entry = table.get(id)
      if (!entry) return false
      end(entry)
      if ('error' in outcome) entry.reject(outcome.error)
      else entry.resolve(outcome.value)
      return true
    },
    /** A request whose `send` failed, or that was refused: it never goes out. */
    drop(request: PendingRequest, reason: unknown) {
      const entry = table.get(request.id)
      if (entry) fail(entry, reason)
    },
    /** Every pending request, in the order they were first sent. */
    all: (): PendingRequest[] => [...table.values()],
    /** Rejects every pending request that `which` picks (all of them by default). */
    failAll(reason: (request: PendingRequest) => unknown, which: (request: PendingRequest) => boolean = () => true) {
      for (const entry of [...table.values()]) if (which(entry)) fail(entry, reason(entry))
    },
  }
}
