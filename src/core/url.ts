import { GlockError } from './errors'
import { explain } from './explain'

const SCHEMES: Record<string, string> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }

/** Development builds: why `input` cannot be opened, given what it parsed to (`url`), if anything. */
function whyNot(input: unknown, url: URL | undefined): string {
  if (typeof input !== 'string' && !(input instanceof URL)) return explain!.urlType(input)
  return url ? explain!.urlScheme(String(input), url.protocol) : explain!.urlUnparsable(String(input))
}

/**
 * Turns `'/socket'`, `'https://host/x'` or a `URL` into the `ws:`/`wss:` URL to open.
 * A relative path resolves against the page, so it needs a browser.
 * @throws GlockError `invalid_url`, naming the URL.
 */
export function resolveUrl(input: string | URL): string {
  let url: URL | undefined
  if (typeof input === 'string' || input instanceof URL) {
    try {
      url = new URL(input, (globalThis as { location?: { href?: string } }).location?.href)
    } catch {
      // Cannot be parsed: reported below, as a wrong type or a wrong scheme is.
    }
  }
  const scheme = url && SCHEMES[url.protocol]
  if (!scheme)
    throw new GlockError('invalid_url', process.env.NODE_ENV !== 'production' ? whyNot(input, url) : undefined)
  url!.protocol = scheme
  return url!.href
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
