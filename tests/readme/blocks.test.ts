// How the README tests read README.md: which blocks count, what they are named, and when a block is left out.
import { describe, expect, test } from 'vitest'
import { readBlocks, replaceOnce } from './blocks'

// Lines 1–15: a shell block (2–4), socket.ts (5–8), an unchecked tsx block (9–12), an anonymous ts block (13–15).
const sample = [
  '# Title',
  '```sh',
  'npm test',
  '```',
  '```ts',
  '// socket.ts',
  "export const url = 'wss://a.example'",
  '```',
  '<!-- not checked: a fragment of a signature -->',
  '```tsx',
  'useGlock(url)',
  '```',
  '```ts',
  'const a = 1',
  '```',
].join('\n')

describe('readBlocks', () => {
  test('reads ts and tsx blocks only, with the line of their fence, a file name and whether they are checked', () => {
    expect(readBlocks(sample)).toEqual([
      {
        line: 5,
        lang: 'ts',
        name: 'socket.ts',
        code: "// socket.ts\nexport const url = 'wss://a.example'",
        notChecked: null,
      },
      { line: 10, lang: 'tsx', name: 'block-10.tsx', code: 'useGlock(url)', notChecked: 'a fragment of a signature' },
      { line: 13, lang: 'ts', name: 'block-13.ts', code: 'const a = 1', notChecked: null },
    ])
  })

  test('refuses two blocks with one file name, and a block never closed', () => {
    expect(() => readBlocks('```ts\n// a.ts\n```\n```ts\n// a.ts\n```')).toThrow(
      'README.md:4: a second block named a.ts',
    )
    expect(() => readBlocks('text\n```ts\nconst a = 1')).toThrow('README.md:2: a code block that is never closed')
  })

  test('replaceOnce refuses a string the block holds twice or not at all', () => {
    const [block] = readBlocks("```ts\nconst a = 'x'\nconst b = 'x'\n```")
    expect(() => replaceOnce(block!, "'x'", "'y'")).toThrow('should hold "\'x\'" once; found 2')
    expect(() => replaceOnce(block!, "'z'", "'y'")).toThrow('found 0')
    expect(replaceOnce(block!, 'const b', 'let b')).toBe("const a = 'x'\nlet b = 'x'")
  })
})
