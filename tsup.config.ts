import { defineConfig } from 'tsup'

const { 'testing/jest': jest, ...declared } = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  testing: 'src/testing/index.ts',
  'testing/pure': 'src/testing/pure.ts',
  'testing/vitest': 'src/testing/vitest.ts',
  'testing/jest': 'src/testing/jest.ts',
  tabs: 'src/tabs/index.ts',
}

export default defineConfig({
  entry: { ...declared, 'testing/jest': jest },
  format: ['esm', 'cjs'],
  // Every entry but the Jest one, whose `declare module 'expect'` tsup's declaration build cannot resolve (tsc
  // can): scripts/jest-types.mjs writes its declarations after the build.
  dts: { entry: declared },
  sourcemap: true,
  clean: true,
  target: 'es2020',
  // No shared chunk in the ESM build either, as in the CJS one: the React entry keeps its own copy of the
  // development messages (gone in production), and an app's production bundle comes out a few bytes smaller.
  splitting: false,
  // The React entry reaches the core through the package's own export, so both entries share one copy of it.
  // The test runners are the app's own (and dev dependencies here, which tsup would otherwise bundle).
  external: ['react-glock/core', 'vitest'],
})
