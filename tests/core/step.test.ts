// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { checkStep, framesOf, utf8Length } from '../../src/core/step'
import { GlockError } from '../../src/core/errors'
import { inProduction } from '../support/production'

const pushMust = 'step.push must be a string, ArrayBuffer, typed array, Blob or an array of them'
const stepMust = (handler: string) => `[react-glock] The ${handler} handler must return a Step { state, push?, close? }`

const bad: [string, unknown, string][] = [
  ['an empty object', {}, '{}'],
  ['an object', { text: 'hi' }, '{"text":"hi"}'],
  ['an array holding a number', [1], 'an array'],
  ['an array holding an object among data', ['a', {}], 'an array'],
  ['a nested array', [['a']], 'an array'],
  ['a number', 5, '5'],
  ['null', null, 'null'],
  ['a boolean', true, 'true'],
]

const good: [string, unknown][] = [
  ['no push', undefined],
  ['a string', 'hello'],
  ['an empty string', ''],
  ['an ArrayBuffer', new ArrayBuffer(2)],
  ['a typed array', new Uint8Array([1])],
  ['a DataView', new DataView(new ArrayBuffer(1))],
  ['a Blob', new Blob(['x'])],
  ['an empty array', []],
  ['an array of data', ['a', new Uint8Array([1]), new ArrayBuffer(1), new Blob(['y'])]],
]

describe('development builds', () => {
  test.each(bad)('a push holding %s is refused, naming the handler and what it got', (_name, push, got) => {
    const error = checkStep('receive', { state: 0, push })
    expect(error).toBeInstanceOf(GlockError)
    expect(error?.code).toBe('invalid_step')
    expect(error?.message).toBe(`${stepMust('receive')}; ${pushMust}; got ${got}.`)
  })

  test.each(good)('%s is accepted', (_name, push) => {
    expect(checkStep('open', { state: 0, push })).toBeNull()
  })

  test('the handler named is the one given', () => {
    expect(checkStep('send', { state: 0, push: {} })?.message).toBe(`${stepMust('send')}; ${pushMust}; got {}.`)
  })

  test('the close checks are unchanged', () => {
    expect(checkStep('receive', { state: 0, close: true })).toBeNull()
    expect(checkStep('receive', { state: 0, close: { code: 4000, reason: 'bye' } })).toBeNull()
    expect(checkStep('receive', { state: 0, close: 'now' })?.message).toBe(
      `${stepMust('receive')}; step.close must be true or { code?, reason? }; got "now".`,
    )
    expect(checkStep('receive', { state: 0, close: { code: 1006 } })?.message).toBe(
      `${stepMust('receive')}; in step.close, the close code must be 1000 or 3000–4999; got 1006.`,
    )
  })

  test('something that is not a Step is refused', () => {
    expect(checkStep('receive', 'state')?.message).toBe(`${stepMust('receive')}; got "state".`)
    expect(checkStep('receive', { push: 'a' })?.message).toBe(`${stepMust('receive')}; got {"push":"a"}.`)
  })

  test('framesOf lists the frames of a valid push', () => {
    const bytes = new Uint8Array([1])
    expect(framesOf({ state: 0 })).toEqual([])
    expect(framesOf({ state: 0, push: 'a' })).toEqual(['a'])
    expect(framesOf({ state: 0, push: ['a', bytes] })).toEqual(['a', bytes])
  })
})

describe('production builds', () => {
  const production = inProduction(() => import('../../src/core/step'))

  test.each(bad)('a push holding %s is refused too, with just the code', async (_name, push) => {
    const { checkStep } = await production()
    const error = checkStep('receive', { state: 0, push })
    expect(error?.name).toBe('GlockError')
    expect(error?.code).toBe('invalid_step')
    expect(error?.message).toBe('[react-glock] invalid_step')
  })

  test.each(good)('%s is accepted', async (_name, push) => {
    const { checkStep } = await production()
    expect(checkStep('receive', { state: 0, push })).toBeNull()
  })

  test('bad closes are still refused', async () => {
    const { checkStep } = await production()
    expect(checkStep('receive', { state: 0, close: { code: 1006 } })?.message).toBe('[react-glock] invalid_step')
    expect(checkStep('receive', { state: 0, close: 'now' })?.code).toBe('invalid_step')
    expect(checkStep('receive', { state: 0, close: true })).toBeNull()
  })
})

test('utf8Length counts as TextEncoder does, lone surrogates included, without needing TextEncoder', () => {
  for (const text of ['', 'abc', 'é', '€', '😀', 'a\uD800b', '\uDC00', 'x'.repeat(123), 'ünïcödé 😀 €'])
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length)
})
