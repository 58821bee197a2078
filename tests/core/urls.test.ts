import { describe, expect, test, vi } from 'vitest'
import { connect, resolveUrl } from 'react-glock/core'
import { countingWebSocket, FakeWebSocket } from '../support/fake-socket'
import { silentLogger } from '../support/logger'

/** As in a browser on https://app.example.test/rooms/ : relative URLs resolve against the page. */
const onPage = () => vi.stubGlobal('location', { href: 'https://app.example.test/rooms/' })

describe('what counts as a relative URL', () => {
  test.each([
    ['/socket', 'wss://app.example.test/socket'],
    ['./live', 'wss://app.example.test/rooms/live'],
    ['../live', 'wss://app.example.test/live'],
    ['?room=2', 'wss://app.example.test/rooms/?room=2'],
    ['//other.example.test/x', 'wss://other.example.test/x'],
  ])('%s resolves against the page', (url, expected) => {
    onPage()
    expect(resolveUrl(url)).toBe(expected)
  })

  test.each(['ws//127.0.0.1:8787', 'not a url', 'chat', 'socket/live', ''])(
    '%j is invalid_url in a browser too: not a path, not a URL with a scheme',
    (url) => {
      onPage()
      expect(() => resolveUrl(url)).toThrow(
        expect.objectContaining({
          code: 'invalid_url',
          message: expect.stringMatching(
            /give an absolute ws:.*or in a browser a path starting with \/, \.\/, \.\.\/ or \?/,
          ),
        }),
      )
    },
  )

  test('a typo like ws//host ends the connection at once: no socket, no retry, the error names it', () => {
    onPage()
    const sockets = countingWebSocket(FakeWebSocket)
    const onError = vi.fn()
    const connection = connect('ws//127.0.0.1:8787', null, { WebSocket: sockets.WebSocket, onError })
    expect(connection.getSnapshot()).toMatchObject({ status: 'closed', error: { code: 'invalid_url' } })
    expect(connection.getSnapshot().error!.message).toContain('"ws//127.0.0.1:8787"')
    expect(sockets.attempts).toBe(0)
    expect(onError).toHaveBeenCalledTimes(1)
  })
})

describe('fragments', () => {
  test.each(['ws://example.test/chat#room', 'wss://example.test/#', 'https://example.test/a?b=1#c'])(
    '%s is invalid_url: the WebSocket standard refuses fragments',
    (url) => {
      expect(() => resolveUrl(url)).toThrow(
        expect.objectContaining({ code: 'invalid_url', message: expect.stringContaining('has a fragment') }),
      )
    },
  )

  test('a fixed URL with a fragment is never retried: no socket is made', () => {
    const sockets = countingWebSocket(FakeWebSocket)
    const connection = connect('ws://example.test/chat#room', null, {
      WebSocket: sockets.WebSocket,
      logger: silentLogger,
    })
    expect(connection.getSnapshot()).toMatchObject({ status: 'closed', attempt: 0, error: { code: 'invalid_url' } })
    expect(sockets.attempts).toBe(0)
  })

  test('a # inside the query, percent-encoded, is not a fragment', () => {
    expect(resolveUrl('ws://example.test/a?tag=%23news')).toBe('ws://example.test/a?tag=%23news')
  })
})

describe('URL objects', () => {
  test('a URL from another realm (an iframe, jsdom) is accepted, as anything with a string href', async () => {
    // jsdom ships no types: its window's URL is a class of its own (whatwg-url's), not Node's.
    const { JSDOM } = (await import('jsdom' as string)) as {
      JSDOM: new (html: string) => { window: { URL: typeof URL } }
    }
    const foreign = new new JSDOM('').window.URL('https://example.test/feed?x=1')
    expect(foreign instanceof URL).toBe(false)
    expect(resolveUrl(foreign)).toBe('wss://example.test/feed?x=1')
    expect(resolveUrl({ href: 'ws://example.test/plain' })).toBe('ws://example.test/plain')
    // Importing jsdom takes over a second of CPU, several on a busy machine: not a wait for anything.
  }, 30_000)

  test.each([
    [{ href: 42 }, 'an object with an href that is not a string'],
    [{}, 'an object with no href'],
    [42, 'a number'],
    [null, 'null'],
  ])('%j is invalid_url (%s), naming what it got', (value, _what) => {
    expect(() => resolveUrl(value as never)).toThrow(
      expect.objectContaining({
        code: 'invalid_url',
        message: expect.stringContaining('must be a string, a URL or a function'),
      }),
    )
  })
})
