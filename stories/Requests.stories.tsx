import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { defineSocket, GlockError, useGlock, type Handlers, type RequestOptions } from 'react-glock'
import type { ServerMessage } from '../demo/protocol.mjs'
import { perBackend, useBackend } from './backend/Backend'
import { Button, Card, Demo, Row, Stat, StatusPanel, colors, mono } from './ui'

/** A call of the demo protocol's request methods. */
type Method =
  | { method: 'add'; params: number[] }
  | { method: 'slow'; params: { delay: number; value: string } }
  | { method: 'never' }

/** What the story requests: a call, and `tag`, this page's own row number for the log (not sent). */
type Call = Method & { tag: number }

interface RpcState {
  /** The request id `send` was given for each row, by tag. */
  ids: Record<number, number>
  /** rpc-reply frames seen, answered requests or late ones alike. */
  replies: number
}

const parse = (text: string): ServerMessage | null => {
  try {
    return JSON.parse(text) as ServerMessage
  } catch {
    return null
  }
}

const rpcHandlers: Handlers<RpcState, Call> = {
  init: () => ({ ids: {}, replies: 0 }),
  // The connection numbers every request; send puts that id into the frame (and notes it for the log).
  send: ({ tag, ...call }, state, request) => ({
    state: request ? { ...state, ids: { ...state.ids, [tag]: request.id } } : state,
    push: JSON.stringify({ type: 'rpc', id: request?.id ?? null, ...call }),
  }),
  // A reply frame settles the request with its id: `value` resolves it, `error` rejects it with request_failed.
  receive: (frame, state) => {
    const message = frame.type === 'text' ? parse(frame.data) : null
    if (message?.type !== 'rpc-reply' || typeof message.id !== 'number') return { state }
    const next = { ...state, replies: state.replies + 1 }
    return {
      state: next,
      reply: 'error' in message ? { id: message.id, error: message.error } : { id: message.id, value: message.result },
    }
  },
}

/** One socket per backend, retried quickly so the restart below is over in a moment. */
const rpcSocket = perBackend((backend) =>
  defineSocket(backend.url('/rpc'), rpcHandlers, {
    key: `${backend.keyPrefix}:rpc`,
    WebSocket: backend.WebSocket,
    reconnect: { minDelay: 300, maxDelay: 2000 },
    requestTimeout: 15_000,
  }),
)

interface LogEntry {
  tag: number
  label: string
  outcome: 'pending' | 'resolved' | 'rejected'
  detail: string
}

interface RequestsProps {
  /** The numbers "add" sums. */
  a: number
  b: number
  /** How long the server takes to answer "slow", in ms. */
  slowDelay: number
  /** The slow request's timeout, in ms: smaller than the delay, so it times out. */
  timeout: number
  /** How long the server takes to answer the resend request, in ms: restart the server before then. */
  resendDelay: number
  /** How long "restart server" keeps the server down, in seconds. */
  restartSeconds: number
}

let lastTag = 0

function RequestsDemo({ a, b, slowDelay, timeout, resendDelay, restartSeconds }: RequestsProps) {
  const backend = useBackend()
  const glock = useGlock(rpcSocket(backend))
  const { request, pending, state } = glock
  const [log, setLog] = useState<LogEntry[]>([])
  const [control, setControl] = useState<string | null>(null)

  const settle = (tag: number, outcome: LogEntry['outcome'], detail: string) =>
    setLog((all) => all.map((entry) => (entry.tag === tag ? { ...entry, outcome, detail } : entry)))

  const ask = (label: string, call: Method, options?: RequestOptions) => {
    const tag = ++lastTag
    setLog((all) => [...all, { tag, label, outcome: 'pending' as const, detail: '…' }].slice(-20))
    request<unknown>({ ...call, tag }, options).then(
      (value) => settle(tag, 'resolved', JSON.stringify(value)),
      (error: unknown) =>
        settle(tag, 'rejected', error instanceof GlockError ? error.code : String((error as Error)?.message ?? error)),
    )
  }

  const restart = () => {
    setControl('restarting…')
    backend.control.restart(restartSeconds).then(setControl, (error: Error) => setControl(error.message))
  }

  return (
    <Demo
      title="Requests"
      intro={
        <>
          <code>request(message, options)</code> sends a message that expects an answer and returns a promise of it. The
          connection gives each request an id; <code>send</code> puts it into the frame (
          <code>{'{"type":"rpc","id","method","params"}'}</code>) and <code>receive</code> settles it with{' '}
          <code>{'{ state, reply: { id, value } }'}</code> when the server&apos;s <code>rpc-reply</code> comes. A
          request with a <code>timeout</code> shorter than the server takes rejects with <code>request_timeout</code>;
          one with <code>resend: true</code> goes out again on the next socket when the server restarts before it
          answered, and resolves there.
        </>
      }
    >
      <StatusPanel glock={glock} />
      <Card title="requests">
        <Row>
          <Button
            kind="primary"
            testId="ask-add"
            onClick={() => ask(`add ${a} + ${b}`, { method: 'add', params: [a, b] })}
          >
            Ask (add)
          </Button>
          <Button
            testId="ask-slow"
            onClick={() =>
              ask(
                `slow ${slowDelay} ms, timeout ${timeout} ms`,
                { method: 'slow', params: { delay: slowDelay, value: 'too late' } },
                { timeout },
              )
            }
          >
            Ask slow (times out)
          </Button>
          <Button
            testId="ask-resend"
            onClick={() =>
              ask(
                `slow ${resendDelay} ms, resend`,
                { method: 'slow', params: { delay: resendDelay, value: 'survived the restart' } },
                { resend: true },
              )
            }
          >
            Ask with resend
          </Button>
          <Button kind="danger" testId="restart" onClick={restart}>
            Restart server
          </Button>
          {control && (
            <span data-testid="control" style={{ ...mono, color: colors.muted }}>
              {control}
            </span>
          )}
        </Row>
        <Row style={{ marginTop: 10 }}>
          <Stat label="pending" value={pending} testId="pending" />
          <Stat label="replies seen" value={state.replies} testId="replies" />
        </Row>
        <ol
          data-testid="requests"
          style={{
            ...mono,
            margin: '10px 0 0',
            padding: '6px 8px 6px 28px',
            background: colors.panel,
            borderRadius: 6,
            minHeight: 60,
          }}
        >
          {log.map((entry) => (
            <li
              key={entry.tag}
              data-testid="request"
              data-id={state.ids[entry.tag] ?? ''}
              data-outcome={entry.outcome}
              data-detail={entry.detail}
              style={{ color: entry.outcome === 'rejected' ? colors.danger : colors.text }}
            >
              id {state.ids[entry.tag] ?? '?'} · {entry.label} · {entry.outcome}{' '}
              {entry.outcome === 'pending' ? '' : entry.detail}
            </li>
          ))}
        </ol>
      </Card>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Requests',
  component: RequestsDemo,
  args: { a: 20, b: 22, slowDelay: 2000, timeout: 500, resendDelay: 1500, restartSeconds: 1 },
  argTypes: {
    a: { control: 'number' },
    b: { control: 'number' },
    slowDelay: { control: { type: 'number', min: 0, step: 100 }, description: 'ms the server takes for "slow"' },
    timeout: { control: { type: 'number', min: 0, step: 100 }, description: 'the slow request’s timeout, ms' },
    resendDelay: { control: { type: 'number', min: 0, step: 100 }, description: 'ms the server takes to answer' },
    restartSeconds: { control: { type: 'number', min: 0, step: 0.5 }, description: 'down time of a restart' },
  },
} satisfies Meta<typeof RequestsDemo>

export default meta

export const Requests: StoryObj<typeof meta> = {}
