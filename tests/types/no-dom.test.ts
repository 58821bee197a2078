// The core's declarations must compile for a Node or React Native app whose tsconfig has no DOM lib:
// `lib: ["es2022"]`, `types: []`. They are emitted here from the source, in memory, as the build emits them,
// then compiled with such a config together with a small app that uses them.
import { dirname, join, resolve } from 'node:path'
import ts from 'typescript'
import { expect, test } from 'vitest'

const root = resolve(__dirname, '../..')

/** The declarations of src/core, as `tsc --declaration` writes them, keyed by path relative to src/core. */
function emitCoreDeclarations(): Map<string, string> {
  const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root)
  const program = ts.createProgram([join(root, 'src/core/index.ts')], {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    outDir: '/virtual/out',
    rootDir: join(root, 'src'),
  })
  const files = new Map<string, string>()
  const result = program.emit(undefined, (name, text) => {
    if (name.startsWith('/virtual/out/core/')) files.set(name.slice('/virtual/out/core/'.length), text)
  })
  expect(result.diagnostics).toEqual([])
  return files
}

/** Compiles `app` against the declarations with no DOM lib and no @types; returns the errors as text. */
function compileWithoutDom(declarations: Map<string, string>, app: string): string[] {
  const virtual = new Map<string, string>([['/app/app.ts', app]])
  for (const [name, text] of declarations) virtual.set(join('/app/core', name), text)
  const options: ts.CompilerOptions = {
    lib: ['lib.es2022.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  }
  const host = ts.createCompilerHost(options)
  const libDir = dirname(ts.getDefaultLibFilePath(options))
  host.fileExists = (name) => virtual.has(name) || (name.startsWith(libDir) && ts.sys.fileExists(name))
  host.readFile = (name) => virtual.get(name) ?? (name.startsWith(libDir) ? ts.sys.readFile(name) : undefined)
  const getSourceFile = host.getSourceFile
  host.getSourceFile = (name, language) =>
    virtual.has(name) ? ts.createSourceFile(name, virtual.get(name)!, language) : getSourceFile(name, language)
  // No node_modules at all: nothing can bring the DOM or @types in by the back door.
  host.directoryExists = (name) => name.startsWith('/app') || name.startsWith(libDir)
  host.getDirectories = () => []
  const program = ts.createProgram(['/app/app.ts'], options, host)
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
}

const app = `
import { connect, defineSocket, type Frame, type WebSocketConstructor } from './core/index'
declare const NodeWebSocket: WebSocketConstructor
const feed = defineSocket('wss://example.test/feed', {
  init: () => [] as string[],
  receive: (frame: Frame, log) => ({ state: frame.type === 'text' ? [...log, frame.data] : log }),
}, { WebSocket: NodeWebSocket, binaryType: 'arraybuffer' })
const connection = connect(feed)
const log: string[] = connection.getSnapshot().state
connection.push(new Uint8Array([1, 2]))
export { log }
`

test('the core declarations compile with lib es2022, types [] and no DOM lib', { timeout: 60_000 }, () => {
  const declarations = emitCoreDeclarations()
  expect([...declarations.keys()]).toContain('index.d.ts')
  expect(compileWithoutDom(declarations, app)).toEqual([])
})

test('the check has teeth: a DOM type in a declaration is an error there', { timeout: 60_000 }, () => {
  const declarations = new Map([['index.d.ts', 'export type Kind = BinaryType\nexport declare const u: URL\n']])
  const errors = compileWithoutDom(declarations, "import type { Kind } from './core/index'\nexport type K = Kind\n")
  expect(errors).toEqual([
    "/app/core/index.d.ts: Cannot find name 'BinaryType'.",
    "/app/core/index.d.ts: Cannot find name 'URL'.",
  ])
})
