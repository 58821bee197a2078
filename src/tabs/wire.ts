import { GlockError, type Data, type GlockErrorCode, type Snapshot } from 'react-glock/core'

/**
 * What the tabs of one key say to each other on their BroadcastChannel. Every message names its sender; the
 * leader's `snapshot` carries what every tab shows, followers' `command`s carry what they ask of the leader,
 * and `answer`s go back to the tab that asked. `sig` is the sender's handler names and `version`: tabs whose
 * code differs never act on each other's messages.
 */
export type WireMessage =
  | { type: 'hello'; from: string }
  | {
      type: 'snapshot'
      from: string
      /** One per leader, growing: with `seq`, what keeps every tab's view moving forward only. */
      term: number
      seq: number
      sig: string
      handlers: string
      version: string | undefined
      snapshot: WireSnapshot
      /** Bumped whenever the leader's state changed; `state` is there when it changed, or on a `hello`. */
      stateSeq: number
      state?: unknown
      /** The last request id handed out: a new leader goes on from it. */
      lastId: number
      /** Per tab, the last command the leader carried out: replays after a hand-over skip these. */
      acked: Record<string, number>
    }
  | { type: 'command'; from: string; sig: string; n: number; command: Command }
  | { type: 'answer'; to: string; answer: Answer }
  | { type: 'bye'; from: string; leader: boolean }

/** What a follower asks the leader to do, numbered per tab (`n`) so the leader does each once, in order. */
export type Command =
  | { op: 'push'; message: unknown }
  /** `id` and `frames`: a request the previous leader sent, handed on to be sent again as it was. */
  | { op: 'request'; rid: number; message: unknown; timeout?: number; resend: boolean; id?: number; frames?: Data[] }
  | { op: 'cancel'; rid: number }
  | { op: 'close'; code: number; reason: string }
  | { op: 'reconnect' }

export type Answer =
  | { kind: 'refused'; n: number; error: WireError }
  /** The request's id and frames, for the tab to hand on if this leader goes before the reply. */
  | { kind: 'sent'; rid: number; id: number; frames: readonly Data[] }
  | { kind: 'settled'; rid: number; value?: unknown; error?: WireError | null }

export type WireSnapshot = Omit<Snapshot<unknown>, 'state' | 'pending' | 'tab' | 'error'> & { error: WireError | null }

/** A `GlockError` as it crosses: its cause as it is where it can be cloned, else its message. */
export interface WireError {
  code: GlockErrorCode
  message: string
  cause?: unknown
}

const PREFIX = '[react-glock] '

/** A value that cannot be cloned, as text: its JSON where it has one (functions left out), else `String`. */
function text(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

export function toWire(error: GlockError | null): WireError | null {
  if (!error) return null
  let cause = error.cause
  try {
    structuredClone(cause)
  } catch {
    cause = cause instanceof Error ? cause.message : text(cause)
  }
  return { code: error.code, message: error.message.slice(PREFIX.length), cause }
}

/** Rebuilds a `GlockError`; `last`, when it says the same, is kept, so a view that shows it need not change. */
export function fromWire(wire: WireError | null | undefined, last?: GlockError | null): GlockError | null {
  if (!wire) return null
  if (last && last.code === wire.code && last.message === PREFIX + wire.message) return last
  return new GlockError(wire.code, wire.message, wire.cause)
}
