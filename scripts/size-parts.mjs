// What each part of the core weighs in production: `import { connect } from 'react-glock/core'` bundled and
// minified as size-limit does it (esbuild, production branch, license comments out), with the bytes each source
// file contributes to the minified output (esbuild's metafile) and the whole bundle's gzip size (level 9).
// Run `npm run size:parts`; `--json` prints the figures as JSON.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const result = await build({
  stdin: { contents: "export { connect } from './src/core/index.ts'", resolveDir: root, loader: 'ts' },
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  metafile: true,
  legalComments: 'none',
  tsconfigRaw: {},
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
})
const code = result.outputFiles[0].text
const inputs = Object.values(result.metafile.outputs)[0].inputs
const parts = Object.entries(inputs)
  .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
  .map(([file, { bytesInOutput }]) => ({ file, minified: bytesInOutput }))
  .sort((a, b) => b.minified - a.minified)
const total = { minified: code.length, gzip: gzipSync(code, { level: 9 }).length }

if (process.argv.includes('--json')) console.log(JSON.stringify({ parts, total }, null, 2))
else {
  console.log('| part | minified bytes |\n| --- | ---: |')
  for (const { file, minified } of parts) console.log(`| \`${file}\` | ${minified.toLocaleString('en')} |`)
  console.log(`| whole bundle | ${total.minified.toLocaleString('en')} (gzip ${total.gzip.toLocaleString('en')}) |`)
}
