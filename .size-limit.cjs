// Measured as an app ships it: minified, production branches only, react left to the app, license comments
// moved out of the bundle (webpack's default), and 'react-glock/core' resolved as an installed package would
// be (to dist/core.js), not through this repo's tsconfig paths.
const production = (config) => ({
  ...config,
  legalComments: 'none',
  tsconfigRaw: {},
  define: { 'process.env.NODE_ENV': '"production"' },
})

module.exports = [
  {
    name: "import { useGlock } from 'react-glock'",
    path: 'dist/index.js',
    import: '{ useGlock }',
    ignore: ['react', 'react-dom'],
    // The aim is 5.6 kB (6.0 kB with requests); the hook is over it (README, "Size", written by
    // `npm run size:docs`, and `npm run size:parts` for the core part by part). This budget stops it growing further.
    limit: '7.7 kB',
    gzip: true,
    modifyEsbuildConfig: production,
  },
  {
    name: "import { connect } from 'react-glock/core'",
    path: 'dist/core.js',
    import: '{ connect }',
    // The aim is 4.1 kB (4.5 kB with requests), missed as above; this budget stops it growing further.
    limit: '6 kB',
    gzip: true,
    modifyEsbuildConfig: production,
  },
  {
    // The typed JSON layer by itself: what an app that imports it adds. Those that don't import it pay nothing
    // (the connect entry above does not change with it).
    name: "import { json } from 'react-glock/core'",
    path: 'dist/core.js',
    import: '{ json }',
    // 0.50 kB measured, of which GlockError is shared with connect: json adds about 0.3 kB to an app that connects.
    limit: '0.55 kB',
    gzip: true,
    modifyEsbuildConfig: production,
  },
  {
    // The testing kit (mock server, matchers, resetGlock), for tests only: never in an app's bundle, which the
    // first entry above shows (it does not change with the kit).
    name: "import { createMockServer, matchers, resetGlock } from 'react-glock/testing'",
    path: 'dist/testing.js',
    import: '{ createMockServer, matchers, resetGlock }',
    ignore: ['react', 'react-dom', 'react-glock/core'],
    limit: '3.5 kB',
    gzip: true,
    modifyEsbuildConfig: production,
  },
  {
    // Sharing across tabs by itself: react-glock/core (which every app that connects has already) left out.
    // The aim is 1.5 kB; it measures 4.5 kB (README, "Size"), with the core parts it bundles (the notifier, the
    // close checks). This budget stops it growing further.
    name: "import { connectAcrossTabs } from 'react-glock/tabs'",
    path: 'dist/tabs.js',
    import: '{ connectAcrossTabs }',
    ignore: ['react-glock/core'],
    limit: '4.55 kB',
    gzip: true,
    modifyEsbuildConfig: production,
  },
  {
    // Not a budget: what the one runtime dependency weighs by itself, measured the same way.
    name: 'use-sync-external-store/with-selector, the dependency alone',
    path: 'node_modules/use-sync-external-store/with-selector.js',
    import: '{ useSyncExternalStoreWithSelector }',
    ignore: ['react'],
    gzip: true,
    modifyEsbuildConfig: production,
  },
]
