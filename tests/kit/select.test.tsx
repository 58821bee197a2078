// A component that selects one symbol from a shared ticker, tested with the kit: it shows its own quote, and
// re-renders only when that quote moves.
import { render, screen } from '@testing-library/react'
import { defineSocket, useGlock } from 'react-glock'
import { createMockServer } from 'react-glock/testing'

const server = createMockServer('wss://quotes.example/')
afterAll(() => server.stop())

type Quotes = Record<string, number>
const ticker = defineSocket(
  'wss://quotes.example/',
  {
    init: (): Quotes => ({}),
    receive: (frame, quotes: Quotes) =>
      frame.type === 'text' ? { state: { ...quotes, ...(JSON.parse(frame.data) as Quotes) } } : { state: quotes },
  },
  { WebSocket: server.WebSocket },
)

const renders: string[] = []
function Quote({ symbol }: { symbol: string }) {
  const { state: price, status } = useGlock(ticker, { select: (quotes) => quotes[symbol] })
  renders.push(symbol)
  return (
    <p>
      {symbol}: {status === 'open' ? (price ?? '–') : status}
    </p>
  )
}

test('each component shows its own quote, and only the one whose quote moved re-renders', async () => {
  render(
    <>
      <Quote symbol="ACME" />
      <Quote symbol="INIT" />
    </>,
  )
  await server.connected()
  expect(screen.getByText('ACME: –')).toBeTruthy()

  server.send({ ACME: 10, INIT: 20 })
  expect(screen.getByText('ACME: 10')).toBeTruthy()
  expect(screen.getByText('INIT: 20')).toBeTruthy()

  renders.length = 0
  server.send({ ACME: 11 })
  expect(screen.getByText('ACME: 11')).toBeTruthy()
  expect(renders).toEqual(['ACME'])

  renders.length = 0
  server.send({ ACME: 11, INIT: 20 })
  expect(renders).toEqual([])
})
