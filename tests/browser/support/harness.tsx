import { inject, vi } from 'vitest'
import {
  useGlock,
  type GlockOptions,
  type GlockResult,
  type Handlers,
  type HandlersWithInit,
  type Logger,
} from 'react-glock'

/**
 * A URL on the real ws server with a path of its own, so tests never share sockets, keys or server
 * records. The server commands take this URL.
 */
export function freshUrl(): string {
  return `${inject('glockServerUrl')}/t/${crypto.randomUUID()}`
}

/** A logger that keeps what it is given instead of printing it. */
export function recordingLogger(): Logger & { calls: Array<[keyof Logger, unknown[]]> } {
  const calls: Array<[keyof Logger, unknown[]]> = []
  return {
    calls,
    debug: (...args) => void calls.push(['debug', args]),
    warn: (...args) => void calls.push(['warn', args]),
    error: (...args) => void calls.push(['error', args]),
  }
}

/**
 * Counts the sockets the page constructs: the global WebSocket becomes a subclass of Chromium's own,
 * which records every instance and changes nothing else. Undone by `vi.unstubAllGlobals` in setup.ts.
 */
export function countSockets(): WebSocket[] {
  const Native = globalThis.WebSocket
  const created: WebSocket[] = []
  class Counting extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      created.push(this)
    }
  }
  vi.stubGlobal('WebSocket', Counting)
  return created
}

/** Every result a `Probe` rendered, in order: `renders.length` counts its renders. */
export interface Recorder<T = unknown, M = unknown> {
  renders: GlockResult<T, M>[]
  readonly latest: GlockResult<T, M>
}

export function recorder<T = unknown, M = unknown>(): Recorder<T, M> {
  const renders: GlockResult<T, M>[] = []
  return {
    renders,
    get latest() {
      const last = renders.at(-1)
      if (!last) throw new Error('The probe has not rendered yet.')
      return last
    },
  }
}

interface ProbeProps<S, M, T> {
  url: string | null
  handlers?: Handlers<S, M>
  options?: GlockOptions<S, T>
  record: Recorder<T, M>
  name?: string
}

/** A component using the hook: it records each result and shows status and state on the page. */
export function Probe<S, M, T = S>({ url, handlers, options, record, name = 'probe' }: ProbeProps<S, M, T>) {
  // Generic here: the tests that use it pick the form; the types of each form are tested in types.test-d.ts.
  const result = useGlock<S, M, T>(url, handlers as HandlersWithInit<S, M>, options)
  record.renders.push(result)
  return (
    <output data-testid={name} data-status={result.status}>
      {JSON.stringify(result.state)}
    </output>
  )
}
