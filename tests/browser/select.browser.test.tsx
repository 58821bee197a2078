import { act, render } from '@testing-library/react'
import { expect, test } from 'vitest'
import type { Handlers } from 'react-glock'
import { Probe, recorder, freshUrl } from './support/harness'

interface Pair {
  a: number
  b: number
}

/** Every text frame is a JSON patch of the state; push sends it as is and the echo applies it. */
const patches: Handlers<Pair, string> = {
  init: () => ({ a: 0, b: 0 }),
  receive: (frame, state) => ({
    state: frame.type === 'text' ? { ...state, ...(JSON.parse(frame.data) as Partial<Pair>) } : state,
  }),
}

test('select re-renders only the components whose selection changed', async () => {
  const url = freshUrl()
  const onlyA = recorder<number, string>()
  const onlyB = recorder<number, string>()
  const whole = recorder<Pair, string>()
  render(
    <>
      {/* Inline selectors, as people write them: a new function on every render. */}
      <Probe url={url} handlers={patches} options={{ select: (state: Pair) => state.a }} record={onlyA} name="a" />
      <Probe url={url} handlers={patches} options={{ select: (state: Pair) => state.b }} record={onlyB} name="b" />
      <Probe url={url} handlers={patches} record={whole} name="whole" />
    </>,
  )
  await expect
    .poll(() => [onlyA.latest.status, onlyB.latest.status, whole.latest.status])
    .toEqual(['open', 'open', 'open'])
  const rendersOf = () => [onlyA.renders.length, onlyB.renders.length, whole.renders.length]
  const [a0, b0, whole0] = rendersOf()

  act(() => void onlyA.latest.push('{"a":1}'))
  await expect.poll(() => whole.latest.state).toEqual({ a: 1, b: 0 })
  // One notification reaches every subscriber together, so when `whole` has rendered, `b` has decided not to.
  expect(onlyA.latest.state).toBe(1)
  expect(rendersOf()).toEqual([a0! + 1, b0, whole0! + 1])

  act(() => void onlyA.latest.push('{"b":5}'))
  await expect.poll(() => whole.latest.state).toEqual({ a: 1, b: 5 })
  expect(onlyB.latest.state).toBe(5)
  expect(rendersOf()).toEqual([a0! + 1, b0! + 1, whole0! + 2])

  // A frame that changes nothing selected re-renders only the component without a selector.
  act(() => void onlyA.latest.push('{"a":1}'))
  await expect.poll(() => whole.renders.length).toBe(whole0! + 3)
  expect(rendersOf()).toEqual([a0! + 1, b0! + 1, whole0! + 3])
})
