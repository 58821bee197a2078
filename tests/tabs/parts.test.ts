import { describe, expect, test } from 'vitest'
import { GlockError } from 'react-glock/core'
import { createOutbox } from '../../src/tabs/outbox'
import { fromWire, toWire } from '../../src/tabs/wire'

describe('outbox', () => {
  test('numbers commands from 1 and keeps them, oldest first, until acknowledged', () => {
    const outbox = createOutbox()
    expect(outbox.add({ op: 'push', message: 'a' })).toBe(1)
    expect(outbox.add({ op: 'push', message: 'b' })).toBe(2)
    expect(outbox.add({ op: 'reconnect' })).toBe(3)
    outbox.acked(2)
    expect(outbox.waiting()).toEqual([{ n: 3, command: { op: 'reconnect' } }])
    outbox.acked(1)
    expect(outbox.waiting().map((entry) => entry.n)).toEqual([3])
  })

  test('a command that could not be posted is forgotten, and its number is not given again', () => {
    const outbox = createOutbox()
    outbox.add({ op: 'push', message: 'a' })
    const n = outbox.add({ op: 'push', message: 'b' })
    outbox.remove(n)
    expect(outbox.waiting().map((entry) => entry.n)).toEqual([1])
    expect(outbox.add({ op: 'push', message: 'c' })).toBe(3)
  })

  test('drain takes everything out, to carry it out in this tab', () => {
    const outbox = createOutbox()
    outbox.add({ op: 'push', message: 'a' })
    outbox.add({ op: 'close', code: 1000, reason: '' })
    expect(outbox.drain().map((entry) => entry.command.op)).toEqual(['push', 'close'])
    expect(outbox.waiting()).toEqual([])
  })
})

describe('errors on the wire', () => {
  test('a GlockError crosses with its code, message and a cloneable cause, and comes back as a GlockError', () => {
    const error = new GlockError('socket_error', 'The socket failed.', { code: 1006 })
    const wire = structuredClone(toWire(error))
    expect(wire).toEqual({ code: 'socket_error', message: 'The socket failed.', cause: { code: 1006 } })
    const back = fromWire(wire)!
    expect(back).toBeInstanceOf(GlockError)
    expect(back).toMatchObject({ code: 'socket_error', message: error.message, cause: { code: 1006 } })
  })

  test('a cause that cannot be cloned crosses as its message', () => {
    const cause = { code: 4000, retry: () => {} }
    expect(toWire(new GlockError('handler_error', 'The receive handler threw', cause))!.cause).toBe('{"code":4000}')
    expect(toWire(new GlockError('handler_error', undefined, () => {}))!.cause).toMatch(/=>/)
  })

  test('the same error again keeps the identity of the one shown, so a view need not change', () => {
    const shown = fromWire({ code: 'queue_full', message: 'full' })
    expect(fromWire({ code: 'queue_full', message: 'full' }, shown)).toBe(shown)
    expect(fromWire({ code: 'queue_full', message: 'other' }, shown)).not.toBe(shown)
    expect(fromWire(null, shown)).toBeNull()
  })
})
