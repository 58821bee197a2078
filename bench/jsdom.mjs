// A jsdom window installed as Node's globals, the way Vitest's jsdom environment does it:
// `pretendToBeVisual` gives it requestAnimationFrame (a 60 Hz timer), and its WebSocket is a real
// client (built on ws) that react-use-websocket and the baseline find as the global `WebSocket`.
import { JSDOM } from 'jsdom'

export function installJsdom(origin) {
  const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', {
    url: `${origin}/`,
    pretendToBeVisual: true,
  })
  const { window } = dom
  // Everything the window has that Node lacks (Node keeps its own timers, performance, events), plus the DOM's
  // WebSocket (Node 20 has none; Node 22's would not go through jsdom).
  const override = new Set(['window', 'document', 'navigator', 'WebSocket'])
  for (const name of Object.getOwnPropertyNames(window)) {
    if (name.startsWith('_') || (name in globalThis && !override.has(name))) continue
    let value = window[name]
    // Window methods (addEventListener, requestAnimationFrame…) check their receiver: bind them to the window.
    if (typeof value === 'function' && /^[a-z]/.test(name)) value = value.bind(window)
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
  }
  Object.defineProperty(globalThis, 'window', { value: window, configurable: true, writable: true })
  return { window, container: window.document.getElementById('root'), close: () => window.close() }
}
