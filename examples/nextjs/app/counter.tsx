'use client'

import { useGlock } from 'react-glock'
import { defineCounter } from './socket'

export function Counter({ url }: { url: string }) {
  // A definition per render joins the same connection every time: its key is the URL.
  const { state, status, error, push } = useGlock(defineCounter(url))
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
