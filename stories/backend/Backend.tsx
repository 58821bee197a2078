// Which server the stories talk to, chosen with the "Backend" toolbar switch (.storybook/preview.tsx):
// the in-browser mock (default: works in a static build) or the real demo server that `npm start` runs.
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { WebSocketConstructor } from 'react-glock'
import { DEFAULT_PORT, type HubStatus } from '../../demo/protocol.mjs'
import { mockBackend } from './mockBackend'
import { queryParam } from './params'

export type BackendKind = 'mock' | 'real'

export interface ServerControl {
  /** Drops every connection without a close frame: clients see 1006. */
  drop(): Promise<string>
  /** Refuses upgrades (HTTP 403 on the real server) for this long. */
  refuse(seconds: number): Promise<string>
  /** Closes everyone with 1012, then refuses upgrades for this long. */
  restart(seconds: number): Promise<string>
  status(): Promise<HubStatus>
}

export interface Backend {
  kind: BackendKind
  /** What the page says about where it is connected. */
  label: string
  /** The WebSocket URL of a room of the demo protocol: '/echo', '/chat', '/ticker'… */
  url(path: string): string
  /** For `useGlock`'s `WebSocket` option: the mock's constructor, or undefined for the browser's own. */
  WebSocket: WebSocketConstructor | undefined
  control: ServerControl
  /** Part of every explicit key, so switching backends never lands on the other backend's connection. */
  keyPrefix: string
}

/**
 * The demo server's address: `?glockUrl=` on the page's URL (the end-to-end run uses it), else the
 * STORYBOOK_GLOCK_URL environment variable at build time, else the server's fixed default port on 127.0.0.1.
 */
export function realServerUrl(): string {
  const fromQuery = queryParam('glockUrl')
  const fromEnv = import.meta.env.STORYBOOK_GLOCK_URL
  return (fromQuery || fromEnv || `ws://127.0.0.1:${DEFAULT_PORT}`).replace(/\/+$/, '')
}

function realBackend(): Backend {
  const base = realServerUrl()
  const http = base.replace(/^ws/, 'http')
  async function call(path: string): Promise<Record<string, unknown>> {
    let response: Response
    try {
      response = await fetch(`${http}${path}`, { method: path.endsWith('status') ? 'GET' : 'POST' })
    } catch {
      throw new Error(`The demo server at ${http} does not answer: is \`npm start\` running?`)
    }
    const body = (await response.json()) as Record<string, unknown>
    if (!response.ok) throw new Error(String(body.error ?? response.statusText))
    return body
  }
  return {
    kind: 'real',
    label: `demo server ${base}`,
    url: (path) => `${base}${path}`,
    WebSocket: undefined,
    keyPrefix: 'real',
    control: {
      drop: async () => `dropped ${(await call('/control/drop')).dropped} connection(s)`,
      refuse: async (seconds) => (
        await call(`/control/refuse?seconds=${seconds}`),
        `refusing upgrades for ${seconds} s`
      ),
      restart: async (seconds) =>
        `closed ${(await call(`/control/restart?seconds=${seconds}`)).closed} with 1012, down for ${seconds} s`,
      status: async () => (await call('/control/status')) as unknown as HubStatus,
    },
  }
}

function inBrowserBackend(): Backend {
  const hub = mockBackend.hub()
  return {
    kind: 'mock',
    label: 'in-browser mock server (mock-socket)',
    url: mockBackend.url,
    WebSocket: mockBackend.WebSocket,
    keyPrefix: 'mock',
    control: {
      drop: async () => `dropped ${hub.drop()} connection(s)`,
      refuse: async (seconds) => (hub.refuse(seconds * 1000), `refusing upgrades for ${seconds} s`),
      restart: async (seconds) => `closed ${hub.restart(seconds * 1000)} with 1012, down for ${seconds} s`,
      status: async () => hub.status(),
    },
  }
}

const BackendContext = createContext<Backend | null>(null)

export function BackendProvider({ kind, children }: { kind: BackendKind; children: ReactNode }) {
  const backend = useMemo(() => (kind === 'real' ? realBackend() : inBrowserBackend()), [kind])
  return <BackendContext.Provider value={backend}>{children}</BackendContext.Provider>
}

export function useBackend(): Backend {
  const backend = useContext(BackendContext)
  if (!backend) throw new Error('useBackend() needs the BackendProvider decorator from .storybook/preview.tsx.')
  return backend
}

/**
 * What an app defines once at module scope, made once per backend: the toolbar's switch decides a socket's URL
 * and WebSocket class, so a story defines its socket as a function of the backend, and every component on
 * that backend gets the very same definition.
 * @example
 * const echo = perBackend((backend) => defineSocket(backend.url('/echo'), null, { WebSocket: backend.WebSocket }))
 * // in any component:
 * const { state } = useGlock(echo(useBackend()))
 */
export function perBackend<T>(make: (backend: Backend) => T): (backend: Backend) => T {
  const made = new WeakMap<Backend, T>()
  return (backend) => {
    if (!made.has(backend)) made.set(backend, make(backend))
    return made.get(backend)!
  }
}
