import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket'
import type { Logger, WebSocketConstructor } from 'react-glock/core'

let next = 0

/** A mock-socket server on a URL of its own, with the client constructor to hand to `connect`. */
export function mockServer() {
  const url = `ws://mock.test/${++next}`
  const server = new Server(url)
  const clients: Client[] = []
  const received: unknown[] = []
  server.on('connection', (client) => {
    clients.push(client)
    client.on('message', (data) => received.push(data))
  })
  return { url, server, clients, received, WebSocket: MockWebSocket as unknown as WebSocketConstructor }
}

export const quiet: Logger = { debug() {}, warn() {}, error() {} }
