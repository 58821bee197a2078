import Link from 'next/link'
import { Counter } from './counter'

// A server component: it renders on the server (at build time, as the page is static) and hands
// the socket part to a client component. Nothing here touches a WebSocket.
export default function Home() {
  return (
    <main>
      <h1>react-glock on Next.js</h1>
      <p>
        The counter below is a client component using <code>useGlock</code>. The server renders it with status{' '}
        <code>idle</code> and the state from <code>init</code>; the socket opens after hydration.
      </p>
      <Counter url={process.env.NEXT_PUBLIC_WS_URL ?? null} />
      <p>
        <Link href="/about" data-testid="leave">
          Leave this page
        </Link>{' '}
        (the socket closes a second after the counter unmounts).
      </p>
    </main>
  )
}
