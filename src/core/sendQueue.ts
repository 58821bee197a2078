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
      const dropped = frames.length < max ? 0 : 1
      if (dropped && (overflow === 'reject' || max === 0)) return dropped
      if (dropped) frames.shift()
      frames.push(frame)
      return dropped
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
