import type { Meta, StoryObj } from '@storybook/react-vite'
import { useCallback, useLayoutEffect, useRef } from 'react'
import { defineSocket, useGlock, type Handlers } from 'react-glock'
import { SYMBOLS, type Quote, type ServerMessage } from '../demo/protocol.mjs'
import { perBackend, useBackend } from './backend/Backend'
import { Card, Demo, Row, StatusPanel, colors, mono } from './ui'

interface TickerState {
  quotes: Record<string, Quote>
  /** Ticks received, all symbols together. */
  ticks: number
}

const tickerHandlers: Handlers<TickerState> = {
  init: () => ({ quotes: {}, ticks: 0 }),
  receive: (frame, state) => {
    if (frame.type !== 'text') return { state }
    let message: ServerMessage
    try {
      message = JSON.parse(frame.data) as ServerMessage
    } catch {
      return { state }
    }
    if (message.type === 'prices') return { state: { ...state, quotes: message.prices } }
    if (message.type !== 'tick') return { state }
    const { symbol, price, change, updates } = message
    // Only the changed symbol gets a new object: every other selection stays equal.
    return { state: { quotes: { ...state.quotes, [symbol]: { price, change, updates } }, ticks: state.ticks + 1 } }
  },
}

/** The ticker socket, defined once (per backend: the toolbar picks the URL and the WebSocket class). */
const tickerSocket = perBackend((backend) =>
  defineSocket(backend.url('/ticker'), tickerHandlers, {
    key: `${backend.keyPrefix}:ticker`,
    WebSocket: backend.WebSocket,
  }),
)

/** Counts this component's commits and writes the number straight into the DOM, so counting causes no render. */
function useRenderCounter() {
  const count = useRef(0)
  const label = useRef<HTMLSpanElement>(null)
  useLayoutEffect(() => {
    count.current += 1
    if (label.current) label.current.textContent = String(count.current)
  })
  return label
}

function QuoteView({ symbol, quote }: { symbol: string; quote: Quote | undefined }) {
  const renders = useRenderCounter()
  const up = (quote?.change ?? 0) >= 0
  return (
    <div
      data-testid="quote"
      data-symbol={symbol}
      style={{ border: `1px solid ${colors.border}`, borderRadius: 6, padding: '6px 10px', background: '#fff' }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <strong>{symbol}</strong>
        <span style={{ ...mono, fontSize: 15 }}>
          <span data-testid="price">{quote ? quote.price.toFixed(2) : '—'}</span>{' '}
          <span style={{ color: up ? '#2f9e44' : colors.danger }}>
            {quote ? `${up ? '▲' : '▼'}${Math.abs(quote.change).toFixed(2)}` : ''}
          </span>
        </span>
      </div>
      <div style={{ ...mono, fontSize: 11.5, color: colors.muted, marginTop: 2 }}>
        updates <span data-testid="updates">{quote?.updates ?? 0}</span> · renders{' '}
        <span data-testid="renders" style={{ color: colors.text, fontWeight: 600 }} ref={renders} />
      </div>
    </div>
  )
}

/** Selects one symbol: re-renders only when that quote (or the status) changes. */
function SelectingQuote({ symbol }: { symbol: string }) {
  const quoteOf = useCallback((state: TickerState) => state.quotes[symbol], [symbol])
  const { state } = useGlock(tickerSocket(useBackend()), { select: quoteOf })
  return <QuoteView symbol={symbol} quote={state} />
}

/** Reads the whole state: re-renders on every tick of any symbol. */
function WholeStateQuote({ symbol }: { symbol: string }) {
  const { state } = useGlock(tickerSocket(useBackend()))
  return <QuoteView symbol={symbol} quote={state.quotes[symbol]} />
}

interface TickerProps {
  /** Each quote component selects its symbol; off, each reads the whole state. */
  useSelect: boolean
  /** Components per symbol. */
  copies: number
}

/** The status and the tick count live here, not in the demo's root: a root that re-rendered per tick would re-render every quote. */
function TickerHeader({ useSelect }: { useSelect: boolean }) {
  const ticker = useGlock(tickerSocket(useBackend()), { select: (state) => state.ticks })
  return (
    <>
      <StatusPanel glock={ticker} />
      <Row style={{ gap: 18 }}>
        <span>
          ticks received:{' '}
          <strong data-testid="ticks" style={mono}>
            {ticker.state}
          </strong>
        </span>
        <span style={{ color: colors.muted }}>mode: {useSelect ? 'select (one symbol each)' : 'whole state'}</span>
      </Row>
    </>
  )
}

function TickerDemo({ useSelect, copies }: TickerProps) {
  const Quote = useSelect ? SelectingQuote : WholeStateQuote
  const count = Math.max(1, Math.min(4, copies))
  return (
    <Demo
      title="Live ticker"
      intro={
        <>
          {SYMBOLS.length * count} components share one socket, defined once with <code>defineSocket</code>; the server
          sends one symbol&apos;s price at a time.{' '}
          {useSelect ? (
            <>
              Each component calls <code>useGlock(ticker, {'{ select: (state) => state.quotes[symbol] }'})</code>, so it
              renders only when its own quote changes: its render count follows its updates, not the total ticks.
            </>
          ) : (
            <>Without a selector every component renders on every tick: compare the render counts with the total.</>
          )}
        </>
      }
    >
      <TickerHeader useSelect={useSelect} />
      <Card title="quotes">
        <div
          data-testid="quotes"
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))', gap: 8 }}
        >
          {SYMBOLS.flatMap((symbol) =>
            Array.from({ length: count }, (_, copy) => (
              <Quote key={`${symbol}-${copy}-${useSelect}`} symbol={symbol} />
            )),
          )}
        </div>
      </Card>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Live ticker',
  component: TickerDemo,
  args: { useSelect: true, copies: 2 },
  argTypes: {
    useSelect: { control: 'boolean', description: 'Each component selects its own symbol' },
    copies: { control: { type: 'range', min: 1, max: 4, step: 1 }, description: 'Components per symbol' },
  },
} satisfies Meta<typeof TickerDemo>

export default meta

export const LiveTicker: StoryObj<typeof meta> = { name: 'Live ticker' }
