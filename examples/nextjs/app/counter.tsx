'use client'

import { useGlock, type Handlers } from 'react-glock'

interface Count {
  sent: number
  received: number
  last: string | null
}

/** The Glock README's counting example: state from init, JSON and a count in send, a count in receive. */
const counter: Handlers<Count, { text: string; at: number }> = {
  init: () => ({ sent: 0, received: 0, last: null }),
  send: (message, state) => ({ state: { ...state, sent: state.sent + 1 }, push: JSON.stringify(message) }),
  receive: (frame, state) => {
    if (frame.type === 'text') return { state: { ...state, received: state.received + 1, last: frame.data } }
    return { state }
  },
}

export function Counter({ url }: { url: string | null }) {
  const { state, status, error, push } = useGlock(url, counter, { closeDelay: 1000 })
  let n = state.sent
  return (
    <section aria-label="counter" style={{ border: '1px solid #ccc', borderRadius: 8, padding: '1rem', maxWidth: 480 }}>
      <p>
        status: <strong data-testid="status">{status}</strong>
      </p>
      <p>
        sent: <span data-testid="sent">{state.sent}</span>, received:{' '}
        <span data-testid="received">{state.received}</span>
      </p>
      <p>
        last: <code data-testid="last">{state.last ?? '—'}</code>
      </p>
      {error && <p role="alert">{error.message}</p>}
      <button type="button" data-testid="push" onClick={() => push({ text: 'hello', at: ++n })}>
        Push a message
      </button>
    </section>
  )
}
