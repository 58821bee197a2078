// @vitest-environment node
import { expect, test } from 'vitest'
import { redactUrl } from '../../src/core/url'

test.each([
  ['userinfo with a password', 'wss://user:pa55word@host.test/socket', 'wss://host.test/socket'],
  ['a user without a password, and a port', 'http://me@host.test:8080/p', 'http://host.test:8080/p'],
  ['userinfo and a query', 'ws://u:p@host.test/a?token=abc', 'ws://host.test/a?token=***'],
  ['an @ in the path or query is not userinfo', 'ws://host.test/a@b?to=x@y', 'ws://host.test/a@b?to=***'],
  ['several query params', 'wss://host.test/x?token=abc&user=42&v=2', 'wss://host.test/x?token=***&user=***&v=***'],
  ['a param without a value', 'ws://host.test/x?flag&token=s3cret', 'ws://host.test/x?flag&token=***'],
  ['a param with an empty value', 'ws://host.test/x?a=&b=1', 'ws://host.test/x?a=***&b=***'],
  ['a value holding =', 'ws://host.test/x?sig=a=b&c=d', 'ws://host.test/x?sig=***&c=***'],
  ['a fragment after the query', 'wss://host.test/x?token=abc#frag', 'wss://host.test/x?token=***#frag'],
  ['a fragment without a query', 'wss://host.test/x#top', 'wss://host.test/x#top'],
  ['ws, nothing to hide', 'ws://host.test/path', 'ws://host.test/path'],
  ['wss, nothing to hide', 'wss://host.test/', 'wss://host.test/'],
  ['http', 'http://host.test/p?q=1', 'http://host.test/p?q=***'],
  ['https with userinfo', 'https://a:b@host.test/?k=v', 'https://host.test/?k=***'],
  ['a string that is not a URL', 'not a url', 'not a url'],
  ['a relative path with a query', '/socket?token=abc', '/socket?token=***'],
  ['an empty string', '', ''],
])('%s', (_name, url, redacted) => {
  expect(redactUrl(url)).toBe(redacted)
})
