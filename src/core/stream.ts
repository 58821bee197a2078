import { connect } from './connection'
import { GlockError } from './errors'
import { explain } from './explain'
import type { ConnectOptions, Frame, UrlInput } from './types'

/**
 * Glock.stream: the frames a socket receives, as an async iterable whose last value is the
 * close frame. It does not reconnect; leaving the loop early closes the socket with 1000.
 * A socket that never opens makes the loop throw the error that stopped it.
 * @example
 * for await (const frame of stream('wss://example.com/feed', { WebSocket })) console.log(frame)
 */
export function stream(
  url: UrlInput,
  options: Omit<ConnectOptions, 'reconnect' | 'notify'> = {},
): AsyncIterableIterator<Frame> {
  const frames: Frame[] = []
  let finished = false
  // Every pending next() waits here; each wake-up re-checks, so calls made without awaiting are served in order.
  let waiting: Array<() => void> = []
  const wake = () => {
    const woken = waiting
    waiting = []
    woken.forEach((resume) => resume())
  }
  const connection = connect<null>(
    url,
    {
      receive(frame, state) {
        frames.push(frame)
        wake()
        return { state }
      },
    },
    { onError() {}, ...options, reconnect: false, notify: 'sync' },
  )
  connection.subscribe(() => wake())

  const iterator: AsyncIterableIterator<Frame> = {
    async next() {
      for (;;) {
        const frame = frames.shift()
        if (frame) {
          finished ||= frame.type === 'close'
          return { value: frame, done: false }
        }
        if (finished) return { value: undefined, done: true }
        const { status, error } = connection.getSnapshot()
        if (status === 'closed') {
          finished = true
          throw (
            error ??
            new GlockError('socket_error', process.env.NODE_ENV !== 'production' ? explain!.neverOpened() : undefined)
          )
        }
        await new Promise<void>((resolve) => waiting.push(resolve))
      }
    },
    async return() {
      finished = true
      connection.close(1000)
      return { value: undefined, done: true }
    },
    [Symbol.asyncIterator]: () => iterator,
  }
  return iterator
}
