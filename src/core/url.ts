import { GlockError } from './errors'
import { explain } from './explain'
import type { FixedUrl, UrlLike } from './types'

const SCHEMES: Record<string, string> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }

/**
 * A string that names its scheme, or a relative URL as people write one: `/`, `./`, `../` or `?` first.
 * Anything else (`'ws//host'`, `'chat'`) is a typo more often than a path.
 */
const ABSOLUTE_OR_RELATIVE = /^([a-z][a-z\d+.-]*:|\.{0,2}\/|\?)/i

/** Development builds: why `text` cannot be opened, given what it parsed to (`url`), if anything. */
function whyNot(input: unknown, text: unknown, url: URL | undefined): string {
  if (typeof text !== 'string') return explain!.urlType(input)
  if (!url) return explain!.urlUnparsable(text)
  return SCHEMES[url.protocol] ? explain!.urlFragment(text) : explain!.urlScheme(text, url.protocol)
}

/**
 * Turns `'/socket'`, `'https://host/x'` or a URL object into the `ws:`/`wss:` URL to open. A string without a
 * scheme is relative only when it starts with `/`, `./`, `../` or `?`, and resolves against the page, so it
 * needs a browser. A fragment is refused, as the WebSocket standard refuses it.
 * @throws GlockError `invalid_url`, naming the URL.
 */
export function resolveUrl(input: FixedUrl): string {
  // A string, or the `href` of a URL object from any realm (a page, an iframe, jsdom).
  const text = typeof input === 'string' ? input : (input as UrlLike | null)?.href
  let url: URL | undefined
  if (typeof text === 'string' && ABSOLUTE_OR_RELATIVE.test(text)) {
    try {
      url = new URL(text, (globalThis as { location?: { href?: string } }).location?.href)
    } catch {
      // Cannot be parsed: reported below, as a wrong type or a wrong scheme is.
    }
  }
  const scheme = url && SCHEMES[url.protocol]
  // A serialised URL has a '#' only where its fragment starts (an empty one included).
  if (!scheme || url!.href.includes('#'))
    throw new GlockError('invalid_url', process.env.NODE_ENV !== 'production' ? whyNot(input, text, url) : undefined)
  url!.protocol = scheme
  return url!.href
}

/** The URL to show `init` and to key connections by: resolved where possible, else as given. */
export function urlForDisplay(input: FixedUrl): string {
  try {
    return resolveUrl(input)
  } catch {
    return String((input as UrlLike | null)?.href ?? input)
  }
}

/** A URL as the library shows it in text it writes: no `user:password@`, every query value masked (`?token=***`). */
export function redactUrl(url: string): string {
  return url.replace(/^([^:/?#]+:\/\/)[^/?#]*@/, '$1').replace(/([?&][^=&#]*)=[^&#]*/g, '$1=***')
}
