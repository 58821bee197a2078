import { GlockError } from './errors'
import { explain } from './explain'

const SCHEMES: Record<string, string> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }

/**
 * Turns `'/socket'`, `'https://host/x'` or a `URL` into the `ws:`/`wss:` URL to open.
 * A relative path resolves against the page, so it needs a browser.
 * @throws GlockError `invalid_url`, naming the URL.
 */
export function resolveUrl(input: string | URL): string {
  if (typeof input !== 'string' && !(input instanceof URL)) {
    throw new GlockError('invalid_url', process.env.NODE_ENV !== 'production' ? explain!.urlType(input) : undefined)
  }
  const text = String(input)
  let url: URL
  try {
    const base = (globalThis as { location?: { href?: string } }).location?.href
    url = new URL(text, base)
  } catch {
    throw new GlockError(
      'invalid_url',
      process.env.NODE_ENV !== 'production' ? explain!.urlUnparsable(text) : undefined,
    )
  }
  const scheme = SCHEMES[url.protocol]
  if (!scheme) {
    throw new GlockError(
      'invalid_url',
      process.env.NODE_ENV !== 'production' ? explain!.urlScheme(text, url.protocol) : undefined,
    )
  }
  url.protocol = scheme
  return url.href
}

/** The URL to show `init` and to key connections by: resolved where possible, else as given. */
export function urlForDisplay(input: string | URL): string {
  try {
    return resolveUrl(input)
  } catch {
    return String(input)
  }
}

/** A URL as the library shows it in text it writes: no `user:password@`, every query value masked (`?token=***`). */
export function redactUrl(url: string): string {
  return url.replace(/^([^:/?#]+:\/\/)[^/?#]*@/, '$1').replace(/([?&][^=&#]*)=[^&#]*/g, '$1=***')
}
