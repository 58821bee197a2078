import type { WebSocketConstructor } from 'react-glock/core'

/** Wraps a WebSocket constructor to count the sockets made and still open. */
export function countingWebSocket(Base: WebSocketConstructor = globalThis.WebSocket) {
  const made: WebSocket[] = []
  class Counting extends (Base as typeof WebSocket) {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      made.push(this)
    }
  }
  return {
    WebSocket: Counting as unknown as WebSocketConstructor,
    made,
    /** Sockets neither closing nor closed. */
    live: () => made.filter((s) => s.readyState === 0 || s.readyState === 1).length,
  }
}
