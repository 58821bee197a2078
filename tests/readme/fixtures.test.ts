// The testing kit's tests and the README's comparison use the README's chat as files (tests/kit/fixtures): they
// must stay the README's own, or the comparison would compare another test.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { blockNamed, readBlocks, root } from './blocks'

const blocks = readBlocks()
test.each(['socket.ts', 'Chat.tsx'])("tests/kit/fixtures/%s is README.md's block of that name", (name) => {
  const fixture = readFileSync(join(root, 'tests/kit/fixtures', name), 'utf8')
  expect(fixture.trimEnd()).toBe(blockNamed(name, blocks).code.trimEnd())
})
