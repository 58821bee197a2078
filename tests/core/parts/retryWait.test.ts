import { describe, expect, test, vi } from 'vitest'
import { createRetryWait, WAKE_CHECK } from '../../../src/core/retryWait'
import { fakeClock } from '../../support/fake-clock'

function setup() {
  const time = fakeClock(1_000_000)
  const retryWait = createRetryWait(() => time.clock)
  const onDue = vi.fn()
  return { time, retryWait, onDue }
}

describe('wait()', () => {
  test('checks the clock every WAKE_CHECK at most, and ends once, at the time asked', () => {
    expect(WAKE_CHECK).toBe(5_000)
    const { time, retryWait, onDue } = setup()
    retryWait.wait(time.now() + 12_000, onDue)
    expect(time.pending()).toEqual([5_000])
    time.advance(5_000)
    expect(time.pending()).toEqual([5_000])
    time.advance(5_000)
    expect(time.pending()).toEqual([2_000])
    time.advance(1_999)
    expect(onDue).not.toHaveBeenCalled()
    time.advance(1)
    expect(onDue).toHaveBeenCalledTimes(1)
    expect(time.pending()).toEqual([])
    time.advance(60_000)
    expect(onDue).toHaveBeenCalledTimes(1)
  })

  test('a wait shorter than WAKE_CHECK is one timer for the whole wait', () => {
    const { time, retryWait, onDue } = setup()
    retryWait.wait(time.now() + 300, onDue)
    expect(time.pending()).toEqual([300])
    time.advance(299)
    expect(onDue).not.toHaveBeenCalled()
    time.advance(1)
    expect(onDue).toHaveBeenCalledTimes(1)
  })

  test('a time already past ends the wait on the next tick, not during wait()', () => {
    const { time, retryWait, onDue } = setup()
    retryWait.wait(time.now() - 1_000, onDue)
    expect(onDue).not.toHaveBeenCalled()
    expect(time.pending()).toEqual([0])
    time.advance(0)
    expect(onDue).toHaveBeenCalledTimes(1)
  })

  test('a wake from sleep (a check that fires far later than asked) ends the wait at that check', () => {
    const { time, retryWait, onDue } = setup()
    retryWait.wait(time.now() + 60_000, onDue)
    time.advance(5_000)
    // The lid closes for 20 s: the pending 5 s check fires 20 s late, still well before the time asked.
    time.sleep(20_000)
    expect(onDue).not.toHaveBeenCalled()
    time.advance(0)
    expect(onDue).toHaveBeenCalledTimes(1)
    expect(time.pending()).toEqual([])
  })

  test('a check only a little late (up to WAKE_CHECK) is not a wake: the wait goes on', () => {
    const { time, retryWait, onDue } = setup()
    const at = time.now() + 60_000
    retryWait.wait(at, onDue)
    // Due at +5 s, fires at +10 s: exactly WAKE_CHECK late.
    time.sleep(10_000)
    time.advance(0)
    expect(onDue).not.toHaveBeenCalled()
    expect(time.pending()).toEqual([5_000])
    time.advance(at - time.now() - 1)
    expect(onDue).not.toHaveBeenCalled()
    time.advance(1)
    expect(onDue).toHaveBeenCalledTimes(1)
  })

  test('a check that fires after the time asked ends the wait', () => {
    const { time, retryWait, onDue } = setup()
    retryWait.wait(time.now() + 3_000, onDue)
    time.sleep(4_000)
    time.advance(0)
    expect(onDue).toHaveBeenCalledTimes(1)
  })

  test('a second wait replaces the first', () => {
    const { time, retryWait, onDue } = setup()
    const second = vi.fn()
    retryWait.wait(time.now() + 1_000, onDue)
    retryWait.wait(time.now() + 3_000, second)
    expect(time.pending()).toEqual([3_000])
    time.advance(60_000)
    expect(onDue).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
  })

  test('uses the clock the function returns at each step', () => {
    const { time, retryWait, onDue } = setup()
    retryWait.wait(time.now() + 8_000, onDue)
    time.advance(8_000)
    expect(time.clock.setTimeout).toHaveBeenCalledTimes(2)
    expect(vi.mocked(time.clock.setTimeout).mock.calls.map(([, ms]) => ms)).toEqual([5_000, 3_000])
    expect(onDue).toHaveBeenCalledTimes(1)
  })
})

describe('cancel()', () => {
  test('stops the wait: onDue is never called', () => {
    const { time, retryWait, onDue } = setup()
    retryWait.wait(time.now() + 12_000, onDue)
    time.advance(5_000)
    retryWait.cancel()
    expect(time.pending()).toEqual([])
    time.advance(60_000)
    expect(onDue).not.toHaveBeenCalled()
  })

  test('with nothing waiting, does nothing', () => {
    const { retryWait } = setup()
    expect(() => retryWait.cancel()).not.toThrow()
  })

  test('a wait after cancel() works', () => {
    const { time, retryWait, onDue } = setup()
    retryWait.wait(time.now() + 1_000, vi.fn())
    retryWait.cancel()
    retryWait.wait(time.now() + 1_000, onDue)
    time.advance(1_000)
    expect(onDue).toHaveBeenCalledTimes(1)
  })
})
