import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { useGlock } from 'react-glock'
import { useBackend } from './backend/Backend'
import { Button, Card, Demo, Row, StatusPanel, TextInput, formatFrame, mono, useDraft } from './ui'

interface EchoProps {
  /** What the input starts with. */
  message: string
}

/** No handlers at all: Glock's defaults send text as it is, JSON-encode anything else, and make the last frame the state. */
function EchoDemo({ message }: EchoProps) {
  const backend = useBackend()
  const glock = useGlock(backend.url('/echo'), undefined, { WebSocket: backend.WebSocket })
  const [draft, setDraft] = useDraft(message)
  const [lastPush, setLastPush] = useState<boolean | null>(null)

  return (
    <Demo
      title="Echo"
      intro={
        <>
          <code>useGlock(url)</code> with no handlers. The server greets on connect (and every 5 s) and echoes what you
          push; the default <code>receive</code> makes each frame the state, so the state is always the last frame
          received.
        </>
      }
    >
      <StatusPanel glock={glock} />
      <Card title="push">
        <Row>
          <TextInput
            testId="message"
            value={draft}
            onChange={setDraft}
            onEnter={() => setLastPush(glock.push(draft))}
          />
          <Button kind="primary" testId="push-text" onClick={() => setLastPush(glock.push(draft))}>
            push(text)
          </Button>
          <Button testId="push-object" onClick={() => setLastPush(glock.push({ text: draft, sentAt: Date.now() }))}>
            push(object) → JSON
          </Button>
          <Button testId="close" onClick={() => glock.close()}>
            close()
          </Button>
          <Button testId="reconnect" onClick={glock.reconnect}>
            reconnect()
          </Button>
          <span style={{ ...mono, color: '#616e7c' }} data-testid="push-result">
            {lastPush === null ? '' : `push returned ${lastPush}`}
          </span>
        </Row>
      </Card>
      <Card title="state: the last frame received">
        <pre data-testid="state" style={{ ...mono, margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {formatFrame(glock.state)}
        </pre>
      </Card>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Echo',
  component: EchoDemo,
  args: { message: 'hello socket!' },
  argTypes: { message: { control: 'text', description: 'Text to push' } },
} satisfies Meta<typeof EchoDemo>

export default meta

export const Echo: StoryObj<typeof meta> = {}
