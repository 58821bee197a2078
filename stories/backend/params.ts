/**
 * A query parameter from the preview frame's URL or, failing that, from the Storybook page around it
 * (same origin), so both `iframe.html?glockUrl=…` and `index.html?path=…&glockUrl=…` work.
 */
export function queryParam(name: string): string | null {
  if (typeof window === 'undefined') return null
  for (const scope of [window, window.parent]) {
    try {
      const value = new URLSearchParams(scope.location.search).get(name)
      if (value) return value
    } catch {
      // A parent on another origin cannot be read: fine, there is nothing to find there.
    }
  }
  return null
}
