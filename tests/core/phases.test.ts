import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Snapshot, Status } from 'react-glock/core'
import { harness, type Event, type Harness, type Phase, type Socket } from './phases.harness'

/*
 * Every cell of the lifecycle table at the top of src/core/connection.ts, walked: each cell drives a fresh connection
 * into the phase, fires the event once and checks what can be seen from outside.
 *
 * Where an event cannot happen to the attempt under way, the harness takes it from an attempt that is over, which is
 * what `·` (ignored) guards against:
 * - url answered, url failed outside resolving: the first URL request, abandoned by a connect timeout, answered late;
 * - socket open outside connecting, socket message outside open and closing, socket close outside connecting, open
 *   and closing: the old socket (a socket opens once, and cannot receive before it opens);
 * - connect timeout outside resolving and connecting, heartbeat dead outside open, retry due outside waiting: no clock
 *   fires a timer once it is cleared, so these cells cannot be produced as such. The closest thing is done instead:
 *   the callback a timer of an attempt that is over gave the clock is called, as a clock whose clearTimeout came too
 *   late would.
 * The policy in the harness retries (100 attempts, a fixed delay) and the network is up, so `failed` means waiting.
 */

type Outcome =
  | '·'
  | 'connect'
  | 'failed'
  | 'open'
  | 'receive'
  | 'lost'
  | 'closed'
  | 'attempt'
  | 'attempt*'
  | 'offline'
  | 'queue'
  | 'send'
  | 'refused'
  | 'closing'

const PHASES: Phase[] = ['resolving', 'connecting', 'open', 'closing', 'waiting', 'offline', 'closed']

/** The table of src/core/connection.ts, cell for cell (the first test checks they are the same). */
// prettier-ignore
const TABLE: Array<[Event, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]> = [
  // event             resolving   connecting  open        closing     waiting     offline     closed
  ['url answered',     'connect',  '·',        '·',        '·',        '·',        '·',        '·'],
  ['url failed',       'failed',   '·',        '·',        '·',        '·',        '·',        '·'],
  ['socket open',      '·',        'open',     '·',        '·',        '·',        '·',        '·'],
  ['socket message',   '·',        '·',        'receive',  'receive',  '·',        '·',        '·'],
  ['socket close',     '·',        'failed',   'lost',     'closed',   '·',        '·',        '·'],
  ['connect timeout',  'failed',   'failed',   '·',        '·',        '·',        '·',        '·'],      // ·: cannot happen, a cleared timer called by hand
  ['heartbeat dead',   '·',        '·',        'lost',     '·',        '·',        '·',        '·'],      // ·: cannot happen, a cleared timer called by hand
  ['retry due',        '·',        '·',        '·',        '·',        'attempt',  '·',        '·'],      // ·: cannot happen, a cleared timer called by hand
  ['online, visible',  '·',        '·',        '·',        '·',        'attempt',  'attempt',  '·'],
  ['offline',          'offline',  '·',        '·',        '·',        'offline',  '·',        '·'],
  ['push',             'queue',    'queue',    'send',     'refused',  'queue',    'queue',    'refused'],
  ['close()',          'closed',   'closed',   'closing',  'closing',  'closed',   'closed',   'closed'],
  ['reconnect()',      'attempt',  'attempt',  'attempt*', 'attempt*', 'attempt',  'attempt',  'attempt'],
]

const CELLS = TABLE.flatMap(([event, ...outcomes]) =>
  outcomes.map((outcome, column) => ({ phase: PHASES[column]!, event, outcome })),
)

const STATUS: Record<Phase, Status> = {
  resolving: 'connecting',
  connecting: 'connecting',
  open: 'open',
  closing: 'closing',
  waiting: 'connecting',
  offline: 'connecting',
  closed: 'closed',
}

/** The errors an event reports when it fails or loses an attempt. */
const FAILURE: Partial<Record<Event, string[]>> = {
  'url failed': ['invalid_url'],
  'connect timeout': ['connect_timeout'],
  'heartbeat dead': ['heartbeat_timeout'],
}

/** Both ways back: the network returns, or the page becomes visible (with the network up). */
const VARIANTS: Partial<Record<Event, Array<'online' | 'visible'>>> = { 'online, visible': ['online', 'visible'] }

interface Before {
  snapshot: Snapshot<number>
  sockets: number
  urls: number
  /** The socket of the attempt under way, if it has one. */
  current: Socket | null
  /** What every socket was sent and asked. */
  wire: string
}

interface Cell {
  h: Harness
  phase: Phase
  event: Event
  before: Before
}

const wire = (h: Harness) =>
  JSON.stringify(h.sockets().map((s) => ({ sent: s.sent, closeRequest: s.closeRequest, terminated: s.terminated })))

const observe = (h: Harness): Before => ({
  snapshot: h.snapshot(),
  sockets: h.sockets().length,
  urls: h.urls.length,
  current: h.current(),
  wire: wire(h),
})

/** The phase, as the snapshot shows it. */
function expectPhase(h: Harness, phase: Phase) {
  const { status, nextRetryAt } = h.snapshot()
  expect(status, 'status').toBe(STATUS[phase])
  if (phase === 'waiting') expect(nextRetryAt, 'nextRetryAt').toBeGreaterThan(Date.now())
  else expect(nextRetryAt, 'nextRetryAt').toBeNull()
}

/** New sockets made and URL requests made by the event. */
function expectNew(h: Harness, before: Before, sockets: number, urls: number) {
  expect({ sockets: h.sockets().length - before.sockets, urls: h.urls.length - before.urls }).toEqual({ sockets, urls })
}

/** Moved into `phase`: its status and retry time, and what it starts (a URL request, a socket). */
function expectEntered({ h, before }: Cell, phase: Phase) {
  expectPhase(h, phase)
  expectNew(h, before, phase === 'connecting' ? 1 : 0, phase === 'resolving' ? 1 : 0)
  if (phase === 'connecting') expect(h.sockets().at(-1)!.readyState, 'the new socket is opening').toBe(0)
}

/** The socket of the attempt that ended is not left behind: asked to close, cut off, or closed already. */
function expectLetGo({ before }: Cell) {
  const s = before.current
  if (s) expect(s.closeRequest !== null || s.terminated || s.readyState === 3, 'the old socket is let go').toBe(true)
}

const closeFrame = (code: number, reason?: string) =>
  expect.objectContaining({ type: 'close', code, ...(reason === undefined ? {} : { reason }) })

const attempt = (cell: Cell) => cell.h.snapshot().attempt - cell.before.snapshot.attempt

const OUTCOMES: Record<Outcome, (cell: Cell) => void | Promise<void>> = {
  '·'({ h, before }) {
    expect(h.snapshot(), 'the same snapshot').toBe(before.snapshot)
    expectNew(h, before, 0, 0)
    expect(wire(h), 'nothing sent, closed or cut off').toBe(before.wire)
    expect(h.errors).toEqual([])
    expect(h.seen).toEqual([])
  },
  connect(cell) {
    expectEntered(cell, 'connecting')
    expect(attempt(cell)).toBe(0)
    expect(cell.h.errors).toEqual([])
  },
  failed(cell) {
    expectEntered(cell, 'waiting')
    expect(attempt(cell), 'the next retry').toBe(1)
    expectLetGo(cell)
    expect(cell.h.errors).toEqual(FAILURE[cell.event] ?? [])
  },
  open(cell) {
    expectEntered(cell, 'open')
    expect(attempt(cell)).toBe(0)
    expect(cell.h.snapshot().error).toBeNull()
    expect(cell.h.errors).toEqual([])
  },
  receive({ h, phase, before }) {
    expectPhase(h, phase)
    expect(h.seen).toEqual([{ type: 'text', data: 'x' }])
    expect(h.snapshot().state).toBe(before.snapshot.state + 1)
    expect(h.errors).toEqual([])
  },
  lost(cell) {
    expect(cell.h.seen, '`receive` sees the close frame').toEqual([closeFrame(1006)])
    OUTCOMES.failed(cell)
  },
  closed(cell) {
    expectEntered(cell, 'closed')
    expect(attempt(cell)).toBe(0)
    expectLetGo(cell)
    // Only a socket that opened has a close frame for `receive`.
    expect(cell.h.seen).toEqual(cell.phase === 'closing' ? [closeFrame(1006)] : [])
    expect(cell.h.errors).toEqual([])
  },
  attempt(cell) {
    expectEntered(cell, 'resolving')
    // The retry waited for is the one made; reconnect() starts counting again.
    expect(cell.h.snapshot().attempt).toBe(cell.event === 'reconnect()' ? 0 : cell.before.snapshot.attempt)
    expectLetGo(cell)
    expect(cell.h.errors).toEqual([])
    expect(cell.h.seen).toEqual([])
  },
  'attempt*'(cell) {
    expect(cell.h.seen, '`receive` first sees a close frame').toEqual([closeFrame(1000, 'reconnect')])
    cell.h.seen.length = 0
    OUTCOMES.attempt(cell)
  },
  offline(cell) {
    expectEntered(cell, 'offline')
    expect(attempt(cell)).toBe(0)
    expect(cell.h.errors).toEqual([])
  },
  async queue({ h, phase, before }) {
    expect(h.pushed, 'push returns').toBe(true)
    expectPhase(h, phase)
    expectNew(h, before, 0, 0)
    expect(wire(h), 'nothing sent yet').toBe(before.wire)
    expect(h.snapshot().discarded).toBe(before.snapshot.discarded)
    expect(h.errors).toEqual([])
    await h.reachOpen()
    expect(h.sockets().at(-1)!.sent, 'the queued frame goes out on open').toEqual(['m'])
  },
  send({ h, before }) {
    expect(h.pushed, 'push returns').toBe(true)
    expectPhase(h, 'open')
    expect(before.current!.sent.at(-1)).toBe('m')
    expect(h.errors).toEqual([])
  },
  refused({ h, phase, before }) {
    expect(h.pushed, 'push returns').toBe(false)
    expectPhase(h, phase)
    expect(wire(h), 'nothing sent').toBe(before.wire)
    expect(h.errors).toEqual(['not_open'])
  },
  closing(cell) {
    expectEntered(cell, 'closing')
    expect(cell.before.current!.closeRequest, 'the socket is asked to close').toEqual({ code: 1000, reason: '' })
    expect(cell.h.errors).toEqual([])
  },
}

/** The phase each outcome leaves the connection in (`same`: where it was); `queue` goes on to open by itself. */
const AFTER: Record<Outcome, Phase | 'same' | null> = {
  '·': 'same',
  connect: 'connecting',
  failed: 'waiting',
  open: 'open',
  receive: 'same',
  lost: 'waiting',
  closed: 'closed',
  attempt: 'resolving',
  'attempt*': 'resolving',
  offline: 'offline',
  queue: null,
  send: 'open',
  refused: 'same',
  closing: 'closing',
}

/** The snapshot cannot tell every phase from another: this checks the connection goes on the way `phase` does. */
async function expectStill(h: Harness, phase: Phase) {
  const sockets = h.sockets().length
  const urls = h.urls.length
  const errors = h.errors.length
  const news = () => ({
    sockets: h.sockets().length - sockets,
    urls: h.urls.length - urls,
    errors: h.errors.length - errors,
  })
  const last = () => h.sockets().at(-1)!
  switch (phase) {
    case 'resolving':
      await h.answer()
      expect(news(), 'resolving: the answer opens a socket').toEqual({ sockets: 1, urls: 0, errors: 0 })
      break
    case 'connecting':
      last().open()
      expect(h.snapshot().status, 'connecting: the socket opens').toBe('open')
      break
    case 'open':
      h.connection.push('p')
      expect(last().sent.at(-1), 'open: a push goes out').toBe('p')
      break
    case 'closing':
      last().serverClose(1000, '', true)
      expect(h.snapshot().status, 'closing: the close frame closes').toBe('closed')
      break
    case 'waiting':
      await h.advance(h.snapshot().nextRetryAt! - Date.now())
      expect(news(), 'waiting: the retry asks for the URL').toEqual({ sockets: 0, urls: 1, errors: 0 })
      break
    case 'offline':
      await h.later()
      expect(news(), 'offline: nothing until the network returns').toEqual({ sockets: 0, urls: 0, errors: 0 })
      expect(h.snapshot()).toMatchObject({ status: 'connecting', nextRetryAt: null })
      await h.networkBack()
      expect(news(), 'offline: the network returns, and the URL is asked for').toEqual({
        sockets: 0,
        urls: 1,
        errors: 0,
      })
      break
    case 'closed':
      await h.later()
      expect(news(), 'closed: for good').toEqual({ sockets: 0, urls: 0, errors: 0 })
      expect(h.snapshot().status).toBe('closed')
      break
  }
}

beforeEach(() => void vi.useFakeTimers())
afterEach(() => {
  vi.clearAllTimers()
  vi.useRealTimers()
})

describe('the table', () => {
  it('is the one in src/core/connection.ts', () => {
    const source = readFileSync(new URL('../../src/core/connection.ts', import.meta.url), 'utf8')
    const lines = source.split('\n').map((line) => line.replace(/^\s*\*\s?/, '').trim())
    const header = lines.findIndex((line) => line.startsWith('event '))
    const rows = lines.slice(header + 1, header + 1 + TABLE.length).map((line) => line.split(/\s{2,}/))
    expect(lines[header]!.split(/\s{2,}/)).toEqual(['event', ...PHASES])
    expect(rows).toEqual(TABLE)
    expect(lines[header + 1 + TABLE.length], 'no more rows').toBe('')
  })

  it('has every cell', () => {
    expect(CELLS).toHaveLength(7 * 13)
  })
})

describe('enter(phase)', () => {
  /** Sockets made, the readyState of the attempt's own socket, URL requests made. */
  const expected: Record<Phase, { sockets: number; open: number | null; urls: number }> = {
    resolving: { sockets: 1, open: null, urls: 3 },
    connecting: { sockets: 2, open: 0, urls: 3 },
    open: { sockets: 2, open: 1, urls: 3 },
    closing: { sockets: 2, open: 2, urls: 3 },
    waiting: { sockets: 1, open: null, urls: 2 },
    offline: { sockets: 1, open: null, urls: 2 },
    closed: { sockets: 2, open: null, urls: 3 },
  }
  it.each(PHASES)('reaches %s', async (phase) => {
    const h = harness()
    await h.enter(phase)
    expectPhase(h, phase)
    const open = h.current()?.readyState ?? null
    expect({ sockets: h.sockets().length, open, urls: h.urls.length }).toEqual(expected[phase])
    expect(h.snapshot()).toMatchObject({ attempt: 2, error: null })
    expect(h.shielded).toEqual([])
  })
})

describe.each(PHASES)('%s', (phase) => {
  const row = CELLS.filter((cell) => cell.phase === phase).map(({ event, outcome }) => [event, outcome] as const)
  it.each(row)('%s → %s', async (event, outcome) => {
    for (const variant of VARIANTS[event] ?? [undefined]) {
      const h = harness()
      await h.enter(phase)
      const before = observe(h)
      await h.fire(event, variant)
      await OUTCOMES[outcome]({ h, phase, event, before })
      const after = AFTER[outcome]
      if (after) await expectStill(h, after === 'same' ? phase : after)
      expect(h.shielded, 'nothing thrown inside the connection').toEqual([])
    }
  })
})
