import type { Meta, StoryObj } from '@storybook/react-vite'
import { useGlock, type CloseFrame, type Handlers } from 'react-glock'
import { useBackend } from './backend/Backend'
import { Button, Card, Demo, Row, Stat, StatusPanel, TextInput, mono, useDraft } from './ui'

interface CounterState {
  connection: string | null
  sent: number
  received: number
  last: string | null
  closed: CloseFrame | null
}

/**
 * The seed README's example, callback for callback: `init_stream` keeps the connection and two counters,
 * `handle_send` JSON-encodes the message and counts it, `handle_receive` counts text frames and keeps
 * the close frame.
 */
const counterHandlers: Handlers<CounterState, unknown> = {
  init: ({ url }) => ({ connection: url, sent: 0, received: 0, last: null, closed: null }),
  send: (message, state) => ({ state: { ...state, sent: state.sent + 1 }, push: JSON.stringify(message) }),
  receive: (frame, state) => {
    if (frame.type === 'text') return { state: { ...state, received: state.received + 1, last: frame.data } }
    if (frame.type === 'close') return { state: { ...state, closed: frame } }
    return { state }
  },
}

interface CounterProps {
  /** Sent as `{ text }`: the send handler turns it into JSON. */
  text: string
}

function CounterDemo({ text }: CounterProps) {
  const backend = useBackend()
  const glock = useGlock(backend.url('/counter'), counterHandlers, { WebSocket: backend.WebSocket })
  const [draft, setDraft] = useDraft(text)
  const { state } = glock
  const push = () => glock.push({ text: draft })

  return (
    <Demo
      title="Counter"
      intro={
        <>
          The seed&apos;s <code>init</code>/<code>send</code>/<code>receive</code> example: every push is JSON-encoded
          by <code>send</code> and counted; <code>receive</code> counts the text frames that come back (echoes and
          greetings).
        </>
      }
    >
      <StatusPanel glock={glock} />
      <Card title="counters">
        <Row style={{ gap: 24 }}>
          <Stat label="sent" value={state.sent} testId="sent" />
          <Stat label="received" value={state.received} testId="received" />
          <div style={{ flex: 1, minWidth: 240 }}>
            <div style={{ fontSize: 12, color: '#616e7c' }}>last text frame</div>
            <div data-testid="last" style={{ ...mono, wordBreak: 'break-all' }}>
              {state.last ?? '—'}
            </div>
          </div>
        </Row>
      </Card>
      <Card title="push">
        <Row>
          <TextInput testId="text" value={draft} onChange={setDraft} onEnter={push} />
          <Button kind="primary" testId="push" onClick={push}>
            push({'{ text }'})
          </Button>
          <Button testId="push-10" onClick={() => Array.from({ length: 10 }, push)}>
            push ×10
          </Button>
          <Button testId="close" onClick={() => glock.close(1000, 'counter done')}>
            close()
          </Button>
          <Button testId="reconnect" onClick={glock.reconnect}>
            reconnect()
          </Button>
        </Row>
      </Card>
      <Card title="state">
        <pre data-testid="state" style={{ ...mono, margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {JSON.stringify(state, null, 2)}
        </pre>
      </Card>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Counter',
  component: CounterDemo,
  args: { text: 'hello socket!' },
  argTypes: { text: { control: 'text', description: 'Pushed as { text }' } },
} satisfies Meta<typeof CounterDemo>

export default meta

export const Counter: StoryObj<typeof meta> = {}
