import type { GlockError } from './errors'
import { redactUrl } from './url'

/** Shows a value in an error message: what came back instead of what was expected. */
export function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return 'an array'
  if (typeof (value as PromiseLike<unknown> | null)?.then === 'function') return 'a Promise'
  if (value === null || typeof value !== 'object')
    return typeof value === 'string' ? JSON.stringify(value) : String(value)
  try {
    return JSON.stringify(value)
  } catch {
    return 'an object'
  }
}

/** A URL in a message: quoted, with its secrets masked. */
const quote = (url: string) => JSON.stringify(redactUrl(url))

const reason = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause))

/**
 * The long error messages, in development builds only: bundlers replace `process.env.NODE_ENV`,
 * drop this table from production builds, and `explain?.x()` there is `undefined`, so the error
 * says just its code. Keeping every message here keeps the budget of the production bundle.
 */
export const explain =
  process.env.NODE_ENV !== 'production'
    ? ({
        urlType: (url: unknown) => `The URL must be a string, a URL or a function; got ${describe(url)}.`,
        urlUnparsable: (url: string) =>
          `Cannot resolve the URL ${quote(url)}: give an absolute ws:, wss:, http: or https: URL, or in a browser a path starting with /, ./, ../ or ?.`,
        urlFragment: (url: string) =>
          `The URL ${quote(url)} has a fragment (#…); a WebSocket URL cannot have one (the WebSocket standard refuses it).`,
        urlScheme: (url: string, scheme: string) =>
          `The URL ${quote(url)} has the scheme ${scheme}; only ws:, wss:, http: and https: can open a WebSocket.`,
        urlFunction: (cause: unknown) => `The URL function failed: ${reason(cause)}`,
        missingKey: () => 'options.key is required when url is a function.',
        option: (name: string, expected: string, value: unknown) =>
          `options.${name} must be ${expected}; got ${describe(value)}.`,
        handlerThrew: (handler: string, cause: unknown) => `The ${handler} handler threw: ${reason(cause)}`,
        step: (handler: string, what: string) =>
          `The ${handler} handler must return a Step { state, push?, close? }; ${what}.`,
        close: (code: unknown, reason: unknown, problem: string) =>
          `close(${describe(code)}, ${describe(reason)}): ${problem}.`,
        noJson: (message: unknown) =>
          `push(${describe(message)}): the default send encodes data or JSON, and this has no JSON form. Pass a send handler.`,
        noWebSocket: () =>
          'There is no global WebSocket here (Node 20 has none): pass one as options.WebSocket, e.g. the ws package.',
        constructorThrew: (url: string, cause: unknown) => `new WebSocket(${quote(url)}) threw: ${reason(cause)}`,
        socketFailed: (url: string, detail?: string) =>
          `The socket to ${redactUrl(url)} failed${detail ? `: ${detail}` : ''}.`,
        connectTimeout: (url: string, ms: number) => `The socket to ${redactUrl(url)} did not open within ${ms} ms.`,
        heartbeatTimeout: (ms: number) => `No answer within ${ms} ms of a heartbeat ping.`,
        retriesExhausted: (attempts: number, code: number, why: string) =>
          `Gave up after ${attempts} retries; the last close was ${code}${why ? ` (${why.replace('[react-glock] ', '')})` : ''}.`,
        queueDropped: (max: number, count: number, overflow: string) =>
          `The queue holds ${max} frames; ${count} were dropped (queue.overflow: '${overflow}').`,
        queueRefused: (length: number, max: number) =>
          `push was refused: the queue already holds ${length} of ${max} frames.`,
        notOpen: (closing: boolean, ended: GlockError | undefined, code: number | undefined) =>
          `push was refused: the connection ${closing ? 'is closing' : 'is closed'}${
            ended
              ? `: it ended with ${ended.message.replace('[react-glock] ', `${ended.code}: `)}`
              : code
                ? ` (code ${code})`
                : ''
          }. Call reconnect() to connect again.`,
        neverOpened: () => 'The socket closed before it opened.',
        requestTimeout: (id: number, ms: number) => `Request ${id} had no reply within ${ms} ms.`,
        requestFailed: (id: number, error: unknown) => `Request ${id} failed: ${describe(error)}.`,
        connectionClosed: () => 'The connection was closed before the reply came.',
        connectionLost: (cause: unknown) =>
          `The connection was lost before the reply came${
            (cause as { code?: unknown } | null)?.code !== undefined
              ? ` (${cause instanceof Error ? cause.message : `code ${(cause as { code: unknown }).code}`})`
              : ''
          }.`,
        lateReply: (id: number) =>
          `[react-glock] A reply for request ${id}, which is not pending (it timed out, was aborted, or is unknown): ignored.`,
        handlerType: (name: string, value: unknown) => `handlers.${name} must be a function; got ${describe(value)}.`,
        randomOutOfRange: (value: unknown) =>
          `options.random returned ${describe(value)}; it must return a number in [0, 1). This retry waits the whole bound.`,
        nothingConnected: (why: string) => `push was refused: nothing is connected (${why}).`,
        debugLabel: (key: string | null, status: string) => `${key === null ? 'no url' : redactUrl(key)}: ${status}`,
      } satisfies Record<string, (...args: never[]) => string>)
    : undefined
