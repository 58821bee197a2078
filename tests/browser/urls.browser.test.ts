import { expect, test } from 'vitest'
import { connect, resolveUrl } from 'react-glock/core'

/**
 * The URL rules where they matter most: in a real page, whose location would turn any string into a
 * page-relative path, and whose own WebSocket throws a SyntaxError for a fragment.
 */
const page = new URL(location.href)
const here = `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}`

test('paths resolve against the page: /, ./, ../ and ?', () => {
  expect(resolveUrl('/socket')).toBe(`${here}/socket`)
  expect(resolveUrl('?room=1')).toBe(`${here}${page.pathname}?room=1`)
  expect(resolveUrl('./live')).toBe(new URL('./live', page).href.replace(/^http/, 'ws'))
  expect(resolveUrl('../live')).toBe(new URL('../live', page).href.replace(/^http/, 'ws'))
})

test.each(['ws//127.0.0.1:8787', 'not a url', 'chat'])(
  '%j is invalid_url in the browser: it never becomes a page-relative path nor sits in connecting',
  (url) => {
    const made: string[] = []
    const connection = connect(url, null, {
      // Records what would be opened; the real WebSocket would open a page-relative URL.
      WebSocket: class extends WebSocket {
        constructor(href: string) {
          made.push(href)
          super(href)
        }
      },
      onError() {},
    })
    expect(connection.getSnapshot()).toMatchObject({ status: 'closed', error: { code: 'invalid_url' } })
    expect(made).toEqual([])
  },
)

test("a fragment is invalid_url before the browser's WebSocket can refuse it, and is not retried", () => {
  // What the browser itself does with one: a SyntaxError (the WebSocket standard).
  expect(() => new WebSocket(`${here}/chat#room`)).toThrow(expect.objectContaining({ name: 'SyntaxError' }))
  let made = 0
  const connection = connect(`${here}/chat#room`, null, {
    WebSocket: class extends WebSocket {
      constructor(href: string) {
        made++
        super(href)
      }
    },
    onError() {},
  })
  expect(connection.getSnapshot()).toMatchObject({ status: 'closed', attempt: 0, error: { code: 'invalid_url' } })
  expect(made).toBe(0)
})

test('a URL object from an iframe (another realm) is accepted', () => {
  const frame = document.createElement('iframe')
  document.body.append(frame)
  const Foreign = (frame.contentWindow as unknown as { URL: typeof URL }).URL
  const url = new Foreign('https://example.test/feed')
  expect(url instanceof URL).toBe(false)
  expect(resolveUrl(url)).toBe('wss://example.test/feed')
  frame.remove()
})
