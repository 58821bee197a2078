import { afterEach, expect, test } from 'vitest'
import { until } from '../support/wait'
import { journal, opened, startRig, stopRigs } from './harness'

// Re-entrant calls that went wrong on the old core, one test each.
afterEach(stopRigs)

test('reconnect() from onError on a connect_timeout, then close(): closed, nothing connecting, no TCP connection left', async () => {
  const rig = await startRig()
  rig.hold(2)
  let retried = false
  const c = rig.connect(
    {},
    {
      connectTimeout: 100,
      onError(error) {
        if (error.code !== 'connect_timeout' || retried) return
        retried = true
        c.reconnect()
      },
    },
  )
  await rig.handshakes(2)
  c.close()
  await rig.closedForGood(c)
  expect(rig.clients).toHaveLength(2)
  rig.expectClean(c)
})

test("reconnect() from receive on a restarting server's close frame (1012): one new handshake, and close() leaves no socket", async () => {
  const rig = await startRig()
  const c = rig.connect(
    {
      receive: (frame, log) => {
        if (frame.type === 'close' && frame.code === 1012) c.reconnect()
        return journal.receive(frame, log)
      },
    },
    { reconnect: { minDelay: 1, maxDelay: 1 } },
  )
  await opened(c)
  rig.server.sockets[0]!.close(1012, 'restart')
  await until(c, (s) => s.status === 'open' && s.state.opens === 2)
  await rig.finish(c)
  expect(rig.clients).toHaveLength(2)
  expect(rig.server.sockets).toHaveLength(2)
  rig.expectClean(c)
})

test("push() inside receive: the reply goes out, and send's state change is kept", async () => {
  const rig = await startRig()
  const c = rig.connect({
    receive: (frame, log) => {
      if (frame.type === 'text' && frame.data === 'open-0') rig.push(c, 'reply')
      return journal.receive(frame, log)
    },
  })
  await rig.arrived('reply')
  await until(c, (s) => s.state.seen.includes('reply'))
  expect(c.getSnapshot().state).toEqual({ opens: 1, sent: ['reply'], seen: ['open-0', 'reply'] })
  await rig.finish(c)
  rig.expectClean(c)
})

test("close() inside receive of the server's close frame, with frames in the same step: counted in discarded, never sent, even after reconnect()", async () => {
  const rig = await startRig()
  const c = rig.connect({
    receive: (frame, log) => {
      if (frame.type !== 'close' || frame.code !== 1012) return journal.receive(frame, log)
      c.close()
      return { state: log, push: ['late-1', 'late-2'] }
    },
  })
  await opened(c)
  rig.server.sockets[0]!.close(1012, 'restart')
  await rig.closedForGood(c)
  expect(c.getSnapshot().discarded).toBe(2)
  c.reconnect()
  await rig.finish(c)
  expect(rig.frames()).toEqual(['open-0', 'open-1', 'm1'])
})

test('close() inside receive of a text frame, with frames in the same step: each sent before the close or counted, none after reconnect()', async () => {
  const rig = await startRig()
  const c = rig.connect({
    receive: (frame, log) => {
      if (frame.type !== 'text' || frame.data !== 'open-0') return journal.receive(frame, log)
      c.close()
      return { state: log, push: ['late-1', 'late-2'] }
    },
  })
  await rig.closedForGood(c)
  const late = () => rig.frames().filter((frame) => frame.startsWith('late'))
  const sent = late()
  expect(sent.length + c.getSnapshot().discarded).toBe(2)
  c.reconnect()
  await rig.finish(c)
  expect(late()).toEqual(sent)
})

test("close() from a notify: 'sync' subscriber reacting to status 'open': the open handler's frames are sent or counted in discarded", async () => {
  const rig = await startRig()
  const c = rig.connect({ open: (log) => ({ state: log, push: ['hello', 'world'] }) }, { notify: 'sync' })
  let closing = false
  c.subscribe(() => {
    if (closing || c.getSnapshot().status !== 'open') return
    closing = true
    c.close()
  })
  await rig.closedForGood(c)
  const sent = rig.frames()
  expect(sent).toEqual(['hello', 'world'].slice(0, sent.length))
  expect(sent.length + c.getSnapshot().discarded).toBe(2)
  expect(rig.escaped).toEqual([])
})

test("a throwing subscriber: the others are still told, push() does not throw its error and sends once, and under notify 'sync' later frames and the close frame are processed", async () => {
  const rig = await startRig()
  const boom = new Error('subscriber')
  const c = rig.connect({}, { notify: 'sync' })
  c.subscribe(() => {
    throw boom
  })
  let told = 0
  c.subscribe(() => void told++)
  await opened(c)
  expect(told).toBeGreaterThan(0)

  expect(() => rig.push(c, 'once')).not.toThrow()
  await rig.arrived('once')
  const [socket] = rig.server.sockets
  socket!.send('a')
  socket!.send('b')
  socket!.close(4000, 'done')
  await rig.closedForGood(c)
  expect(c.getSnapshot().state.seen).toEqual(['open-0', 'once', 'a', 'b', 'close'])
  expect(rig.frames()).toEqual(['open-0', 'once'])
  expect(rig.logged(boom)).toBeGreaterThan(0)
  rig.expectClean(c)
})

test('a URL function that answers after its attempt timed out opens no socket for that attempt', async () => {
  const rig = await startRig()
  let answerLate!: (url: string) => void
  const late = new Promise<string>((resolve) => (answerLate = resolve))
  let calls = 0
  const url = () => (++calls === 1 ? late : rig.url)
  const options = {
    key: 'late',
    connectTimeout: 50,
    notify: 'sync',
    reconnect: { minDelay: 100, maxDelay: 100 },
  } as const
  const c = rig.connect({}, options, url)
  await until(c, (s) => s.error?.code === 'connect_timeout')
  // The late answer points at a handshake the server never answers, so a socket opened for it would stay.
  answerLate(rig.heldUrl)
  await opened(c)
  c.close()
  await rig.closedForGood(c)
  expect(rig.clients).toHaveLength(1)
  rig.expectClean(c)
})
