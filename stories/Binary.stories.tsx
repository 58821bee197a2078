import type { Meta, StoryObj } from '@storybook/react-vite'
import { useGlock, type Handlers } from 'react-glock'
import { useBackend } from './backend/Backend'
import { Button, Card, Demo, Row, StatusPanel, colors, hex, mono } from './ui'

interface Digest {
  kind: 'ArrayBuffer' | 'Blob'
  bytes: number
  /** FNV-1a of the bytes (ArrayBuffer only: reading a Blob is asynchronous, and handlers are not). */
  hash: string | null
  head: string
}

interface BinaryState {
  /** The last few, newest last. */
  sent: Digest[]
  received: Digest[]
  sentTotal: number
  receivedTotal: number
  texts: number
}

function fnv1a(buffer: ArrayBuffer): string {
  let hash = 0x811c9dc5
  for (const byte of new Uint8Array(buffer)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0
  return hash.toString(16).padStart(8, '0')
}

const digest = (data: ArrayBuffer | Blob): Digest =>
  data instanceof ArrayBuffer
    ? { kind: 'ArrayBuffer', bytes: data.byteLength, hash: fnv1a(data), head: hex(data, 8) }
    : { kind: 'Blob', bytes: data.size, hash: null, head: '(a Blob: read it asynchronously)' }

const binaryHandlers: Handlers<BinaryState, ArrayBuffer> = {
  init: () => ({ sent: [], received: [], sentTotal: 0, receivedTotal: 0, texts: 0 }),
  send: (buffer, state) => ({
    state: { ...state, sent: [...state.sent, digest(buffer)].slice(-6), sentTotal: state.sentTotal + 1 },
    push: buffer,
  }),
  receive: (frame, state) => {
    if (frame.type === 'binary') {
      return {
        state: {
          ...state,
          received: [...state.received, digest(frame.data)].slice(-6),
          receivedTotal: state.receivedTotal + 1,
        },
      }
    }
    if (frame.type === 'text') return { state: { ...state, texts: state.texts + 1 } }
    return { state }
  },
}

function randomBytes(size: number): ArrayBuffer {
  const bytes = new Uint8Array(size)
  // getRandomValues fills at most 65 536 bytes per call.
  for (let offset = 0; offset < size; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536))
  return bytes.buffer
}

function DigestList({ title, digests, testId }: { title: string; digests: Digest[]; testId: string }) {
  return (
    <Card title={title} testId={testId} style={{ flex: '1 1 320px' }}>
      <ol style={{ ...mono, margin: 0, paddingLeft: 20, minHeight: 60 }}>
        {digests.map((entry, index) => (
          <li
            key={index}
            data-testid="digest"
            data-hash={entry.hash ?? ''}
            data-bytes={entry.bytes}
            data-kind={entry.kind}
          >
            {entry.bytes} B {entry.kind} {entry.hash ? `fnv ${entry.hash}` : ''}{' '}
            <span style={{ color: colors.muted }}>{entry.head}</span>
          </li>
        ))}
      </ol>
    </Card>
  )
}

interface BinaryProps {
  /** Bytes per frame. */
  size: number
  /** How binary frames arrive. */
  binaryType: BinaryType
}

function BinaryDemo({ size, binaryType }: BinaryProps) {
  const backend = useBackend()
  // binaryType is fixed when a socket is made: a key per type gives each its own connection.
  const glock = useGlock(backend.url('/binary'), binaryHandlers, {
    key: `${backend.keyPrefix}:binary:${binaryType}`,
    binaryType,
    WebSocket: backend.WebSocket,
  })
  const { sent, received, sentTotal, receivedTotal, texts } = glock.state
  const lastSent = sent.at(-1)
  const lastReceived = received.at(-1)
  const verdict =
    !lastSent || !lastReceived || sentTotal !== receivedTotal
      ? 'waiting'
      : lastReceived.kind === 'Blob'
        ? lastReceived.bytes === lastSent.bytes
          ? 'same size (Blob)'
          : 'size differs'
        : lastReceived.hash === lastSent.hash
          ? 'intact'
          : 'corrupted'
  const bytes = Math.max(1, Math.min(1_000_000, Math.floor(size)))

  return (
    <Demo
      title="Binary"
      intro={
        <>
          Pushing an <code>ArrayBuffer</code> sends a binary frame; the server echoes it and <code>receive</code> gets{' '}
          <code>{'{ type: "binary", data }'}</code> as an ArrayBuffer (the default <code>binaryType</code>) or a Blob.
          The hashes show the bytes survive the round trip.
        </>
      }
    >
      <StatusPanel glock={glock} />
      <Card title="push">
        <Row>
          <Button kind="primary" testId="push" onClick={() => glock.push(randomBytes(bytes))}>
            push {bytes} random bytes
          </Button>
          <span>
            round trip:{' '}
            <strong
              data-testid="verdict"
              style={{
                color:
                  verdict === 'intact' || verdict.startsWith('same')
                    ? '#2f9e44'
                    : verdict === 'waiting'
                      ? colors.muted
                      : colors.danger,
              }}
            >
              {verdict}
            </strong>
          </span>
          <span style={{ color: colors.muted }}>
            binaryType <code>{binaryType}</code> · text frames ignored: <span data-testid="texts">{texts}</span>
          </span>
        </Row>
      </Card>
      <Row style={{ alignItems: 'stretch' }}>
        <DigestList title={`sent (${sentTotal})`} digests={sent} testId="sent" />
        <DigestList title={`received (${receivedTotal})`} digests={received} testId="received" />
      </Row>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Binary',
  component: BinaryDemo,
  args: { size: 32, binaryType: 'arraybuffer' },
  argTypes: {
    size: { control: { type: 'number', min: 1, max: 1_000_000 }, description: 'Bytes per frame' },
    binaryType: { control: 'inline-radio', options: ['arraybuffer', 'blob'] },
  },
} satisfies Meta<typeof BinaryDemo>

export default meta

export const Binary: StoryObj<typeof meta> = {}
