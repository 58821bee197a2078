import { StrictMode } from 'react'
import { act, render, screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import type { Frame } from 'react-glock'
import { countSockets, Probe, recorder, recordingLogger, freshUrl } from './support/harness'

test('components on one key share one socket and one state', async () => {
  const url = freshUrl()
  const created = countSockets()
  const first = recorder<Frame | null>()
  const second = recorder<Frame | null>()
  const logger = recordingLogger()
  render(
    <>
      <Probe url={url} options={{ logger }} record={first} name="first" />
      <Probe url={url} record={second} name="second" />
    </>,
  )
  expect(created).toHaveLength(1)
  await expect.poll(() => second.latest.status).toBe('open')
  // The server accepts before the browser fires `open`, so its count is final here.
  expect((await commands.serverStats(url)).sockets).toHaveLength(1)

  act(() => void first.latest.push('shared hello'))
  await expect.poll(() => second.latest.state).toEqual({ type: 'text', data: 'shared hello' })
  expect(first.latest.state).toBe(second.latest.state)
  expect(screen.getByTestId('first').textContent).toBe(screen.getByTestId('second').textContent)
  // The connection runs its owner's options: the first component's logger saw the frame.
  expect(logger.calls.filter(([level]) => level === 'debug')).toHaveLength(1)

  // A component mounting later sees the current state on its first render, on the same socket.
  const late = recorder<Frame | null>()
  render(<Probe url={url} record={late} name="late" />)
  expect(late.renders[0]?.state).toEqual({ type: 'text', data: 'shared hello' })
  expect(late.renders[0]?.status).toBe('open')
  expect(created).toHaveLength(1)
  expect((await commands.serverStats(url)).sockets).toHaveLength(1)
})

test('StrictMode opens exactly one socket', async () => {
  const url = freshUrl()
  const created = countSockets()
  const probe = recorder<Frame | null>()
  render(
    <StrictMode>
      <Probe url={url} options={{ logger: recordingLogger() }} record={probe} />
    </StrictMode>,
  )
  expect(created).toHaveLength(1)
  await expect.poll(() => probe.latest.status).toBe('open')
  const { sockets } = await commands.serverStats(url)
  expect(sockets).toHaveLength(1)
  expect(sockets[0]?.close).toBeNull()
  expect(created[0]?.readyState).toBe(WebSocket.OPEN)
})

test('unmounting the last component closes the socket with 1000 after closeDelay', async () => {
  const url = freshUrl()
  const closeDelay = 300
  const probe = recorder<Frame | null>()
  const { unmount } = render(<Probe url={url} options={{ closeDelay, logger: recordingLogger() }} record={probe} />)
  await expect.poll(() => probe.latest.status).toBe('open')

  const unmountedAt = Date.now()
  unmount()
  expect((await commands.serverStats(url)).sockets[0]?.close).toBeNull()
  await expect
    .poll(async () => (await commands.serverStats(url)).sockets[0]?.close?.code, { timeout: 5_000 })
    .toBe(1000)
  const { sockets } = await commands.serverStats(url)
  expect(sockets).toHaveLength(1)
  // Browser and server read the same system clock; 1 ms covers rounding to whole milliseconds on each side.
  expect(sockets[0]!.close!.at - unmountedAt).toBeGreaterThanOrEqual(closeDelay - 1)
})

test('a component remounting within closeDelay reuses the socket (a route change)', async () => {
  const url = freshUrl()
  const created = countSockets()
  const before = recorder<Frame | null>()
  const options = { closeDelay: 5_000, logger: recordingLogger() }
  const first = render(<Probe url={url} options={options} record={before} />)
  await expect.poll(() => before.latest.status).toBe('open')
  act(() => void before.latest.push('kept'))
  await expect.poll(() => before.latest.state).toEqual({ type: 'text', data: 'kept' })
  first.unmount()

  const after = recorder<Frame | null>()
  render(<Probe url={url} options={options} record={after} />)
  expect(after.renders[0]).toMatchObject({ status: 'open', state: { type: 'text', data: 'kept' } })
  expect(created).toHaveLength(1)
  const { sockets } = await commands.serverStats(url)
  expect(sockets).toHaveLength(1)
  expect(sockets[0]?.close).toBeNull()
})
