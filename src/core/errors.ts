/**
 * What went wrong, as a stable string you can switch on.
 * - `invalid_url`: the URL cannot be parsed, is not absolute nor a path (`/`, `./`, `../`, `?`), has a fragment, or its
 *   scheme is not ws/wss/http/https.
 * - `invalid_option`: an option has the wrong type or an impossible value.
 * - `invalid_argument`: a call got what it cannot use: a close code or reason the WebSocket protocol forbids,
 *   a request `timeout` that is not a whole number, a message with no JSON form, a schema that is not synchronous.
 * - `handler_error`: an `open` or `receive` handler threw.
 * - `invalid_step`: a handler returned something that is not a `Step`.
 * - `not_open`: `push` or `request` was refused: there is no connection, or it ended (the `cause` says why).
 * - `no_websocket`: no `WebSocket` option and no global `WebSocket` (Node 20).
 * - `socket_error`: the socket failed (the constructor threw, or an `error` event fired).
 * - `connect_timeout`: the socket did not open within `connectTimeout`.
 * - `heartbeat_timeout`: nothing came back within the heartbeat's `timeout` after a ping.
 * - `retries_exhausted`: the reconnect policy ran out of attempts.
 * - `queue_full`: the queue of frames waiting for the socket overflowed.
 * - `request_failed`: a reply settled a request with an error (the error as received is the `cause`).
 * - `request_timeout`: a request had no reply within its `timeout`.
 * - `connection_closed`: a request was pending when the connection was closed on purpose.
 * - `connection_lost`: a request was pending when its socket went (without `resend`), or when the connection
 *   ended for good otherwise; the `cause` is the error that ended it.
 * - `invalid_message`: a frame `json()` received is not JSON, or fails the schema.
 * - `invalid_state`: across tabs, the leader's state cannot be cloned to the other tabs (the message says why).
 */
export type GlockErrorCode =
  | 'invalid_url'
  | 'invalid_option'
  | 'invalid_argument'
  | 'handler_error'
  | 'invalid_step'
  | 'not_open'
  | 'no_websocket'
  | 'socket_error'
  | 'connect_timeout'
  | 'heartbeat_timeout'
  | 'retries_exhausted'
  | 'queue_full'
  | 'request_failed'
  | 'request_timeout'
  | 'connection_closed'
  | 'connection_lost'
  | 'invalid_message'
  | 'invalid_state'

/** Every error react-glock reports or throws. `error.code` says which kind it is. */
export class GlockError extends Error {
  declare readonly code: GlockErrorCode

  /** `message` is development-only (see explain.ts): production builds say just the code. */
  constructor(code: GlockErrorCode, message?: string, cause?: unknown) {
    super(`[react-glock] ${message ?? code}`, cause === undefined ? undefined : { cause })
    this.name = 'GlockError'
    this.code = code
  }
}
