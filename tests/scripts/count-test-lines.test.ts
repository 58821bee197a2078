// @vitest-environment node
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { countLines, END, START, table } from '../../scripts/count-test-lines.mjs'

test('countLines counts code lines: not blank lines, line comments or block comments', () => {
  const source = ['// header', '', 'const a = 1', '  /* one */', '/**', ' * doc', ' */', 'a // trailing', '   '].join(
    '\n',
  )
  expect(countLines(source)).toBe(2)
  expect(countLines('')).toBe(0)
})

test("README.md's comparison table is what the script measures now", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const written = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length)
  expect(written).toBe(table(readme))
})
