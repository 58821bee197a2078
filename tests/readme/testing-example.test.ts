// @vitest-environment jsdom
// The "Testing your components" example of README.md is a test of this suite: its file (Chat.test.tsx), with the
// socket.ts and Chat.tsx it tests, is written as README.md has them into a folder of its own and imported here,
// so its vi.mock, afterEach and test run as they would in an app's own suite.
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { blockNamed, readBlocks, writeModules, removeModules } from './blocks'

const blocks = readBlocks()
const dir = writeModules('testing', {
  'socket.ts': blockNamed('socket.ts', blocks).code,
  'Chat.tsx': blockNamed('Chat.tsx', blocks).code,
  // Not named *.test.tsx: a folder left behind by a run cut short must not be collected as tests of its own.
  'Chat.example.tsx': blockNamed('Chat.test.tsx', blocks).code,
})
afterAll(() => removeModules(dir))
await import(/* @vite-ignore */ join(dir, 'Chat.example.tsx'))
