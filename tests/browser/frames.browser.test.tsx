import { act, render } from '@testing-library/react'
import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import type { Frame, Handlers } from 'react-glock'
import { Probe, recorder, recordingLogger, freshUrl } from './support/harness'

test('default handlers: push goes out as is and the state is the last frame received', async () => {
  const url = freshUrl()
  const probe = recorder<Frame | null>()
  const logger = recordingLogger()
  render(<Probe url={url} options={{ logger }} record={probe} />)
  expect(probe.latest.state).toBeNull()
  await expect.poll(() => probe.latest.status).toBe('open')

  let accepted = false
  act(() => void (accepted = probe.latest.push('one')))
  expect(accepted).toBe(true)
  await expect.poll(() => probe.latest.state).toEqual({ type: 'text', data: 'one' })
  act(() => void probe.latest.push({ two: 2 }))
  await expect.poll(() => probe.latest.state).toEqual({ type: 'text', data: '{"two":2}' })
  expect((await commands.serverStats(url)).received).toEqual(['one', '{"two":2}'])
  // The default receive logs each frame at debug level through the logger.
  expect(logger.calls).toEqual([
    ['debug', ['[react-glock] received', { type: 'text', data: 'one' }]],
    ['debug', ['[react-glock] received', { type: 'text', data: '{"two":2}' }]],
  ])
})

interface Count {
  sent: number
  received: number
  last: string | null
}

/** The seed README's example: state in init_stream, JSON and a count in handle_send, a count in handle_receive. */
const counter: Handlers<Count, unknown> = {
  init: () => ({ sent: 0, received: 0, last: null }),
  send: (message, state) => ({ state: { ...state, sent: state.sent + 1 }, push: JSON.stringify(message) }),
  receive: (frame, state) => {
    if (frame.type === 'text') return { state: { ...state, received: state.received + 1, last: frame.data } }
    if (frame.type === 'close') return { state, close: true }
    return { state }
  },
}

test('the seed counter handlers: send counts at once, receive counts the echo', async () => {
  const url = freshUrl()
  const probe = recorder<Count>()
  render(<Probe url={url} handlers={counter} record={probe} />)
  expect(probe.latest.state).toEqual({ sent: 0, received: 0, last: null })
  await expect.poll(() => probe.latest.status).toBe('open')

  act(() => void probe.latest.push({ hello: 'socket' }))
  // The new state is visible on the next render, with no waiting.
  expect(probe.latest.state).toEqual({ sent: 1, received: 0, last: null })
  await expect.poll(() => probe.latest.state).toEqual({ sent: 1, received: 1, last: '{"hello":"socket"}' })

  act(() => {
    probe.latest.push(2)
    probe.latest.push([3])
  })
  expect(probe.latest.state.sent).toBe(3)
  await expect.poll(() => probe.latest.state).toEqual({ sent: 3, received: 3, last: '[3]' })
  expect((await commands.serverStats(url)).received).toEqual(['{"hello":"socket"}', '2', '[3]'])
})

test('pushes made while connecting go out in order, after the open handler’s frames', async () => {
  const url = freshUrl()
  const handlers: Handlers<string[], string> = {
    init: () => [],
    open: (state) => ({ state, push: ['open-1', 'open-2'] }),
    send: (message, state) => ({ state, push: message }),
    receive: (frame, state) => ({ state: frame.type === 'text' ? [...state, frame.data] : state }),
  }
  const probe = recorder<string[], string>()
  render(<Probe url={url} handlers={handlers} record={probe} />)
  expect(probe.latest.status).toBe('connecting')
  act(() => {
    for (const message of ['q1', 'q2', 'q3']) expect(probe.latest.push(message)).toBe(true)
  })
  expect(probe.latest.status).toBe('connecting')

  const order = ['open-1', 'open-2', 'q1', 'q2', 'q3']
  await expect.poll(async () => (await commands.serverStats(url)).received).toEqual(order)
  await expect.poll(() => probe.latest.state).toEqual(order)
})

const hex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('')

test('binary round trip: ArrayBuffer and a view out, an ArrayBuffer back', async () => {
  const url = freshUrl()
  const probe = recorder<Frame | null>()
  render(<Probe url={url} options={{ logger: recordingLogger() }} record={probe} />)
  await expect.poll(() => probe.latest.status).toBe('open')

  act(() => void probe.latest.push(new Uint8Array([1, 2, 3, 255]).buffer))
  await expect.poll(() => probe.latest.state?.type).toBe('binary')
  const frame = probe.latest.state as Extract<Frame, { type: 'binary' }>
  expect(frame.data).toBeInstanceOf(ArrayBuffer)
  expect(hex(frame.data as ArrayBuffer)).toBe('010203ff')

  // Only the bytes a view covers go out, not its whole buffer.
  act(() => void probe.latest.push(new Uint8Array([9, 4, 5, 6, 9]).subarray(1, 4)))
  await expect.poll(() => hex((probe.latest.state as { data: ArrayBuffer }).data)).toBe('040506')
  expect((await commands.serverStats(url)).received).toEqual(['binary:010203ff', 'binary:040506'])
})

test("binaryType 'blob': binary frames arrive as Blobs", async () => {
  const url = freshUrl()
  const probe = recorder<Frame | null>()
  render(<Probe url={url} options={{ binaryType: 'blob', logger: recordingLogger() }} record={probe} />)
  await expect.poll(() => probe.latest.status).toBe('open')

  act(() => void probe.latest.push(new Blob([new Uint8Array([7, 8, 9])])))
  await expect.poll(() => probe.latest.state?.type).toBe('binary')
  const data = (probe.latest.state as Extract<Frame, { type: 'binary' }>).data
  expect(data).toBeInstanceOf(Blob)
  expect(hex(await (data as Blob).arrayBuffer())).toBe('070809')
  expect((await commands.serverStats(url)).received).toEqual(['binary:070809'])
})
