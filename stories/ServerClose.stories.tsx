import type { Meta, StoryObj } from '@storybook/react-vite'
import { useGlock, type CloseFrame, type Handlers } from 'react-glock'
import { closeCodeProblem } from '../demo/protocol.mjs'
import { useBackend } from './backend/Backend'
import { Button, Card, Demo, Row, StatusPanel, colors, formatTime, mono } from './ui'

type Command =
  /** Ask the server to close with this code and reason. */
  | { type: 'close'; code: number; reason: string }
  /** Close from the client through a `send` step's `close`. */
  | { type: 'step-close'; code: number; reason: string }

interface CloseState {
  texts: number
  /** The close frame `receive` saw last, with when it came. */
  close: (CloseFrame & { at: number }) | null
  asked: string | null
  serverError: string | null
}

const closeHandlers: Handlers<CloseState, Command> = {
  init: () => ({ texts: 0, close: null, asked: null, serverError: null }),
  send: (command, state) =>
    command.type === 'close'
      ? {
          state: { ...state, asked: `asked the server for ${command.code} "${command.reason}"`, serverError: null },
          push: JSON.stringify(command),
        }
      : {
          state: { ...state, asked: `send returned close ${command.code} "${command.reason}"` },
          close: { code: command.code, reason: command.reason },
        },
  receive: (frame, state) => {
    if (frame.type === 'close') return { state: { ...state, close: { ...frame, at: Date.now() } } }
    if (frame.type !== 'text') return { state }
    if (frame.data.startsWith('{"type":"error"'))
      return { state: { ...state, serverError: (JSON.parse(frame.data) as { message: string }).message } }
    return { state: { ...state, texts: state.texts + 1 } }
  },
}

/** react-glock's default policy: these codes end the connection, the retryable ones reconnect. */
const RETRIED = [1001, 1005, 1006, 1011, 1012, 1013, 1014]
const clientMayClose = (code: number) => code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999)

interface ServerCloseProps {
  /** The close code: 1000 or 3000–4999 end the connection; 1001, 1011–1014 are retried. */
  code: number
  reason: string
}

function ServerCloseDemo({ code, reason }: ServerCloseProps) {
  const backend = useBackend()
  const glock = useGlock(backend.url('/close'), closeHandlers, { WebSocket: backend.WebSocket })
  const { close, asked, serverError, texts } = glock.state
  const serverProblem = closeCodeProblem(code, reason)

  return (
    <Demo
      title="Server close"
      intro={
        <>
          The server closes with the code and reason you choose; the close frame reaches <code>receive</code> as{' '}
          <code>{'{ type: "close", code, reason, wasClean }'}</code>, the last frame of the socket. After 1000 or
          3000–4999 the status is <code>closed</code> for good;{' '}
          {RETRIED.filter((c) => c !== 1005 && c !== 1006).join(', ')} reconnect.
        </>
      }
    >
      <StatusPanel glock={glock} />
      <Card title="close">
        <Row>
          <Button
            kind="danger"
            testId="ask-close"
            disabled={serverProblem !== null}
            onClick={() => glock.push({ type: 'close', code, reason })}
          >
            server closes with {code} &quot;{reason}&quot;
          </Button>
          <Button
            testId="step-close"
            disabled={!clientMayClose(code)}
            onClick={() => glock.push({ type: 'step-close', code, reason })}
          >
            send step closes with {code}
          </Button>
          <Button testId="reconnect" onClick={glock.reconnect}>
            reconnect()
          </Button>
          <span style={{ color: colors.muted }}>
            {serverProblem ?? (RETRIED.includes(code) ? 'this code is retried' : 'this code ends the connection')}
          </span>
        </Row>
      </Card>
      <Card title="what receive saw">
        <div
          data-testid="close-frame"
          data-code={close?.code ?? ''}
          data-reason={close?.reason ?? ''}
          data-was-clean={close ? String(close.wasClean) : ''}
          style={{ ...mono, fontSize: 15 }}
        >
          {close ? (
            <>
              close frame: code <strong>{close.code}</strong>, reason <strong>&quot;{close.reason}&quot;</strong>,
              wasClean {String(close.wasClean)} <span style={{ color: colors.muted }}>at {formatTime(close.at)}</span>
            </>
          ) : (
            <span style={{ color: colors.muted }}>no close frame yet</span>
          )}
        </div>
        <div style={{ ...mono, color: colors.muted, marginTop: 6 }}>
          {asked ?? 'nothing asked yet'} · text frames received: <span data-testid="texts">{texts}</span>
          {serverError ? <span style={{ color: colors.danger }}> · server said: {serverError}</span> : null}
        </div>
      </Card>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Server close',
  component: ServerCloseDemo,
  args: { code: 4000, reason: 'demo over' },
  argTypes: {
    code: {
      control: { type: 'number', min: 1000, max: 4999 },
      description: '1000 or 3000–4999 end it; 1001, 1011–1014 are retried',
    },
    reason: { control: 'text', description: 'At most 123 UTF-8 bytes' },
  },
} satisfies Meta<typeof ServerCloseDemo>

export default meta

export const ServerClose: StoryObj<typeof meta> = { name: 'Server close' }
