// Every ```ts and ```tsx block of README.md compiles, each as a module of its own, under the settings a
// careful app uses: strict, noUnusedParameters, react-jsx, Bundler resolution. The package names map to this
// repo's sources, as tsconfig.json's paths do. A failing block is reported at its README line with tsc's message.
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import type * as TypeScript from 'typescript'
import { readBlocks, root, type Block } from './blocks'

/** Where the blocks seem to live: in memory only, beside this file so node_modules resolve as usual. */
const virtualDir = join(root, 'tests/readme/.blocks')
/**
 * The parts of React Native's packages that the React Native example uses, with the shapes their own declarations
 * give them, so that example is checked without installing React Native. In memory, like the blocks: the
 * project's own tsc never sees these modules.
 */
const stubs = `
declare module 'react-native' {
  export type AppStateStatus = 'active' | 'background' | 'inactive' | 'unknown' | 'extension'
  export const AppState: {
    currentState: AppStateStatus
    addEventListener(type: 'change', listener: (state: AppStateStatus) => void): { remove(): void }
  }
}

declare module '@react-native-community/netinfo' {
  export interface NetInfoState {
    isConnected: boolean | null
    isInternetReachable: boolean | null
  }
  const NetInfo: {
    addEventListener(listener: (state: NetInfoState) => void): () => void
    fetch(): Promise<NetInfoState>
  }
  export default NetInfo
}
`

const blocks = readBlocks()
const checked = blocks.filter((block) => block.notChecked === null)

let diagnosticsOf: (block: Block) => string[]

beforeAll(async () => {
  const ts: typeof TypeScript = (await import('typescript')).default
  const options: TypeScript.CompilerOptions = {
    strict: true,
    noUnusedParameters: true,
    noUnusedLocals: false,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    paths: {
      'react-glock': [join(root, 'src/index.ts')],
      'react-glock/core': [join(root, 'src/core/index.ts')],
      'react-glock/testing': [join(root, 'src/testing/index.ts')],
      'react-glock/testing/*': [join(root, 'src/testing/*.ts')],
      'react-glock/tabs': [join(root, 'src/tabs/index.ts')],
    },
  }
  // A block is a module even when it imports nothing: `export {}` on a line of its own after its last line.
  const sources = new Map(checked.map((block) => [join(virtualDir, block.name), `${block.code}\nexport {}\n`]))
  sources.set(join(virtualDir, 'react-native.d.ts'), stubs)
  const host = ts.createCompilerHost(options, true)
  const { fileExists, readFile, getSourceFile, directoryExists } = host
  host.fileExists = (file) => sources.has(file) || fileExists.call(host, file)
  host.readFile = (file) => sources.get(file) ?? readFile.call(host, file)
  host.directoryExists = (dir) => dir === virtualDir || (directoryExists?.call(host, dir) ?? true)
  host.getSourceFile = (file, language, ...rest) => {
    const text = sources.get(file)
    return text === undefined
      ? getSourceFile.call(host, file, language, ...rest)
      : ts.createSourceFile(file, text, language, true)
  }
  const program = ts.createProgram([...sources.keys()], options, host)
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
  if (global.length) throw new Error(ts.formatDiagnostics(global, host))

  diagnosticsOf = (block) => {
    const file = program.getSourceFile(join(virtualDir, block.name))!
    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((diagnostic) => {
      const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
      return `README.md:${block.line + 1 + line}:${character + 1} (${block.name}) TS${diagnostic.code}: ${message}`
    })
  }
}, 60_000)

describe('README.md code blocks', () => {
  test('there are blocks to check, and every block left unchecked says why', () => {
    expect(checked.length).toBeGreaterThan(10)
    for (const block of blocks) if (block.notChecked !== null) expect(block.notChecked.trim()).not.toBe('')
  })

  test.each(checked.map((block) => [`${block.name} (line ${block.line})`, block] as const))(
    '%s compiles',
    (_, block) => {
      const problems = diagnosticsOf(block)
      if (problems.length)
        throw new Error(`README.md:${block.line}: this block does not compile\n${problems.join('\n')}`)
    },
    // The first block pays for loading TypeScript's lib files: seconds of CPU on a busy machine, not a wait.
    60_000,
  )
})
