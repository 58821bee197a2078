import { expect, test, vi } from 'vitest'
import { connect, defineSocket, resolveUrl, type Frame } from 'react-glock/core'
import { mockServer } from '../support/fake-socket'
import { silentLogger } from '../support/logger'
import { until } from '../support/wait'

const counter = {
  init: () => ({ count: 0 }),
  receive: (_frame: Frame, state: { count: number }) => ({ state: { count: state.count + 1 } }),
}

test('a definition holds its url, handlers, options and key, and is frozen', () => {
  const options = { reconnect: false as const }
  const chat = defineSocket('https://example.test/chat', counter, options)
  expect(chat.url).toBe('https://example.test/chat')
  expect(chat.handlers).toBe(counter)
  expect(chat.options).toBe(options)
  // The key is the URL as it will be opened.
  expect(chat.key).toBe('wss://example.test/chat')
  expect(Object.isFrozen(chat)).toBe(true)
  expect(() => {
    ;(chat as { url: unknown }).url = 'ws://elsewhere.test/'
  }).toThrow(TypeError)
})

test('options.key names the connection; a URL function has no key without it', () => {
  expect(defineSocket('ws://example.test/a', null, { key: 'feed' }).key).toBe('feed')
  expect(defineSocket(() => 'ws://example.test/a', null, { key: 'feed' }).key).toBe('feed')
  // @ts-expect-error a URL function requires a key, and the hook reports one without it
  expect(defineSocket(() => 'ws://example.test/a').key).toBeNull()
})

test('a definition carries the Symbol.for mark, so every copy of the package knows it, and it is never a URL', () => {
  const chat = defineSocket('ws://example.test/chat')
  expect((chat as unknown as Record<symbol, unknown>)[Symbol.for('react-glock.socket')]).toBe(true)
  expect('href' in chat).toBe(false)
  // Passed where a URL belongs, it is refused as not a URL, never opened.
  expect(() => resolveUrl(chat as never)).toThrow(/must be a string, a URL or a function/)
})

test('making a definition never throws, whatever it is given: the connection reports what is wrong', () => {
  const bad = defineSocket('not a url', { receive: 5 as never }, { reconnect: 'often' as never })
  expect(bad.key).toBe('not a url')
  const onError = vi.fn()
  const connection = connect(defineSocket('not a url', null, { onError, logger: silentLogger }))
  expect(connection.getSnapshot()).toMatchObject({ status: 'closed', error: { code: 'invalid_url' } })
  expect(onError).toHaveBeenCalledTimes(1)
})

test('connect(definition) runs the definition', async () => {
  const mock = mockServer()
  const definition = defineSocket(mock.url, counter, { WebSocket: mock.WebSocket, notify: 'sync' })
  const connection = connect(definition)
  await until(connection, (s) => s.status === 'open')
  mock.clients[0]!.send('a')
  mock.clients[0]!.send('b')
  expect(connection.getSnapshot().state).toEqual({ count: 2 })
  connection.close()
  mock.server.stop()
})
