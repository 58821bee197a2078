/**
 * What the Node side of the browser tests (globalSetup + commands) offers the tests running in Chromium.
 * Types only: this module is imported from both sides.
 */

/** One connection the server accepted on a path. */
export interface ServerSocketInfo {
  /** Milliseconds since the epoch when the upgrade completed. */
  openedAt: number
  /** The close the server saw (from the client's close frame, or 1006 for a dropped TCP connection), or null while open. */
  close: { code: number; reason: string; at: number } | null
}

/** What the server knows about one path. Paths isolate tests from each other. */
export interface PathStats {
  sockets: ServerSocketInfo[]
  /** Every message received on the path, in order: text as is, binary as `binary:<hex>`. */
  received: string[]
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** `ws://127.0.0.1:<port>`: the real ws server started by globalSetup. */
    glockServerUrl: string
  }
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** What the server saw on the path of `url`. */
    serverStats: (url: string) => Promise<PathStats>
    /** Destroys the TCP connections open on the path of `url` without a close frame: the browser sees 1006. Returns how many. */
    serverDrop: (url: string) => Promise<number>
    /** Sends a close frame with `code` and `reason` on every socket open on the path of `url`. Returns how many. */
    serverClose: (url: string, code: number, reason: string) => Promise<number>
    /** Sends a text frame on every socket open on the path of `url`. Returns how many. */
    serverSend: (url: string, data: string) => Promise<number>
  }
}
