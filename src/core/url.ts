import { GlockError, describe } from './errors'

const SCHEMES: Record<string, string> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }

/**
 * Turns `'/socket'`, `'https://host/x'` or a `URL` into the `ws:`/`wss:` URL to open.
 * A relative path resolves against the page, so it needs a browser.
 * @throws GlockError `invalid_url`, naming the URL.
 */
export function resolveUrl(input: string | URL): string {
  if (typeof input !== 'string' && !(input instanceof URL)) {
    throw new GlockError('invalid_url', `The URL must be a string or a URL; got ${describe(input)}.`)
  }
  const text = String(input)
  let url: URL
  try {
    const base = (globalThis as { location?: { href?: string } }).location?.href
    url = new URL(text, base)
  } catch {
    throw new GlockError('invalid_url', `Cannot resolve the URL ${JSON.stringify(text)}: give an absolute ws:, wss:, http: or https: URL, or a path in a browser.`)
  }
  const scheme = SCHEMES[url.protocol]
  if (!scheme) {
    throw new GlockError('invalid_url', `The URL ${JSON.stringify(text)} has the scheme ${url.protocol}; only ws:, wss:, http: and https: can open a WebSocket.`)
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
