import type { BroadcastChannelLike, TabsEnvironment } from 'react-glock/core'

/**
 * Web Locks and BroadcastChannel for the tabs of one browser profile, in process and delivered by hand: every
 * message and every lock grant waits in one queue, in the order it happened, until `step()` or `flush()`. So a
 * test can stop the world between any two deliveries (and crash a tab there).
 */
export function fakeProfile() {
  const queue: Array<() => void> = []
  const channels = new Set<Channel>()
  const locks = new Map<string, { holder?: LockRequest; waiting: LockRequest[] }>()

  interface Channel extends BroadcastChannelLike {
    readonly name: string
    readonly tab: string
    open: boolean
    /** Its tab crashed: what it posts goes nowhere, and it hears nothing. */
    dead: boolean
  }
  interface LockRequest {
    tab: string
    name: string
    callback: (lock: unknown) => Promise<unknown>
    resolve(value: unknown): void
    reject(reason: unknown): void
  }

  function grantNext(name: string) {
    const lock = locks.get(name)
    if (!lock || lock.holder || lock.waiting.length === 0) return
    const request = lock.waiting.shift()!
    lock.holder = request
    queue.push(() => {
      if (lock.holder !== request) return
      Promise.resolve(request.callback({ name }))
        .then(request.resolve, request.reject)
        .finally(() => releaseLock(request))
    })
  }
  function releaseLock(request: LockRequest) {
    const lock = locks.get(request.name)
    if (lock?.holder !== request) return
    lock.holder = undefined
    grantNext(request.name)
  }

  /** One tab's view of the profile: what `connectAcrossTabs` takes as its `tabs` option. */
  function tab(id: string): TabsEnvironment {
    class FakeBroadcastChannel implements Channel {
      onmessage: ((event: { data: unknown }) => void) | null = null
      open = true
      dead = false
      readonly tab = id
      constructor(readonly name: string) {
        channels.add(this)
      }
      postMessage(message: unknown) {
        if (!this.open) throw new Error('InvalidStateError: the channel is closed')
        if (this.dead) return
        // As a browser does: cloned at once (so a DataCloneError throws here), delivered later.
        const data = structuredClone(message)
        for (const other of channels) {
          if (other === this || other.name !== this.name) continue
          queue.push(() => {
            if (other.open && !other.dead) other.onmessage?.({ data: structuredClone(data) })
          })
        }
      }
      close() {
        this.open = false
        channels.delete(this)
      }
    }
    return {
      BroadcastChannel: FakeBroadcastChannel,
      locks: {
        request(name, options, callback) {
          return new Promise((resolve, reject) => {
            const request: LockRequest = { tab: id, name, callback, resolve, reject }
            const lock = locks.get(name) ?? { waiting: [] }
            locks.set(name, lock)
            lock.waiting.push(request)
            options.signal?.addEventListener('abort', () => {
              const at = lock.waiting.indexOf(request)
              if (at < 0) return
              lock.waiting.splice(at, 1)
              reject(new Error('AbortError'))
            })
            grantNext(name)
          })
        },
      },
    }
  }

  /** Lets promise callbacks run (the lock callbacks' and requests' settlements). */
  const microtasks = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve()
  }

  return {
    tab,
    /** Deliveries and grants waiting. */
    get waiting() {
      return queue.length
    },
    /** Delivers the oldest waiting message or grant, then lets promise callbacks run. */
    async step() {
      queue.shift()?.()
      await microtasks()
    },
    /** Delivers everything, including what that causes, until nothing is left. */
    async flush() {
      await microtasks()
      for (let i = 0; queue.length > 0; i++) {
        if (i > 10_000) throw new Error('fakeProfile: the tabs never went quiet')
        queue.shift()!()
        await microtasks()
      }
    },
    /**
     * The tab is gone at once, as a crashed or closed page: its channels hear nothing more, its lock goes to the
     * next tab waiting, and its requests for one are forgotten. What it posted before is still delivered. Its
     * code still runs in this process: release its connection to stop it (what it posts then goes nowhere).
     */
    crash(id: string) {
      for (const channel of [...channels]) {
        if (channel.tab !== id) continue
        channel.dead = true
        channels.delete(channel)
      }
      for (const lock of locks.values()) {
        lock.waiting = lock.waiting.filter((request) => request.tab !== id)
        if (lock.holder?.tab === id) releaseLock(lock.holder)
      }
    },
    /** Which tab holds the lock of `name`. */
    holder: (name: string) => locks.get(name)?.holder?.tab,
  }
}
