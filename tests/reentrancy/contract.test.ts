import { afterEach, expect, it, test } from 'vitest'
import type { Frame, GlockError, Logger, NotifyMode } from 'react-glock/core'
import { until } from '../support/wait'
import { invalidFirstStep, journal, opened, quickRetry, raise, startRig, stopRigs, type Log } from './harness'

// The rules for calls made inside an event, and for callbacks that throw.
afterEach(stopRigs)

const isText = (frame: Frame, data: string) => frame.type === 'text' && frame.data === data

test('push() outside any event runs send at once, and a send that throws throws at the call', async () => {
  const rig = await startRig()
  const boom = new Error('send')
  const c = rig.connect({ send: (message, log) => (message === 'bad' ? raise(boom) : journal.send(message, log)) })
  await opened(c)
  rig.push(c, 'good')
  expect(c.getSnapshot().state.sent).toEqual(['good'])
  expect(() => c.push('bad')).toThrow(boom)
  await rig.finish(c)
  rig.expectClean(c)
})

test('a push inside receive whose step closes returns true, then is refused: not_open, counted in discarded', async () => {
  const rig = await startRig()
  const errors: GlockError[] = []
  let accepted: boolean | undefined
  const receive = (frame: Frame, log: Log) => {
    if (accepted !== undefined || !isText(frame, 'open-0')) return journal.receive(frame, log)
    accepted = c.push('too-late')
    return { state: log, close: true as const }
  }
  const c = rig.connect({ receive }, { onError: (error) => void errors.push(error) })
  await rig.closedForGood(c)
  expect(accepted).toBe(true)
  expect(c.getSnapshot()).toMatchObject({ discarded: 1, error: { code: 'not_open' } })
  expect(errors.map((error) => error.code)).toEqual(['not_open'])
  expect(rig.frames()).toEqual(['open-0'])
})

test('a deferred send that throws is a handler_error on the snapshot and onError, not thrown', async () => {
  const rig = await startRig()
  const boom = new Error('send')
  const errors: GlockError[] = []
  let accepted: boolean | undefined
  const c = rig.connect(
    {
      send: (message, log) => (message === 'bad' ? raise(boom) : journal.send(message, log)),
      receive(frame, log) {
        if (isText(frame, 'open-0')) accepted = c.push('bad')
        return journal.receive(frame, log)
      },
    },
    { onError: (error) => void errors.push(error) },
  )
  const { error, status } = await until(c, (s) => s.error !== null)
  expect(accepted).toBe(true)
  expect({ status, error }).toMatchObject({ status: 'open', error: { code: 'handler_error', cause: boom } })
  expect(errors).toEqual([error])
  await rig.finish(c)
  rig.expectClean(c)
})

test('an isPong that throws is a handler_error, and the connection stays up', async () => {
  const rig = await startRig()
  const boom = new Error('isPong')
  const errors: GlockError[] = []
  let thrown = false
  const isPong = (frame: Frame) => {
    if (!isText(frame, 'pong') || thrown) return isText(frame, 'pong')
    thrown = true
    throw boom
  }
  const c = rig.connect(
    {},
    { heartbeat: { interval: 20, timeout: 2000, isPong }, onError: (error) => void errors.push(error) },
  )
  await until(c, (s) => s.error !== null)
  expect(errors).toEqual([expect.objectContaining({ code: 'handler_error', cause: boom })])
  await rig.finish(c)
  expect(rig.clients).toHaveLength(1)
  rig.expectClean(c)
})

it.each([
  { code: 1012, retried: true },
  { code: 4000, retried: false },
])(
  'a shouldReconnect that throws on close $code is a handler_error, and the default policy decides (retried: $retried)',
  async ({ code, retried }) => {
    const rig = await startRig()
    const boom = new Error('shouldReconnect')
    const errors: GlockError[] = []
    const shouldReconnect = () => raise(boom)
    const c = rig.connect(
      {},
      { reconnect: { ...quickRetry, shouldReconnect }, onError: (error) => void errors.push(error) },
    )
    await opened(c)
    rig.server.sockets[0]!.close(code, 'bye')
    await until(c, (s) => s.lastClose?.code === code && s.status === (retried ? 'open' : 'closed'))
    expect(errors).toEqual([expect.objectContaining({ code: 'handler_error', cause: boom })])
    expect(rig.clients).toHaveLength(retried ? 2 : 1)
    c.close()
    await rig.closedForGood(c)
    rig.expectClean(c)
  },
)

test('an onError that throws: its error goes to logger.error (Node has no reportError), and the connection goes on', async () => {
  const rig = await startRig()
  const boom = new Error('onError')
  const receive = invalidFirstStep()
  const c = rig.connect({ receive }, { onError: () => raise(boom) })
  await until(c, (s) => s.error?.code === 'invalid_step')
  await rig.finish(c)
  expect(rig.logged(boom)).toBe(1)
  rig.expectClean(c)
})

test('a logger that throws neither stops the connection nor escapes', async () => {
  const rig = await startRig()
  const boom = new Error('logger')
  const logger: Logger = { debug: () => raise(boom), warn: () => raise(boom), error: () => raise(boom) }
  const receive = invalidFirstStep()
  const c = rig.connect({ receive }, { logger })
  await until(c, (s) => s.error?.code === 'invalid_step')
  await rig.finish(c)
  rig.expectClean(c)
})

it.each<NotifyMode>(['frame', 'microtask', 'sync'])(
  "a subscriber that throws under notify '%s': the others are still told, its error is logged, nothing escapes",
  async (notify) => {
    const rig = await startRig()
    const boom = new Error('subscriber')
    const c = rig.connect({}, { notify })
    let throws = 0
    c.subscribe(() => {
      throws++
      throw boom
    })
    const seen: string[] = []
    c.subscribe(() => void seen.push(c.getSnapshot().status))
    await rig.finish(c)
    expect(seen).toContain('open')
    expect(seen.at(-1)).toBe('closed')
    expect(rig.logged(boom)).toBeGreaterThan(0)
    expect(rig.logged(boom)).toBeLessThanOrEqual(throws)
    rig.expectClean(c)
  },
)
