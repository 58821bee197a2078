import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { countingWebSocket, type CountingWebSocket } from './fake-socket'
import { resetGlock } from 'react-glock/testing'
import { startServer, type TestServer } from './server'

/** Every hook test: a fresh echo server and a counting WebSocket; afterwards no component, connection or server is left. */
export function withTestServer() {
  const env = {} as { server: TestServer; sockets: CountingWebSocket }
  beforeEach(async () => {
    env.server = await startServer()
    env.sockets = countingWebSocket()
  })
  afterEach(async () => {
    cleanup()
    resetGlock()
    await env.server.close()
  })
  return env
}
