import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { useGlock, type GlockError, type Handlers } from 'react-glock'
import { useBackend } from './backend/Backend'
import { Button, Card, Demo, Row, Stat, StatusPanel, colors, describeError, formatTime, mono, useNow } from './ui'

interface LogEntry {
  at: number
  source: 'socket' | 'server' | 'error'
  text: string
}

interface PlaygroundState {
  opens: number
  greetings: number
  events: LogEntry[]
}

const note = (events: LogEntry[], text: string): LogEntry[] =>
  [...events, { at: Date.now(), source: 'socket' as const, text }].slice(-40)

const playgroundHandlers: Handlers<PlaygroundState> = {
  init: () => ({ opens: 0, greetings: 0, events: [] }),
  open: (state, { attempt }) => ({
    state: {
      ...state,
      opens: state.opens + 1,
      events: note(state.events, attempt === 0 ? 'open' : `open on retry ${attempt}`),
    },
  }),
  receive: (frame, state) => {
    if (frame.type === 'close') {
      return {
        state: {
          ...state,
          events: note(
            state.events,
            `close ${frame.code}${frame.reason ? ` "${frame.reason}"` : ''} (${frame.wasClean ? 'clean' : 'unclean'})`,
          ),
        },
      }
    }
    if (frame.type === 'text' && frame.data.includes('"greeting"'))
      return { state: { ...state, greetings: state.greetings + 1 } }
    return { state }
  },
}

interface PlaygroundProps {
  /** reconnect.attempts: retries before giving up. */
  attempts: number
  /** reconnect.minDelay in ms. */
  minDelay: number
  /** reconnect.maxDelay in ms. */
  maxDelay: number
  /** reconnect.jitter: random delays between minDelay and the bound. */
  jitter: boolean
  /** How long "refuse" makes the server answer 403. */
  refuseSeconds: number
  /** How long "restart" keeps the server down. */
  restartSeconds: number
}

function PlaygroundDemo({ attempts, minDelay, maxDelay, jitter, refuseSeconds, restartSeconds }: PlaygroundProps) {
  const backend = useBackend()
  const [notes, setNotes] = useState<LogEntry[]>([])
  const [refusingUntil, setRefusingUntil] = useState(0)
  const add = (source: LogEntry['source'], text: string) =>
    setNotes((all) => [...all, { at: Date.now(), source, text }].slice(-40))
  const glock = useGlock(backend.url('/reconnect'), playgroundHandlers, {
    WebSocket: backend.WebSocket,
    reconnect: { attempts, minDelay, maxDelay: Math.max(minDelay, maxDelay), jitter },
    onError: (error: GlockError) => add('error', describeError(error)),
  })
  const now = useNow(refusingUntil || null, 250)
  const refusingFor = Math.max(0, refusingUntil - now)

  const control =
    (label: string, run: () => Promise<string>, refuseMs = 0) =>
    () => {
      if (refuseMs > 0) setRefusingUntil(Date.now() + refuseMs)
      run().then(
        (result) => add('server', `${label}: ${result}`),
        (error: Error) => add('error', `${label} failed: ${error.message}`),
      )
    }
  const log = [...glock.state.events, ...notes].sort((a, b) => a.at - b.at).slice(-14)

  return (
    <Demo
      title="Reconnect playground"
      intro={
        <>
          Break the server and watch the connection recover: an abnormal close (1006), a refused upgrade (HTTP 403) and
          a restart (1012) are retried with backoff up to <code>reconnect.attempts</code> times; the state survives
          every reconnect.
        </>
      }
    >
      <StatusPanel glock={glock} />
      <Card title="server">
        <Row>
          <Button kind="danger" testId="drop" onClick={control('drop', () => backend.control.drop())}>
            drop all (1006)
          </Button>
          <Button
            kind="danger"
            testId="refuse"
            onClick={control('refuse', () => backend.control.refuse(refuseSeconds), refuseSeconds * 1000)}
          >
            refuse for {refuseSeconds} s (403)
          </Button>
          <Button
            kind="danger"
            testId="drop-refuse"
            onClick={control(
              'drop + refuse',
              () => backend.control.refuse(refuseSeconds).then(() => backend.control.drop()),
              refuseSeconds * 1000,
            )}
          >
            drop + refuse {refuseSeconds} s
          </Button>
          <Button
            kind="danger"
            testId="restart"
            onClick={control('restart', () => backend.control.restart(restartSeconds), restartSeconds * 1000)}
          >
            restart (1012, down {restartSeconds} s)
          </Button>
          <span data-testid="refusing" style={{ ...mono, color: refusingFor > 0 ? colors.danger : colors.muted }}>
            {refusingFor > 0 ? `refusing upgrades for ${(refusingFor / 1000).toFixed(1)} s` : 'accepting upgrades'}
          </span>
        </Row>
      </Card>
      <Card title="client">
        <Row style={{ gap: 24 }}>
          <Row>
            <Button testId="reconnect" onClick={glock.reconnect}>
              reconnect()
            </Button>
            <Button testId="close" onClick={() => glock.close(1000, 'closed from the playground')}>
              close()
            </Button>
            <Button testId="clear" onClick={() => setNotes([])}>
              clear notes
            </Button>
          </Row>
          <Stat label="opens" value={glock.state.opens} testId="opens" />
          <Stat label="greetings" value={glock.state.greetings} testId="greetings" />
        </Row>
      </Card>
      <Card title="events">
        <ol data-testid="events" style={{ ...mono, margin: 0, paddingLeft: 0, listStyle: 'none', minHeight: 120 }}>
          {log.map((entry, index) => (
            <li
              key={`${entry.at}-${index}`}
              data-testid="event"
              data-source={entry.source}
              style={{
                color: entry.source === 'error' ? colors.danger : entry.source === 'server' ? '#805ad5' : colors.text,
              }}
            >
              <span style={{ color: colors.muted }}>{formatTime(entry.at)}</span> {entry.source.padEnd(6, '\u00a0')}{' '}
              {entry.text}
            </li>
          ))}
        </ol>
      </Card>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Reconnect playground',
  component: PlaygroundDemo,
  args: { attempts: 10, minDelay: 300, maxDelay: 5000, jitter: true, refuseSeconds: 3, restartSeconds: 2 },
  argTypes: {
    attempts: { control: { type: 'number', min: 0, max: 50 } },
    minDelay: { control: { type: 'number', min: 0, step: 100 }, description: 'ms' },
    maxDelay: { control: { type: 'number', min: 0, step: 500 }, description: 'ms' },
    jitter: { control: 'boolean' },
    refuseSeconds: { control: { type: 'range', min: 1, max: 30, step: 1 } },
    restartSeconds: { control: { type: 'range', min: 0, max: 30, step: 1 } },
  },
} satisfies Meta<typeof PlaygroundDemo>

export default meta

export const ReconnectPlayground: StoryObj<typeof meta> = { name: 'Reconnect playground' }
