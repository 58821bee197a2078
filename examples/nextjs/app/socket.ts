// The counter socket, defined once and shared by server and client code. No 'use client': the server page
// imports this module too, so it takes defineSocket from react-glock/core (the React entry is a client module).
import { defineSocket, type Handlers } from 'react-glock/core'

export interface Count {
  sent: number
  received: number
  last: string | null
}

/** What `push` takes: the send handler JSON-encodes it. */
export interface CounterMessage {
  text: string
  at: number
}

/** The Glock README's counting example: state from init, JSON and a count in send, a count in receive. */
const counterHandlers: Handlers<Count, CounterMessage> = {
  init: () => ({ sent: 0, received: 0, last: null }),
  send: (message, state) => ({ state: { ...state, sent: state.sent + 1 }, push: JSON.stringify(message) }),
  receive: (frame, state) => {
    if (frame.type === 'text') return { state: { ...state, received: state.received + 1, last: frame.data } }
    return { state }
  },
}

/** The socket outlives the counter by a second: a StrictMode remount or a quick route change reuses it. */
const counterOptions = { closeDelay: 1000 }

/**
 * The counter socket at `url` (NEXT_PUBLIC_WS_URL, inlined at build time). Cheap enough to call per render: the
 * key (the URL) names the connection, and every call brings the same handlers and options objects.
 */
export function defineCounter(url: string) {
  return defineSocket(url, counterHandlers, counterOptions)
}
