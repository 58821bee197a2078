import { describe, expect, test } from 'vitest'
import { createSendQueue } from '../../../src/core/sendQueue'
import type { QueueOptions } from '../../../src/core/types'

function queueOf(max: number, overflow: 'reject' | 'drop-oldest', frames: string[] = []) {
  const options: Required<QueueOptions> = { max, overflow, highWaterMark: 1024 * 1024 }
  const queue = createSendQueue(() => options)
  for (const frame of frames) queue.add(frame)
  return queue
}

/** Empties the queue through shift(), in the order the frames would go out. */
function drain(queue: ReturnType<typeof createSendQueue>) {
  const out: unknown[] = []
  while (queue.length > 0) out.push(queue.shift())
  return out
}

describe('add()', () => {
  test('within max, adds the frame and throws nothing away', () => {
    const queue = queueOf(3, 'reject')
    expect(queue.add('a')).toBe(0)
    expect(queue.add('b')).toBe(0)
    expect(queue.add('c')).toBe(0)
    expect(queue.length).toBe(3)
    expect(drain(queue)).toEqual(['a', 'b', 'c'])
  })

  test("at max with 'reject', refuses the new frame (1 thrown away) and keeps the old ones", () => {
    const queue = queueOf(2, 'reject', ['a', 'b'])
    expect(queue.add('c')).toBe(1)
    expect(queue.length).toBe(2)
    expect(drain(queue)).toEqual(['a', 'b'])
  })

  test("at max with 'drop-oldest', drops the oldest frame (1 thrown away) and keeps the order", () => {
    const queue = queueOf(3, 'drop-oldest', ['a', 'b', 'c'])
    expect(queue.add('d')).toBe(1)
    expect(queue.add('e')).toBe(1)
    expect(queue.length).toBe(3)
    expect(drain(queue)).toEqual(['c', 'd', 'e'])
  })

  test("max 0 with 'reject': nothing is ever queued", () => {
    const queue = queueOf(0, 'reject')
    expect(queue.add('a')).toBe(1)
    expect(queue.length).toBe(0)
  })

  test("max 0 with 'drop-oldest': there is no oldest to drop, so the new frame is the one thrown away", () => {
    const queue = queueOf(0, 'drop-oldest')
    expect(queue.add('a')).toBe(1)
    expect(queue.length).toBe(0)
    expect(queue.shift()).toBeUndefined()
  })

  test('binary frames are kept as the same objects', () => {
    const queue = queueOf(2, 'reject')
    const buffer = new ArrayBuffer(4)
    const view = new Uint8Array(2)
    queue.add(buffer)
    queue.add(view)
    expect(queue.shift()).toBe(buffer)
    expect(queue.shift()).toBe(view)
  })

  test('reads the options at every add: a larger max applies at once', () => {
    const options: Required<QueueOptions> = { max: 1, overflow: 'reject', highWaterMark: 0 }
    const queue = createSendQueue(() => options)
    expect(queue.add('a')).toBe(0)
    expect(queue.add('b')).toBe(1)
    options.max = 2
    expect(queue.add('b')).toBe(0)
    expect(drain(queue)).toEqual(['a', 'b'])
  })
})

describe('fits()', () => {
  test('whether that many more frames fit without overflowing', () => {
    const queue = queueOf(3, 'reject', ['a'])
    expect(queue.fits(0)).toBe(true)
    expect(queue.fits(1)).toBe(true)
    expect(queue.fits(2)).toBe(true)
    expect(queue.fits(3)).toBe(false)
  })

  test('a full queue fits nothing more, and max 0 fits only zero frames', () => {
    expect(queueOf(2, 'drop-oldest', ['a', 'b']).fits(1)).toBe(false)
    expect(queueOf(0, 'reject').fits(0)).toBe(true)
    expect(queueOf(0, 'reject').fits(1)).toBe(false)
  })
})

describe('shift()', () => {
  test('takes frames out oldest first, then undefined when empty', () => {
    const queue = queueOf(5, 'reject', ['a', 'b'])
    expect(queue.shift()).toBe('a')
    expect(queue.length).toBe(1)
    expect(queue.shift()).toBe('b')
    expect(queue.length).toBe(0)
    expect(queue.shift()).toBeUndefined()
  })

  test('frees room for another frame', () => {
    const queue = queueOf(1, 'reject', ['a'])
    queue.shift()
    expect(queue.add('b')).toBe(0)
    expect(drain(queue)).toEqual(['b'])
  })
})

describe('clear()', () => {
  test('returns how many frames it held and empties the queue', () => {
    const queue = queueOf(5, 'reject', ['a', 'b', 'c'])
    expect(queue.clear()).toBe(3)
    expect(queue.length).toBe(0)
    expect(queue.shift()).toBeUndefined()
    expect(queue.fits(5)).toBe(true)
  })

  test('an empty queue clears to 0', () => {
    const queue = queueOf(5, 'reject')
    expect(queue.clear()).toBe(0)
    expect(queue.clear()).toBe(0)
  })

  test('the queue works as new after clearing', () => {
    const queue = queueOf(2, 'reject', ['a', 'b'])
    queue.clear()
    expect(queue.add('c')).toBe(0)
    expect(drain(queue)).toEqual(['c'])
  })
})
