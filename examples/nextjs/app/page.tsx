import Link from 'next/link'
import { Counter } from './counter'
import { defineCounter } from './socket'

// NEXT_PUBLIC_ variables are inlined at build time, in this server code and in the client bundle alike.
const url = process.env.NEXT_PUBLIC_WS_URL ?? null

// A server component: it renders on the server (at build time, as the page is static) and hands the socket
// part to a client component. It uses the same definition as the counter, from app/socket.ts, to show its key;
// defining a socket opens nothing, so nothing here touches a WebSocket.
export default function Home() {
  return (
    <main>
      <h1>react-glock on Next.js</h1>
      <p>
        The counter below is a client component using <code>useGlock</code>. The server renders it with status{' '}
        <code>idle</code> and the state from <code>init</code>; the socket opens after hydration.
      </p>
      {url === null ? (
        <p role="alert">
          <code>NEXT_PUBLIC_WS_URL</code> was not set at build time: there is no socket to connect to.
        </p>
      ) : (
        <>
          <p>
            Its socket is defined in <code>app/socket.ts</code>, which this server component imports too. Key:{' '}
            <code data-testid="key">{defineCounter(url).key}</code>
          </p>
          <Counter url={url} />
        </>
      )}
      <p>
        <Link href="/about" data-testid="leave">
          Leave this page
        </Link>{' '}
        (the socket closes a second after the counter unmounts).
      </p>
    </main>
  )
}
