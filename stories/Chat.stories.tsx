import type { Meta, StoryObj } from '@storybook/react-vite'
import { defineSocket, useGlock, type Handlers, type SocketDefinition } from 'react-glock'
import type { ChatMessage, ServerMessage } from '../demo/protocol.mjs'
import { perBackend, useBackend } from './backend/Backend'
import { Button, Card, Demo, Row, StatusPanel, TextInput, colors, mono, useDraft } from './ui'

interface ChatState {
  messages: ChatMessage[]
  /** Sockets in the chat room, as the server counts them. */
  clients: number
}

interface Outgoing {
  from: string
  text: string
}

const parse = (text: string): ServerMessage | null => {
  try {
    return JSON.parse(text) as ServerMessage
  } catch {
    return null
  }
}

const chatHandlers: Handlers<ChatState, Outgoing> = {
  init: () => ({ messages: [], clients: 0 }),
  send: (message, state) => ({ state, push: JSON.stringify({ type: 'chat', ...message }) }),
  receive: (frame, state) => {
    const message = frame.type === 'text' ? parse(frame.data) : null
    if (message?.type === 'chat') return { state: { ...state, messages: [...state.messages, message].slice(-50) } }
    if (message?.type === 'history') return { state: { ...state, messages: message.messages } }
    if (message?.type === 'presence') return { state: { ...state, clients: message.clients } }
    return { state }
  },
}

/**
 * The two chat sockets, defined once (per backend: the toolbar picks the URL and the WebSocket class). Same
 * room, same handlers; each key is a connection of its own.
 */
const chatSockets = perBackend((backend) => {
  const define = (key: string) =>
    defineSocket(backend.url('/chat'), chatHandlers, {
      key: `${backend.keyPrefix}:${key}`,
      WebSocket: backend.WebSocket,
    })
  return { shared: define('chat'), other: define('chat:other') }
})

// Numbers state objects as they are first seen, so the panes can show they hold the very same object.
const ids = new WeakMap<object, number>()
let lastId = 0
function objectId(value: object): number {
  let id = ids.get(value)
  if (id === undefined) ids.set(value, (id = ++lastId))
  return id
}

/**
 * The status alone, as the README's StatusBadge: a component of its own on the same definition, selecting
 * nothing, so its subscription wakes it only when the status or the error changes. It mounts before the pane's
 * own useGlock (children first): with a definition that does not matter, the connection runs the chat's handlers.
 */
function StatusBadge({ socket }: { socket: SocketDefinition }) {
  const status = useGlock(socket, { select: () => null })
  return <StatusPanel glock={status} compact />
}

interface PaneProps {
  socket: SocketDefinition<ChatState, Outgoing>
  name: string
  label: string
  accent: string
}

function ChatPane({ socket, name, label, accent }: PaneProps) {
  const chat = useGlock(socket)
  const [draft, setDraft] = useDraft(`hi, ${name} here`)
  const send = () => {
    if (draft.trim() !== '') chat.push({ from: name, text: draft })
  }
  return (
    <Card
      testId="chat-pane"
      style={{ borderTop: `3px solid ${accent}`, display: 'grid', gap: 8, alignContent: 'start' }}
    >
      <Row style={{ justifyContent: 'space-between' }}>
        <strong>{label}</strong>
        <span style={{ ...mono, color: colors.muted }}>key {socket.key}</span>
      </Row>
      <StatusBadge socket={socket} />
      <div style={{ ...mono, color: colors.muted }}>
        state object #<span data-testid="state-id">{objectId(chat.state)}</span> ·{' '}
        <span data-testid="message-count">{chat.state.messages.length}</span> messages ·{' '}
        <span data-testid="clients">{chat.state.clients}</span> sockets in the room
      </div>
      <ol
        data-testid="messages"
        style={{
          margin: 0,
          padding: '6px 8px 6px 28px',
          background: colors.panel,
          borderRadius: 6,
          minHeight: 96,
          maxHeight: 160,
          overflow: 'auto',
          fontSize: 13,
        }}
      >
        {chat.state.messages.slice(-6).map((message) => (
          <li key={message.id} data-testid="message">
            <strong>{message.from}</strong>: {message.text}
          </li>
        ))}
      </ol>
      <Row>
        <TextInput testId="draft" value={draft} onChange={setDraft} onEnter={send} width={170} />
        <Button kind="primary" testId="send" onClick={send}>
          send
        </Button>
      </Row>
    </Card>
  )
}

interface ChatProps {
  /** How many components share the first socket. */
  panes: number
  /** Your name in those panes. */
  name: string
  /** Someone else, on a second socket with its own key. */
  otherName: string
}

function ChatDemo({ panes, name, otherName }: ChatProps) {
  const { shared, other } = chatSockets(useBackend())
  return (
    <Demo
      title="Chat"
      intro={
        <>
          The chat socket is defined once, with <code>defineSocket(url, handlers, {'{ key }'})</code>, and {panes}{' '}
          components call <code>useGlock(chat)</code>: one socket, one state (note the same state object number in
          each). The status in each pane is a component of its own,{' '}
          <code>useGlock(chat, {'{ select: () => null }'})</code>. A message from any of them, or from the other user on
          a second definition with its own key, reaches all.
        </>
      }
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(270px, 1fr))', gap: 12 }}>
        {Array.from({ length: Math.max(1, Math.min(6, panes)) }, (_, index) => (
          <ChatPane
            key={index}
            socket={shared}
            name={name}
            label={`${name} · pane ${index + 1}`}
            accent={colors.accent}
          />
        ))}
        <ChatPane socket={other} name={otherName} label={`${otherName} · another socket`} accent="#805ad5" />
      </div>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Chat',
  component: ChatDemo,
  args: { panes: 3, name: 'ada', otherName: 'grace' },
  argTypes: {
    panes: { control: { type: 'range', min: 1, max: 6, step: 1 }, description: 'Components sharing one socket by key' },
    name: { control: 'text' },
    otherName: { control: 'text', description: 'A second user on a socket of its own' },
  },
} satisfies Meta<typeof ChatDemo>

export default meta

export const Chat: StoryObj<typeof meta> = {}
