// @vitest-environment jsdom
// The README's chat example (socket.ts and Chat.tsx, as README.md has them) runs: rendered in StrictMode in
// jsdom, talking through jsdom's WebSocket to a real ws server on 127.0.0.1. The one change made to the code
// is its URL, swapped for the test server's.
import { join } from 'node:path'
import { StrictMode, type ComponentType } from 'react'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest'
import { resetGlock } from 'react-glock/testing'
import { startServer, type TestServer } from '../support/server'
import { blockNamed, readBlocks, replaceOnce, writeModules, removeModules } from './blocks'

const README_URL = 'wss://chat.example/room/1'

let server: TestServer
let dir = ''

beforeEach(async () => {
  server = await startServer({ echo: false })
})

afterEach(async () => {
  cleanup()
  resetGlock()
  await server.close()
})

afterAll(() => {
  if (dir) removeModules(dir)
})

/** socket.ts and Chat.tsx from README.md, with the chat's URL pointing at `url`; resolves with Chat.tsx's exports. */
async function loadChat(url: string) {
  const blocks = readBlocks()
  const socket = blockNamed('socket.ts', blocks)
  dir = writeModules('chat', {
    'socket.ts': replaceOnce(socket, `'${README_URL}'`, JSON.stringify(url)),
    'Chat.tsx': blockNamed('Chat.tsx', blocks).code,
  })
  return (await import(/* @vite-ignore */ join(dir, 'Chat.tsx'))) as { Chat: ComponentType }
}

describe("README.md's chat example", () => {
  test('shows what the server sends, sends what is typed, and opens one socket under StrictMode', async () => {
    const { Chat } = await loadChat(`${server.url}/room/1`)
    render(
      <StrictMode>
        <Chat />
      </StrictMode>,
    )
    const socket = await server.nextConnection()
    // The badge is a child of the chat: it mounts first, and the chat's handlers run all the same.
    await screen.findByText('open')

    socket.send('welcome to room 1')
    expect(await screen.findByText('welcome to room 1')).toBeTruthy()

    const input = screen.getByLabelText<HTMLInputElement>('Message')
    fireEvent.change(input, { target: { value: 'hello' } })
    fireEvent.click(screen.getByText('Send'))
    expect(await server.messages(1)).toEqual([JSON.stringify({ type: 'say', text: 'hello' })])
    expect(input.value).toBe('')

    socket.send('hello to you')
    await screen.findByText('hello to you')
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'welcome to room 1',
      'hello to you',
    ])
    expect(server.sockets).toHaveLength(1)
  })
})
