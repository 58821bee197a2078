import type { Meta, StoryObj } from '@storybook/react-vite'
import { defineSocket, useGlock, type Handlers } from 'react-glock'
import { connectAcrossTabs } from 'react-glock/tabs'
import type { ServerMessage } from '../demo/protocol.mjs'
import { perBackend, useBackend, type Backend } from './backend/Backend'
import { queryParam } from './backend/params'
import { Button, Card, Demo, Row, Stat, StatusPanel, colors, mono } from './ui'

/** One push as the server echoes it back: the tabs room echoes text to its sender. */
interface Add {
  type: 'add'
  by: number
  from: string
}

interface TabsState {
  /** The shared counter: the sum of every echoed push, counted by whichever tab leads. */
  count: number
  /** Sockets the server holds in the tabs room, as its presence frames say: 1 for every tab of this browser. */
  sockets: number
  /** Sockets the leaders opened, counted by `open`: 1, then one more for every new leader (or reconnect). */
  opens: number
  /** Pushes counted. */
  pushes: number
  /** The last pushes, oldest first: what each added, from which tab, and the count after it. */
  log: Array<{ id: number; by: number; from: string; count: number }>
}

interface Outgoing {
  by: number
  from: string
}

const parse = (text: string): ServerMessage | Add | null => {
  try {
    return JSON.parse(text) as ServerMessage | Add
  } catch {
    return null
  }
}

/**
 * Plain reducers: they run in the leader tab only, and the followers mirror what they return. Nothing here knows
 * about tabs, and the count lives in this state alone (the server just echoes), so a new leader carries it on.
 */
const tabsHandlers: Handlers<TabsState, Outgoing> = {
  init: () => ({ count: 0, sockets: 0, opens: 0, pushes: 0, log: [] }),
  open: (state) => ({ state: { ...state, opens: state.opens + 1 } }),
  send: (message, state) => ({ state, push: JSON.stringify({ type: 'add', ...message }) }),
  receive: (frame, state) => {
    const message = frame.type === 'text' ? parse(frame.data) : null
    if (message?.type === 'add') {
      const count = state.count + message.by
      const pushes = state.pushes + 1
      const log = [...state.log, { id: pushes, by: message.by, from: message.from, count }].slice(-6)
      return { state: { ...state, count, pushes, log } }
    }
    if (message?.type === 'presence') return { state: { ...state, sockets: message.clients } }
    return { state }
  },
}

/**
 * Defined once per backend, like every story's sockets; the key is what the tabs meet on, so every tab of the
 * origin with this story open (on the same backend) shares the one connection.
 */
const counterSocket = perBackend((backend) =>
  defineSocket(backend.url('/tabs'), tabsHandlers, {
    connect: connectAcrossTabs,
    key: `${backend.keyPrefix}:across-tabs`,
    WebSocket: backend.WebSocket,
  }),
)

let ownName: string | null = null
/** What this tab calls itself in its pushes: `?glockTab=` on the page's URL, or a few random letters. */
function tabName(): string {
  ownName ??= queryParam('glockTab') ?? `tab ${Math.random().toString(36).slice(2, 6)}`
  return ownName
}

/**
 * This story in a tab of its own: the preview frame's URL (its `iframe.html`, without Storybook's UI), for this
 * story and this backend. The frame's own query may be out of date (Storybook switches stories and globals
 * without reloading it), so the story and the backend are set here; `glockUrl` and `glockTick` come along.
 */
function newTabUrl(storyId: string, backend: Backend): string {
  const url = new URL(window.location.href)
  const query = url.searchParams
  query.set('id', storyId)
  query.set('viewMode', 'story')
  query.set('globals', `backend:${backend.kind}`)
  query.delete('glockTab')
  for (const name of ['glockUrl', 'glockTick']) {
    const value = queryParam(name)
    if (value) query.set(name, value)
  }
  return url.href
}

const ROLES = {
  leader: {
    color: '#2f9e44',
    says: 'holds the socket and runs the reducers; it sends the other tabs every new snapshot.',
  },
  follower: {
    color: '#805ad5',
    says: "has no socket: it mirrors the leader's snapshot over a BroadcastChannel and hands its pushes to the leader.",
  },
} as const

function RoleBadge({ tab }: { tab: 'leader' | 'follower' | null }) {
  const color = tab ? ROLES[tab].color : colors.muted
  return (
    <span
      data-testid="tab"
      data-tab={tab ?? ''}
      style={{
        display: 'inline-block',
        fontWeight: 700,
        fontSize: 18,
        letterSpacing: 0.3,
        padding: '2px 12px',
        borderRadius: 14,
        color: '#fff',
        background: color,
      }}
    >
      {tab ?? 'no part yet'}
    </span>
  )
}

interface AcrossTabsProps {
  /** What each push adds to the shared counter. */
  by: number
  /** Storybook's id of this story, for the new tab's URL: the story's context hands it in. */
  storyId?: string
}

function AcrossTabsDemo({ by, storyId = 'demos-across-tabs--across-tabs' }: AcrossTabsProps) {
  const backend = useBackend()
  const glock = useGlock(counterSocket(backend))
  const { state, tab } = glock
  const name = tabName()
  const openTab = () => window.open(newTabUrl(storyId, backend), '_blank', 'noopener')

  return (
    <Demo
      title="Across tabs"
      intro={
        <>
          <code>defineSocket(url, handlers, {'{ connect: connectAcrossTabs, key }'})</code> from{' '}
          <code>react-glock/tabs</code>: open this story in more tabs and they share one socket. One tab leads (a Web
          Lock): it holds the socket and runs the reducers; the others follow its snapshot over a BroadcastChannel and
          hand it their pushes. Close the leader&apos;s tab and another takes over within a second, opens a socket of
          its own and carries the count on.
          {backend.kind === 'mock' ? (
            <>
              {' '}
              On the in-browser mock every tab has a mock server of its own and only the leader&apos;s is used; the demo
              server (toolbar: Backend) counts the sockets of all the tabs.
            </>
          ) : null}
        </>
      }
    >
      <Card title="this tab" testId="this-tab">
        <Row style={{ gap: 14, alignItems: 'center' }}>
          <RoleBadge tab={tab} />
          <span style={{ flex: '1 1 260px', color: colors.muted }}>
            <strong data-testid="tab-name" style={{ color: colors.text }}>
              {name}
            </strong>{' '}
            {tab ? ROLES[tab].says : 'is finding out whether another tab leads.'}
          </span>
          <Button kind="primary" testId="open-tab" onClick={openTab}>
            open this story in a new tab
          </Button>
        </Row>
      </Card>
      <StatusPanel glock={glock} />
      <Card title="at the server">
        <Row style={{ gap: 24 }}>
          <Stat label="sockets in /tabs" value={state.sockets} testId="sockets" />
          <Stat label="sockets opened" value={state.opens} testId="opens" />
          <span style={{ flex: '1 1 260px', color: colors.muted, fontSize: 13 }}>
            The server tells its sockets in the tabs room how many they are (<code>presence</code>): however many tabs
            show this story, one. <code>open</code> counts the sockets opened; a new leader opens another.
          </span>
        </Row>
      </Card>
      <Card title="shared counter">
        <Row style={{ gap: 24 }}>
          <Stat label="count" value={state.count} testId="count" />
          <Button kind="primary" testId="add" onClick={() => glock.push({ by, from: name })}>
            push +{by} from {name}
          </Button>
          <Button testId="close" onClick={() => glock.close(1000, `closed from ${name}`)}>
            close()
          </Button>
          <Button testId="reconnect" onClick={glock.reconnect}>
            reconnect()
          </Button>
          <span style={{ flex: '1 1 200px', color: colors.muted, fontSize: 13 }}>
            Counted by the leader&apos;s <code>receive</code> as the server echoes each push; every tab shows it.{' '}
            <code>close()</code> and <code>reconnect()</code> from any tab act on the one socket.
          </span>
        </Row>
        <ol
          data-testid="log"
          style={{
            margin: '8px 0 0',
            padding: '6px 8px 6px 28px',
            background: colors.panel,
            borderRadius: 6,
            minHeight: 40,
            ...mono,
          }}
        >
          {state.log.map((entry) => (
            <li key={entry.id} data-testid="log-entry" data-from={entry.from}>
              +{entry.by} from {entry.from}
              {entry.from === name ? ' (this tab)' : ''} → {entry.count}
            </li>
          ))}
        </ol>
      </Card>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Across tabs',
  component: AcrossTabsDemo,
  args: { by: 1 },
  argTypes: {
    by: { control: { type: 'number', min: 1, max: 100, step: 1 }, description: 'What each push adds' },
    storyId: { table: { disable: true } },
  },
  render: (args, context) => <AcrossTabsDemo {...args} storyId={context.id} />,
} satisfies Meta<typeof AcrossTabsDemo>

export default meta

export const AcrossTabs: StoryObj<typeof meta> = { name: 'Across tabs' }
