import { createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/** Resolves when `read()` reaches `count`; `bump()` is called by whatever changes the count. */
export function counter() {
  let value = 0
  let waiters: Array<{ count: number; resolve: () => void }> = []
  return {
    get value() {
      return value
    },
    bump() {
      value++
      waiters = waiters.filter((waiter) => (value >= waiter.count ? (waiter.resolve(), false) : true))
    },
    reached: (count: number) =>
      new Promise<void>((resolve) => (value >= count ? resolve() : waiters.push({ count, resolve }))),
  }
}

/** Accepts TCP connections on 127.0.0.1 (port 0), reads the upgrade request and never answers it. */
export async function startBlackHole() {
  const open = new Set<Socket>()
  const accepted = counter()
  const closed = counter()
  const server = createServer((socket) => {
    open.add(socket)
    socket.on('data', () => {})
    socket.on('error', () => {})
    socket.on('close', () => {
      open.delete(socket)
      closed.bump()
    })
    accepted.bump()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}/`,
    accepted,
    /** TCP connections the client gave up on (closed from its side). */
    closed,
    get open() {
      return open.size
    },
    async close() {
      open.forEach((socket) => socket.destroy())
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
