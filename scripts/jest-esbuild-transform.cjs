// Jest's transform for this repository's TypeScript and JSX: esbuild, as tsup and Vitest use, instead of Babel.
const { transformSync } = require('esbuild')

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: filename.endsWith('x') ? 'tsx' : 'ts',
      format: 'cjs',
      target: 'node20',
      jsx: 'automatic',
      sourcemap: 'external',
      sourcefile: filename,
    })
    return { code, map }
  },
}
