// Bundling for the benchmarks, all through esbuild with the same settings: production React
// (NODE_ENV defined), and react-glock taken from src/ through the same aliases as vitest.config.ts,
// so the numbers are for the code in the tree (only the size budget check builds dist/, in run.mjs).
import { fileURLToPath } from 'node:url'
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib'
import { build } from 'esbuild'

export const root = fileURLToPath(new URL('..', import.meta.url))
const src = (path) => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

/** `react-glock`, `react-glock/core` and `react-glock/tabs` resolve to src/, as in vitest.config.ts and tsconfig.json's paths. */
export const glockFromSource = {
  name: 'react-glock-from-source',
  setup(build) {
    build.onResolve({ filter: /^react-glock$/ }, () => ({ path: src('index.ts') }))
    build.onResolve({ filter: /^react-glock\/core$/ }, () => ({ path: src('core/index.ts') }))
    build.onResolve({ filter: /^react-glock\/tabs$/ }, () => ({ path: src('tabs/index.ts') }))
  },
}

const production = { 'process.env.NODE_ENV': '"production"' }

/**
 * The benchmark app (bench/app.jsx) with React, react-dom, react-use-websocket and react-glock inside,
 * for Chromium (an IIFE that sets `window.bench`) or for Node (an ES module run under jsdom).
 */
export async function buildApp(platform, outfile) {
  await build({
    entryPoints: [fileURLToPath(new URL(platform === 'browser' ? './page.jsx' : './app.jsx', import.meta.url))],
    outfile,
    bundle: true,
    minify: false,
    format: platform === 'browser' ? 'iife' : 'esm',
    platform,
    target: 'es2022',
    jsx: 'automatic',
    define: production,
    plugins: [glockFromSource],
    logLevel: 'error',
  })
}

/** `react-glock/core` alone, for the receive-path benchmark in Node. */
export async function buildCore(outfile) {
  await build({
    entryPoints: [src('core/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    define: production,
    logLevel: 'error',
  })
}

/**
 * What an app pays for each hook: one import, bundled and minified the same way as size-limit does
 * (.size-limit.cjs): esbuild's default browser format, production branch, license comments out, React left out.
 */
export const SIZE_ENTRIES = {
  'react-glock': `import { useGlock } from 'react-glock'\nconsole.log(useGlock)`,
  'react-use-websocket': `import useWebSocket from 'react-use-websocket'\nconsole.log(useWebSocket)`,
  'partysocket/react': `import { useWebSocket } from 'partysocket/react'\nconsole.log(useWebSocket)`,
}

export async function bundleSizes() {
  const sizes = {}
  for (const [name, contents] of Object.entries(SIZE_ENTRIES)) {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'js', sourcefile: `size-${name.replace('/', '-')}.js` },
      bundle: true,
      minify: true,
      platform: 'browser',
      legalComments: 'none',
      define: production,
      external: ['react', 'react-dom', 'react/*', 'react-dom/*'],
      plugins: [glockFromSource],
      write: false,
      logLevel: 'error',
    })
    const code = result.outputFiles[0].contents
    sizes[name] = {
      minified: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      brotli: brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
    }
  }
  return sizes
}
