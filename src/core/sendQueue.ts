import type { Data, QueueOptions } from './types'

/** Frames waiting for the socket, bounded by `queue.max` with one overflow policy. */
export function createSendQueue(options: () => Required<QueueOptions>) {
  let frames: Data[] = []
  return {
    get length() {
      return frames.length
    },
    /** Whether `count` more frames fit without overflowing. */
    fits: (count: number) => frames.length + count <= options().max,
    /**
     * Adds a frame and returns how many frames the overflow policy threw away for it (0 or 1):
     * with `'reject'` the new frame, with `'drop-oldest'` the oldest.
     */
    add(frame: Data): number {
      const { max, overflow } = options()
      if (frames.length < max) return (frames.push(frame), 0)
      if (overflow === 'drop-oldest' && max > 0) (frames.shift(), frames.push(frame))
      return 1
    },
    shift: () => frames.shift(),
    /** Empties the queue and returns how many frames it held. */
    clear(): number {
      const count = frames.length
      frames = []
      return count
    },
  }
}
