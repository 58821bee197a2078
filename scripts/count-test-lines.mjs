// Counts the lines of the same chat test written three ways (README.md's "Testing your components" example with
// react-glock/testing, tests/comparison/mock-socket.test.tsx, tests/comparison/jest-websocket-mock.test.tsx) and
// prints the README's comparison table; `--write` puts it between README.md's test-lines markers.
// tests/scripts/count-test-lines.test.ts fails when the README's table is not what this prints.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = new URL('..', import.meta.url)
const read = (path) => readFileSync(new URL(path, root), 'utf8')
export const START = '<!-- test-lines:start -->'
export const END = '<!-- test-lines:end -->'

/** Lines that are code: not blank, and not only a comment (file headers, docblocks and notes don't count). */
export function countLines(source) {
  let inBlock = false
  let count = 0
  for (const raw of source.split('\n')) {
    const line = raw.trim()
    if (inBlock) {
      if (line.includes('*/')) inBlock = false
      continue
    }
    if (line === '' || line.startsWith('//')) continue
    if (line.startsWith('/*')) {
      inBlock = !line.includes('*/')
      continue
    }
    count++
  }
  return count
}

/** README.md's Chat.test.tsx block: the kit's version. */
export function readmeExample(readme = read('README.md')) {
  const match = /```tsx\n(\/\/ Chat\.test\.tsx\n[\s\S]*?)```/.exec(readme)
  if (!match) throw new Error('README.md has no ```tsx block starting with // Chat.test.tsx')
  return match[1]
}

export function table(readme = read('README.md')) {
  const rows = [
    [
      '`react-glock/testing` (the example above, Vitest)',
      countLines(readmeExample(readme)),
      'install the server, `await server.connected()`, act as the server, `toHaveReceived`, advance the clock once for the retry',
    ],
    [
      '[mock-socket](https://github.com/thoov/mock-socket) alone (Vitest): `tests/comparison/mock-socket.test.tsx`',
      countLines(read('tests/comparison/mock-socket.test.tsx')),
      "all of that, plus: mock the app's socket module to set `notify: 'sync'` and `closeDelay: 0`; collect clients and frames from the server's events; wrap the server's actions in `act`; advance the fake clock past mock-socket's own delivery timers after each step; run the `closeDelay` timer before stopping the server",
    ],
    [
      '[jest-websocket-mock](https://github.com/romgain/jest-websocket-mock) (Jest): `tests/comparison/jest-websocket-mock.test.tsx`',
      countLines(read('tests/comparison/jest-websocket-mock.test.tsx')),
      'the same module mock (and an `onError`, since `error()` fires an error event the app would log); advance the clock past mock-socket’s timers; a new server after `error()`, which closes the server for good; run the `closeDelay` timer; `WS.clean()`',
    ],
  ]
  return [
    START,
    '<!-- Written by `node scripts/count-test-lines.mjs --write`: lines of code, not counting blank lines and comments. -->',
    '',
    '| the same chat test, written with | lines | what the test has to do itself |',
    '| --- | --- | --- |',
    ...rows.map(([name, lines, needs]) => `| ${name} | ${lines} | ${needs} |`),
    END,
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = read('README.md')
  const text = table(readme)
  if (process.argv.includes('--write')) {
    const start = readme.indexOf(START)
    const end = readme.indexOf(END)
    if (start < 0 || end < 0) throw new Error(`README.md has no ${START} … ${END} section`)
    writeFileSync(new URL('README.md', root), readme.slice(0, start) + text + readme.slice(end + END.length))
  }
  console.log(text)
}
