import { act, render } from '@testing-library/react'
import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import type { Frame, GlockError, Handlers } from 'react-glock'
import { countSockets, Probe, recorder, recordingLogger, freshUrl } from './support/harness'

/** Keeps a log of what happened on the connection: opens with their attempt, texts, closes with their code. */
const journal: Handlers<string[], string> = {
  init: () => [],
  open: (log, info) => ({ state: [...log, `open:${info.attempt}`] }),
  send: (message, log) => ({ state: log, push: message }),
  receive: (frame: Frame, log) => ({
    state: [
      ...log,
      frame.type === 'close'
        ? `close:${frame.code}:${frame.reason}:${frame.wasClean}`
        : frame.type === 'text'
          ? frame.data
          : 'binary',
    ],
  }),
}

test("a server close frame (4001 'bye') reaches receive; the status becomes closed with no reconnect", async () => {
  const url = freshUrl()
  const created = countSockets()
  const errors: GlockError[] = []
  const probe = recorder<string[], string>()
  render(
    <Probe url={url} handlers={journal} options={{ onError: (error) => void errors.push(error) }} record={probe} />,
  )
  await expect.poll(() => probe.latest.status).toBe('open')

  expect(await commands.serverClose(url, 4001, 'bye')).toBe(1)
  await expect.poll(() => probe.latest.status).toBe('closed')
  expect(probe.latest.state).toEqual(['open:0', 'close:4001:bye:true'])
  expect(probe.latest).toMatchObject({
    lastClose: { code: 4001, reason: 'bye', wasClean: true },
    nextRetryAt: null,
    attempt: 0,
    error: null,
  })
  // A retry would have set 'connecting' in the same close event: no render after the open ever showed it.
  const afterOpen = probe.renders.slice(probe.renders.findIndex((render) => render.status === 'open'))
  expect(afterOpen.map((render) => render.status)).not.toContain('connecting')
  expect(created).toHaveLength(1)
  expect((await commands.serverStats(url)).sockets).toHaveLength(1)

  // Closed for good: push is refused and says so.
  let accepted = true
  act(() => void (accepted = probe.latest.push('too late')))
  expect(accepted).toBe(false)
  expect(probe.latest.error?.code).toBe('not_open')
  expect(errors.map((error) => error.code)).toEqual(['not_open'])
})

test('an abrupt drop (1006) reconnects, keeps the state, and the status returns to open', async () => {
  const url = freshUrl()
  const errors: GlockError[] = []
  const probe = recorder<string[], string>()
  render(
    <Probe
      url={url}
      handlers={journal}
      options={{ onError: (error) => void errors.push(error), logger: recordingLogger() }}
      record={probe}
    />,
  )
  await expect.poll(() => probe.latest.status).toBe('open')
  act(() => void probe.latest.push('before'))
  await expect.poll(() => probe.latest.state).toEqual(['open:0', 'before'])

  expect(await commands.serverDrop(url)).toBe(1)
  await expect
    .poll(() => probe.latest.state, { timeout: 10_000 })
    .toEqual(['open:0', 'before', 'close:1006::false', 'open:1'])
  expect(probe.latest.status).toBe('open')
  expect(probe.latest.lastClose).toEqual({ code: 1006, reason: '', wasClean: false })
  expect(probe.latest.error).toBeNull()
  // Between the drop and the new socket, the component saw it waiting to reconnect, not closed.
  const statuses = probe.renders.map((render) => render.status)
  expect(statuses.slice(statuses.indexOf('open'))).toContain('connecting')
  expect(statuses).not.toContain('closed')

  act(() => void probe.latest.push('after'))
  await expect.poll(() => probe.latest.state).toEqual(['open:0', 'before', 'close:1006::false', 'open:1', 'after'])
  const { sockets, received } = await commands.serverStats(url)
  expect(sockets.map((socket) => socket.close?.code ?? 'open')).toEqual([1006, 'open'])
  expect(received).toEqual(['before', 'after'])
  expect(errors.every((error) => error.code === 'socket_error')).toBe(true)
})
