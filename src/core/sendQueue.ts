import type { QueueOptions } from './types'

/** Frames waiting for the socket, bounded by `queue.max` with one overflow policy. */
export function createSendQueue<Frame>(options: () => Required<QueueOptions>) {
  const frames: Frame[] = []
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
    add(frame: Frame): number {
      const { max, overflow } = options()
      if (frames.length < max) {
        frames.push(frame)
        return 0
      }
      // Full. With max 0 there is no oldest to drop, so the new frame is the one thrown away.
      if (overflow !== 'reject' && max !== 0) {
        frames.push(frame)
        frames.shift()
      }
      return 1
    },
    shift: () => frames.shift(),
    /** Empties the queue and returns how many frames it held. */
    clear: () => frames.splice(0).length,
    /** Takes out the frames `unwanted` picks (a request's, when it timed out), keeping the others in order. */
    remove(unwanted: (frame: Frame) => boolean) {
      const kept = frames.filter((frame) => !unwanted(frame))
      frames.splice(0, frames.length, ...kept)
    },
  }
}
