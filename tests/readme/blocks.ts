import { mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The README's code blocks, as the tests in this folder read them.
//
// Conventions in README.md:
// - every ```ts and ```tsx block is a module of its own, type-checked (other languages, such as ```sh, are not);
// - a block whose first line is a file-name comment (`// socket.ts`) is that file, so a later block can import
//   it (`import { chat } from './socket'`); any other block gets a name from its line number;
// - a block right after a `<!-- not checked: why -->` line is not type-checked.

// A path, not a URL: under jsdom the global URL is jsdom's, which Node's fileURLToPath does not take.
export const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
export const readmePath = join(root, 'README.md')

export interface Block {
  /** The README line of the opening fence (1-based): the block's first line of code is `line + 1`. */
  line: number
  lang: 'ts' | 'tsx'
  /** The block's file name: its file-name comment, or `block-<line>.<lang>`. */
  name: string
  code: string
  /** Why the block is not type-checked, or null when it is. */
  notChecked: string | null
}

const FENCE = /^```(\w*)\s*$/
const FILE_NAME = /^\/\/ ([\w.-]+\.tsx?)\s*$/
const NOT_CHECKED = /^<!-- not checked: (.+?) -->\s*$/

/** Every ```ts and ```tsx block of the README, in order. */
export function readBlocks(text = readFileSync(readmePath, 'utf8')): Block[] {
  const lines = text.split('\n')
  const blocks: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!)
    if (!open) continue
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line))
    if (end < 0) throw new Error(`README.md:${i + 1}: a code block that is never closed`)
    const lang = open[1]
    if (lang === 'ts' || lang === 'tsx') {
      const code = lines.slice(i + 1, end).join('\n')
      const reason = NOT_CHECKED.exec(lines[i - 1] ?? '') ?? NOT_CHECKED.exec(lines[i - 2] ?? '')
      blocks.push({
        line: i + 1,
        lang,
        name: FILE_NAME.exec(lines[i + 1] ?? '')?.[1] ?? `block-${i + 1}.${lang}`,
        code,
        notChecked: reason ? reason[1]! : null,
      })
    }
    i = end
  }
  const names = new Map<string, number>()
  for (const block of blocks) {
    const earlier = names.get(block.name)
    if (earlier !== undefined)
      throw new Error(`README.md:${block.line}: a second block named ${block.name} (the first is at line ${earlier})`)
    names.set(block.name, block.line)
  }
  return blocks
}

/** The block whose file-name comment is `name`. */
export function blockNamed(name: string, blocks = readBlocks()): Block {
  const block = blocks.find((candidate) => candidate.name === name)
  if (!block) throw new Error(`README.md has no block starting with the line \`// ${name}\``)
  return block
}

/** The one occurrence of `from` in `code`, replaced by `to`: an example the tests rewrite must not drift silently. */
export function replaceOnce(block: Block, from: string, to: string): string {
  const count = block.code.split(from).length - 1
  if (count !== 1)
    throw new Error(`README.md:${block.line}: ${block.name} should hold ${JSON.stringify(from)} once; found ${count}`)
  return block.code.replace(from, to)
}

/**
 * Writes files into a fresh folder under tests/readme/.generated (gitignored) and returns its path, so Vitest
 * can import the README's own code. Each caller uses a folder of its own: test files run in parallel.
 */
export function writeModules(folder: string, files: Record<string, string>): string {
  const dir = join(root, 'tests/readme/.generated', folder)
  rmSync(dir, { recursive: true, force: true })
  for (const [name, code] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), code)
  }
  return dir
}

/** Removes a folder `writeModules` made, and .generated itself once no other test file still uses it. */
export function removeModules(dir: string) {
  rmSync(dir, { recursive: true, force: true })
  try {
    rmdirSync(dirname(dir))
  } catch {
    // Not empty: another README test still has its folder there, and removes it when it is done.
  }
}
