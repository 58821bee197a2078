import { defineSocket, type Callbacks, type DefinitionOptions, type Frame, type Reply } from 'react-glock/core'

/** A JSON-RPC method call, as the app hands it to `push` or `request`. */
export interface Call {
  method: string
  params?: unknown
}

/** What the client keeps: how many text frames came in, and the server's notifications, by method. */
export interface RpcState {
  frames: number
  notifications: string[]
}

interface Incoming {
  id?: number | null
  method?: string
  result?: unknown
  error?: unknown
}

const replyOf = (message: Incoming): Reply =>
  message.error !== undefined ? { id: message.id!, error: message.error } : { id: message.id!, value: message.result }

/**
 * JSON-RPC 2.0 over glock: `send` puts the request's id into the frame (none for a push: a notification), and
 * `receive` settles a request with `result` or `error`; a batch frame (an array) settles each reply in it.
 */
export const rpcHandlers = {
  init: (): RpcState => ({ frames: 0, notifications: [] }),
  send: (call: Call, state: RpcState, request: { id: number } | undefined) => ({
    state,
    push: JSON.stringify({ jsonrpc: '2.0', id: request?.id, method: call.method, params: call.params }),
  }),
  receive: (frame: Frame, state: RpcState) => {
    if (frame.type !== 'text') return { state }
    const parsed = JSON.parse(frame.data) as Incoming | Incoming[]
    const messages = Array.isArray(parsed) ? parsed : [parsed]
    const replies = messages.filter((message) => message.id != null).map(replyOf)
    const notifications = messages.filter((message) => message.id == null).map((message) => message.method!)
    const next = { frames: state.frames + 1, notifications: [...state.notifications, ...notifications] }
    if (replies.length === 0) return { state: next }
    return { state: next, reply: Array.isArray(parsed) ? replies : replies[0] }
  },
} satisfies Callbacks<RpcState, Call> & { init: () => RpcState }

/** The JSON-RPC definition on `url`, with `overrides` replacing (or adding) handlers. */
export const defineRpc = (
  url: string,
  options: DefinitionOptions,
  overrides: Partial<Callbacks<RpcState, Call>> = {},
) => defineSocket<RpcState, Call>(url, { ...rpcHandlers, ...overrides }, options)

/** Never rejects: what the promise came to, attached at once so a rejection is never unhandled. */
export interface Outcome<T> {
  settled: boolean
  value?: T
  reason?: unknown
  /** Resolves once settled. */
  done: Promise<Outcome<T>>
}

export function outcome<T>(promise: Promise<T>): Outcome<T> {
  const result = { settled: false } as Outcome<T>
  result.done = promise.then(
    (value) => Object.assign(result, { settled: true, value }),
    (reason: unknown) => Object.assign(result, { settled: true, reason }),
  )
  return result
}
