import { describe, expect, test, vi } from 'vitest'
import { createHeartbeat } from '../../../src/core/heartbeat'
import type { HeartbeatOptions } from '../../../src/core/types'
import { fakeClock } from '../../support/fake-clock'

const settings: Required<HeartbeatOptions> = {
  message: 'ping',
  interval: 30_000,
  timeout: 10_000,
  isPong: (frame) => frame.type === 'text' && frame.data === 'pong',
}

function setup(options: Partial<Required<HeartbeatOptions>> = {}) {
  const time = fakeClock()
  const run = vi.fn((task: () => void) => task())
  const ping = vi.fn()
  const dead = vi.fn()
  const heartbeat = createHeartbeat(() => time.clock, run, ping, dead)
  heartbeat.start({ ...settings, ...options })
  return { time, run, ping, dead, heartbeat }
}

describe('pings after `interval` of silence', () => {
  test('sends the message once the socket was quiet for the interval, not before', () => {
    const { time, ping, dead } = setup()
    expect(ping).not.toHaveBeenCalled()
    time.advance(29_999)
    expect(ping).not.toHaveBeenCalled()
    time.advance(1)
    expect(ping).toHaveBeenCalledTimes(1)
    expect(ping).toHaveBeenCalledWith('ping')
    expect(dead).not.toHaveBeenCalled()
  })

  test('sends the message as given, binary included', () => {
    const message = new Uint8Array([0x9])
    const { time, ping } = setup({ message })
    time.advance(30_000)
    expect(ping).toHaveBeenCalledWith(message)
  })

  test('a frame heard before the interval postpones the ping to an interval after it', () => {
    const { time, ping, heartbeat } = setup()
    time.advance(20_000)
    heartbeat.heard()
    time.advance(10_000)
    expect(ping).not.toHaveBeenCalled()
    time.advance(19_999)
    expect(ping).not.toHaveBeenCalled()
    time.advance(1)
    expect(ping).toHaveBeenCalledTimes(1)
  })

  test('a steady stream of frames means no ping at all', () => {
    const { time, ping, heartbeat } = setup()
    for (let i = 0; i < 20; i++) {
      time.advance(10_000)
      heartbeat.heard()
    }
    expect(ping).not.toHaveBeenCalled()
  })
})

describe('after a ping', () => {
  test('nothing heard within the timeout: dead(), once', () => {
    const { time, ping, dead } = setup()
    time.advance(30_000)
    time.advance(9_999)
    expect(dead).not.toHaveBeenCalled()
    time.advance(1)
    expect(dead).toHaveBeenCalledTimes(1)
    time.advance(600_000)
    expect(dead).toHaveBeenCalledTimes(1)
    expect(ping).toHaveBeenCalledTimes(1)
    expect(time.pending()).toEqual([])
  })

  test('an answer within the timeout cancels the wait for it and starts the next interval', () => {
    const { time, ping, dead, heartbeat } = setup()
    time.advance(30_000)
    time.advance(2_000)
    heartbeat.heard()
    // Answered at 32 s: the pong wait is gone, and only the next ping, due at 62 s, is pending.
    expect(time.pending()).toEqual([30_000])
    time.advance(29_999)
    expect(dead).not.toHaveBeenCalled()
    expect(ping).toHaveBeenCalledTimes(1)
    time.advance(1)
    expect(ping).toHaveBeenCalledTimes(2)
    time.advance(10_000)
    expect(dead).toHaveBeenCalledTimes(1)
  })

  test('frames after the answer postpone the next ping as any frame does', () => {
    const { time, ping, heartbeat } = setup()
    time.advance(30_000)
    heartbeat.heard()
    time.advance(20_000)
    heartbeat.heard()
    // The second frame is no answer: the next ping is due an interval after it, at 80 s.
    time.advance(29_999)
    expect(ping).toHaveBeenCalledTimes(1)
    time.advance(1)
    expect(ping).toHaveBeenCalledTimes(2)
  })

  test('with an interval shorter than the timeout, the next ping still comes an interval after the answer', () => {
    // Both are valid options (each a duration ≥ 1). Answered at 1.1 s, quiet from then on: the next ping is
    // due at 2.1 s, not when the first ping's timeout would have ended (6 s).
    const { time, ping, heartbeat } = setup({ interval: 1_000, timeout: 5_000 })
    time.advance(1_000)
    expect(ping).toHaveBeenCalledTimes(1)
    time.advance(100)
    heartbeat.heard()
    time.advance(999)
    expect(ping).toHaveBeenCalledTimes(1)
    time.advance(1)
    expect(ping).toHaveBeenCalledTimes(2)
  })

  test('a frame heard before the ping does not count as an answer to it', () => {
    const { time, dead, heartbeat } = setup()
    time.advance(1_000)
    heartbeat.heard()
    time.advance(30_000)
    time.advance(10_000)
    expect(dead).toHaveBeenCalledTimes(1)
  })
})

describe('stop()', () => {
  test('before the ping: no ping, no dead, no timer left', () => {
    const { time, ping, dead, heartbeat } = setup()
    time.advance(10_000)
    heartbeat.stop()
    expect(time.pending()).toEqual([])
    time.advance(600_000)
    expect(ping).not.toHaveBeenCalled()
    expect(dead).not.toHaveBeenCalled()
  })

  test('after the ping: the pong wait is cancelled, so no dead', () => {
    const { time, ping, dead, heartbeat } = setup()
    time.advance(30_000)
    heartbeat.stop()
    expect(time.pending()).toEqual([])
    time.advance(600_000)
    expect(ping).toHaveBeenCalledTimes(1)
    expect(dead).not.toHaveBeenCalled()
  })

  test('a timer task that was already handed to run does nothing once stopped', () => {
    const time = fakeClock()
    const tasks: Array<() => void> = []
    const ping = vi.fn()
    const dead = vi.fn()
    const heartbeat = createHeartbeat(
      () => time.clock,
      (task) => void tasks.push(task),
      ping,
      dead,
    )
    heartbeat.start(settings)
    time.advance(30_000)
    heartbeat.stop()
    tasks[0]!()
    expect(ping).not.toHaveBeenCalled()
    expect(time.pending()).toEqual([])
  })

  test('start() after stop() counts silence from the new start', () => {
    const { time, ping, heartbeat } = setup()
    time.advance(20_000)
    heartbeat.stop()
    time.advance(100_000)
    heartbeat.start(settings)
    time.advance(29_999)
    expect(ping).not.toHaveBeenCalled()
    time.advance(1)
    expect(ping).toHaveBeenCalledTimes(1)
  })
})

describe('the timers fire through `run`, as events of the connection', () => {
  test('the ping timer: nothing is sent until run runs the task', () => {
    const time = fakeClock()
    const tasks: Array<() => void> = []
    const run = vi.fn((task: () => void) => void tasks.push(task))
    const ping = vi.fn()
    const heartbeat = createHeartbeat(() => time.clock, run, ping, vi.fn())
    heartbeat.start(settings)
    expect(run).not.toHaveBeenCalled()
    time.advance(30_000)
    expect(run).toHaveBeenCalledTimes(1)
    expect(run).toHaveBeenCalledWith(expect.any(Function))
    expect(ping).not.toHaveBeenCalled()
    tasks[0]!()
    expect(ping).toHaveBeenCalledTimes(1)
  })

  test('the pong timer: dead() waits for run too', () => {
    const time = fakeClock()
    const tasks: Array<() => void> = []
    const run = vi.fn((task: () => void) => void tasks.push(task))
    const dead = vi.fn()
    const heartbeat = createHeartbeat(() => time.clock, run, vi.fn(), dead)
    heartbeat.start(settings)
    time.advance(30_000)
    tasks.shift()!()
    time.advance(10_000)
    expect(run).toHaveBeenCalledTimes(2)
    expect(dead).not.toHaveBeenCalled()
    tasks.shift()!()
    expect(dead).toHaveBeenCalledTimes(1)
  })

  test('a pong timeout already handed to run does nothing once the answer came', () => {
    const time = fakeClock()
    const tasks: Array<() => void> = []
    const dead = vi.fn()
    const heartbeat = createHeartbeat(
      () => time.clock,
      (task) => void tasks.push(task),
      vi.fn(),
      dead,
    )
    heartbeat.start(settings)
    time.advance(30_000)
    tasks.shift()!()
    time.advance(10_000)
    // The answer arrives in an event that ran before the timeout's task got its turn.
    heartbeat.heard()
    tasks.shift()!()
    expect(dead).not.toHaveBeenCalled()
  })

  test('a whole ping, answer, ping and dead cycle calls run once per timer that fired', () => {
    const { time, run, ping, dead, heartbeat } = setup()
    time.advance(30_000) // 30 s, the ping timer: ping
    heartbeat.heard() // the answer, in an event of its own: the next ping is due at 60 s
    time.advance(30_000) // 60 s, the ping timer: ping
    time.advance(10_000) // 70 s, the pong timer: dead
    expect(ping).toHaveBeenCalledTimes(2)
    expect(dead).toHaveBeenCalledTimes(1)
    expect(run).toHaveBeenCalledTimes(3)
  })
})

describe('follow: new settings while the socket is open', () => {
  test('switched off, it stops: no ping, no dead', () => {
    const { time, ping, dead, heartbeat } = setup()
    heartbeat.follow(false)
    time.advance(60_000)
    expect(ping).not.toHaveBeenCalled()
    expect(dead).not.toHaveBeenCalled()
  })

  test('switched on, it starts counting silence now', () => {
    const { time, ping, heartbeat } = setup()
    heartbeat.stop()
    time.advance(10_000)
    heartbeat.follow(settings)
    time.advance(29_999)
    expect(ping).not.toHaveBeenCalled()
    time.advance(1)
    expect(ping).toHaveBeenCalledTimes(1)
  })

  test('the same rhythm in a new object changes nothing: the ping stays due when it was', () => {
    const { time, ping, heartbeat } = setup()
    time.advance(20_000)
    heartbeat.follow({ ...settings })
    time.advance(10_000)
    expect(ping).toHaveBeenCalledTimes(1)
  })

  test('another rhythm starts afresh with it', () => {
    const { time, ping, heartbeat } = setup()
    time.advance(20_000)
    heartbeat.follow({ ...settings, interval: 5_000 })
    time.advance(4_999)
    expect(ping).not.toHaveBeenCalled()
    time.advance(1)
    expect(ping).toHaveBeenCalledTimes(1)
  })
})
