// Builds the tabs' test page into a fresh temporary folder: page.tsx bundled by esbuild with development React
// (its warnings are what the tests want to hear) and react-glock taken from src/ through bench's plugin, an
// index.html that loads it, and frames.html, a page that shows it in two same-origin iframes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { glockFromSource } from '../../bench/build.mjs'

const INDEX = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>react-glock tabs</title></head>
  <body><div id="root"></div><script src="./page.js"></script></body>
</html>
`

// The iframes get the host page's query string, so they reach the same server with the same keys.
const FRAMES = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>react-glock tabs in iframes</title></head>
  <body>
    <script>
      for (const name of ['first', 'second']) {
        const frame = document.createElement('iframe')
        frame.name = name
        frame.src = './index.html' + location.search
        document.body.append(frame)
      }
    </script>
  </body>
</html>
`

/** Resolves with `{ root, remove() }`: the folder holding index.html, frames.html, page.js and its source map. */
export async function buildTabsPage() {
  const root = await mkdtemp(join(tmpdir(), 'react-glock-tabs-'))
  await build({
    entryPoints: [fileURLToPath(new URL('./page.tsx', import.meta.url))],
    outfile: join(root, 'page.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"development"' },
    plugins: [glockFromSource],
    logLevel: 'error',
  })
  await writeFile(join(root, 'index.html'), INDEX)
  await writeFile(join(root, 'frames.html'), FRAMES)
  return { root, remove: () => rm(root, { recursive: true, force: true }) }
}
