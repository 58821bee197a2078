// Small, inline-styled building blocks shared by the stories: a page frame, buttons, cards, and the
// status panel every story shows (status, attempt, next retry, last close, error).
import { useEffect, useState, type CSSProperties, type ReactNode } from 'react'
import type { Frame, GlockResult } from 'react-glock'
import { useBackend } from './backend/Backend'

export const colors = {
  text: '#1f2933',
  muted: '#616e7c',
  border: '#d9e2ec',
  panel: '#f5f7fa',
  accent: '#2f6fdf',
  danger: '#c53030',
}

const STATUS_COLORS: Record<string, string> = {
  idle: '#9aa5b1',
  connecting: '#d69e2e',
  open: '#2f9e44',
  closing: '#dd6b20',
  closed: '#c53030',
}

export const mono: CSSProperties = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  fontSize: 12.5,
}

export function Demo({ title, intro, children }: { title: string; intro: ReactNode; children: ReactNode }) {
  const backend = useBackend()
  return (
    <div
      style={{
        fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
        fontSize: 14,
        color: colors.text,
        maxWidth: 920,
        lineHeight: 1.45,
      }}
    >
      <header style={{ display: 'flex', alignItems: 'baseline', gap: 12, flexWrap: 'wrap', marginBottom: 4 }}>
        <h2 style={{ margin: 0, fontSize: 20 }}>{title}</h2>
        <span
          data-testid="backend"
          data-kind={backend.kind}
          style={{
            ...mono,
            color: colors.muted,
            background: colors.panel,
            border: `1px solid ${colors.border}`,
            borderRadius: 4,
            padding: '1px 6px',
          }}
        >
          backend: {backend.label}
        </span>
      </header>
      <p style={{ margin: '4px 0 14px', color: colors.muted, maxWidth: 760 }}>{intro}</p>
      <div style={{ display: 'grid', gap: 12 }}>{children}</div>
    </div>
  )
}

export function Card({
  title,
  children,
  testId,
  style,
}: {
  title?: ReactNode
  children: ReactNode
  testId?: string
  style?: CSSProperties
}) {
  return (
    <section
      data-testid={testId}
      style={{
        border: `1px solid ${colors.border}`,
        borderRadius: 8,
        padding: '10px 12px',
        background: '#fff',
        ...style,
      }}
    >
      {title ? (
        <h3
          style={{
            margin: '0 0 8px',
            fontSize: 13,
            textTransform: 'uppercase',
            letterSpacing: 0.4,
            color: colors.muted,
          }}
        >
          {title}
        </h3>
      ) : null}
      {children}
    </section>
  )
}

export function Row({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  return <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', ...style }}>{children}</div>
}

export function Button({
  children,
  onClick,
  kind = 'plain',
  testId,
  disabled,
}: {
  children: ReactNode
  onClick: () => void
  kind?: 'primary' | 'plain' | 'danger'
  testId?: string
  disabled?: boolean
}) {
  const tone = kind === 'primary' ? colors.accent : kind === 'danger' ? colors.danger : colors.text
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={disabled}
      onClick={onClick}
      style={{
        font: 'inherit',
        fontSize: 13,
        padding: '4px 10px',
        borderRadius: 6,
        cursor: disabled ? 'default' : 'pointer',
        border: `1px solid ${kind === 'plain' ? colors.border : tone}`,
        background: kind === 'primary' ? tone : '#fff',
        color: kind === 'primary' ? '#fff' : tone,
        opacity: disabled ? 0.5 : 1,
      }}
    >
      {children}
    </button>
  )
}

export function TextInput({
  value,
  onChange,
  testId,
  width = 220,
  onEnter,
}: {
  value: string
  onChange: (value: string) => void
  testId?: string
  width?: number
  onEnter?: () => void
}) {
  return (
    <input
      data-testid={testId}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={(event) => event.key === 'Enter' && onEnter?.()}
      style={{
        font: 'inherit',
        fontSize: 13,
        padding: '4px 8px',
        border: `1px solid ${colors.border}`,
        borderRadius: 6,
        width,
      }}
    />
  )
}

export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div style={{ minWidth: 90 }}>
      <div style={{ fontSize: 12, color: colors.muted }}>{label}</div>
      <div data-testid={testId} style={{ fontSize: 24, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </div>
    </div>
  )
}

/** The current time, refreshed every `every` ms until `until` (for countdowns); null: not refreshed. */
export function useNow(until: number | null, every = 100): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (until === null || now >= until) return
    const timer = setTimeout(() => setNow(Date.now()), Math.min(every, until - now))
    return () => clearTimeout(timer)
  }, [until, now, every])
  return now
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/**
 * A point in time as the stories show it: the local time of day as HH:MM:SS.mmm, in whole milliseconds
 * (`20:33:45.105`). Times from a clock with sub-millisecond precision (nextRetryAt may be one) are cut
 * to the millisecond, never printed with a fraction.
 */
export function formatTime(at: number): string {
  const time = new Date(Math.floor(at))
  return `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`
}

/** `code: message`, or just the code where the message says nothing more (production builds keep messages short). */
export function describeError(error: { code: string; message: string }): string {
  return error.message === `[react-glock] ${error.code}`
    ? error.code
    : `${error.code}: ${error.message.replace(/^\[react-glock\] /, '')}`
}

/** A frame as one line of text: binary shows its size and first bytes. */
export function formatFrame(frame: Frame | null): string {
  if (frame === null) return 'null'
  if (frame.type === 'text') return `text ${frame.data}`
  if (frame.type === 'close')
    return `close ${frame.code}${frame.reason ? ` "${frame.reason}"` : ''}${frame.wasClean ? ' (clean)' : ' (unclean)'}`
  if (frame.data instanceof ArrayBuffer) return `binary ${frame.data.byteLength} bytes ${hex(frame.data, 8)}`
  return `binary Blob ${frame.data.size} bytes`
}

export function hex(buffer: ArrayBuffer, max = 16): string {
  const bytes = [...new Uint8Array(buffer, 0, Math.min(max, buffer.byteLength))].map((b) =>
    b.toString(16).padStart(2, '0'),
  )
  return bytes.join(' ') + (buffer.byteLength > max ? ' …' : '')
}

type StatusFields = Pick<GlockResult, 'status' | 'attempt' | 'nextRetryAt' | 'lastClose' | 'error' | 'discarded'>

/** status · attempt · next retry · last close · error, for one connection. `data-*` attributes carry raw values for tests. */
export function StatusPanel({
  glock,
  compact = false,
  testId = 'status-panel',
}: {
  glock: StatusFields
  compact?: boolean
  testId?: string
}) {
  const { status, attempt, nextRetryAt, lastClose, error, discarded } = glock
  const now = useNow(nextRetryAt)
  const retryIn = nextRetryAt === null ? null : Math.max(0, nextRetryAt - now)
  const cell: CSSProperties = { display: 'flex', flexDirection: 'column', gap: 1, minWidth: compact ? 0 : 90 }
  const label: CSSProperties = { fontSize: 11, color: colors.muted, textTransform: 'uppercase', letterSpacing: 0.4 }
  return (
    <div
      data-testid={testId}
      data-status={status}
      data-attempt={attempt}
      data-next-retry-at={nextRetryAt ?? ''}
      data-last-close-code={lastClose?.code ?? ''}
      data-last-close-reason={lastClose?.reason ?? ''}
      data-error-code={error?.code ?? ''}
      style={{
        display: 'flex',
        gap: compact ? 12 : 18,
        flexWrap: 'wrap',
        background: colors.panel,
        border: `1px solid ${colors.border}`,
        borderRadius: 6,
        padding: compact ? '4px 8px' : '8px 12px',
        fontSize: 13,
      }}
    >
      <div style={cell}>
        <span style={label}>status</span>
        <span data-testid="status" style={{ fontWeight: 600, display: 'flex', alignItems: 'center', gap: 6 }}>
          <span style={{ width: 9, height: 9, borderRadius: 5, background: STATUS_COLORS[status] }} />
          {status}
        </span>
      </div>
      <div style={cell}>
        <span style={label}>attempt</span>
        <span data-testid="attempt" style={mono}>
          {attempt}
        </span>
      </div>
      {compact ? null : (
        <div style={cell}>
          <span style={label}>next retry</span>
          <span data-testid="next-retry" style={mono}>
            {retryIn === null ? '—' : `in ${(retryIn / 1000).toFixed(1)} s (${formatTime(nextRetryAt!)})`}
          </span>
        </div>
      )}
      <div style={cell}>
        <span style={label}>last close</span>
        <span data-testid="last-close" style={mono}>
          {lastClose
            ? `${lastClose.code}${lastClose.reason ? ` "${lastClose.reason}"` : ''} ${lastClose.wasClean ? 'clean' : 'unclean'}`
            : '—'}
        </span>
      </div>
      {discarded > 0 ? (
        <div style={cell}>
          <span style={label}>discarded</span>
          <span style={mono}>{discarded}</span>
        </div>
      ) : null}
      {compact && !error ? null : (
        <div style={{ ...cell, flex: '1 1 200px' }}>
          <span style={label}>error</span>
          <span data-testid="error" style={{ ...mono, color: error ? colors.danger : colors.muted }}>
            {error ? describeError(error) : '—'}
          </span>
        </div>
      )}
    </div>
  )
}

/** Local text that starts from a control's value and starts over whenever the control changes. */
export function useDraft(initial: string): [string, (value: string) => void] {
  const [draft, setDraft] = useState(initial)
  const [from, setFrom] = useState(initial)
  if (from !== initial) {
    // Adjusting state while rendering, React's pattern for "reset when a prop changes".
    setFrom(initial)
    setDraft(initial)
  }
  return [draft, setDraft]
}
