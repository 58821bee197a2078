// Checks the built package as Node loads it, in both module systems: the same exports from ESM and
// CommonJS, one copy of the core per format (so `instanceof GlockError` holds across entries),
// 'use client' on the React entry only, no React anywhere in the core's build, and none of the development
// messages in the React entry as an app bundles it for production.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { build } from 'esbuild'

const require = createRequire(import.meta.url)
const esm = {
  hook: await import('react-glock'),
  core: await import('react-glock/core'),
  testing: await import('react-glock/testing'),
  pure: await import('react-glock/testing/pure'),
  tabs: await import('react-glock/tabs'),
}
const cjs = {
  hook: require('react-glock'),
  core: require('react-glock/core'),
  testing: require('react-glock/testing'),
  pure: require('react-glock/testing/pure'),
  tabs: require('react-glock/tabs'),
}

for (const [format, { hook, core, testing, pure, tabs }] of Object.entries({ esm, cjs })) {
  assert.equal(typeof hook.useGlock, 'function', `${format}: useGlock`)
  assert.deepEqual(
    Object.keys(tabs).filter((name) => name !== 'default'),
    ['connectAcrossTabs'],
    `${format}: react-glock/tabs`,
  )
  for (const [entry, exports] of [
    ['react-glock/testing', testing],
    ['react-glock/testing/pure', pure],
  ])
    assert.deepEqual(
      Object.keys(exports)
        .filter((name) => name !== 'default')
        .sort(),
      ['createMockServer', 'matchers', 'resetGlock'],
      `${format}: ${entry}`,
    )
  for (const name of ['connect', 'defineSocket', 'stream', 'initialSnapshot', 'resolveUrl', 'GlockError']) {
    assert.equal(typeof core[name], 'function', `${format}: react-glock/core exports ${name}`)
    assert.equal(hook[name], core[name], `${format}: react-glock re-exports the core's own ${name}, not a copy`)
  }
}
assert.deepEqual(
  Object.keys(esm.hook).sort(),
  Object.keys(cjs.hook)
    .filter((name) => name !== 'default')
    .sort(),
  'ESM and CJS export the same names',
)

const file = (name) => readFileSync(new URL(`../dist/${name}`, import.meta.url), 'utf8')
// The tabs entry takes GlockError from react-glock/core: a copy of its own would break `instanceof`.
for (const name of ['tabs.js', 'tabs.cjs'])
  assert.doesNotMatch(file(name), /extends Error/, `${name} has no GlockError of its own`)
for (const name of ['index.js', 'index.cjs'])
  assert.match(file(name), /^("use strict";\s*)?"use client";/, `${name} starts with 'use client'`)
for (const name of ['core.js', 'core.cjs', 'testing.js', 'testing.cjs', 'tabs.js', 'tabs.cjs']) {
  assert.doesNotMatch(file(name), /use client/, `${name} is not a client module`)
  // The testing kit runs its deliveries in React's act: tests only, never in an app's bundle (below).
  if (!name.startsWith('testing'))
    assert.doesNotMatch(file(name), /["']react(-dom)?([/"'])/, `${name} imports no React`)
}
// Nothing of the kit in the entries an app bundles: its mock socket lives in dist/testing* only.
for (const name of ['index.js', 'index.cjs', 'core.js', 'core.cjs', 'tabs.js', 'tabs.cjs'])
  assert.doesNotMatch(file(name), /mock server|MockSocket/, `${name} carries nothing of the testing kit`)
// Outside Jest, the Jest entry says what it needs instead of failing later.
assert.throws(() => require('react-glock/testing/jest'), /needs Jest's global expect/)
// The hook takes its messages from the core's development-only table (bundled in through a relative import):
// a production bundle must have none of them, and a development one all of them, or this check checks nothing.
const messages = [
  'nothing is connected',
  'the url is null',
  'the component is not mounted',
  'options.key is required',
  'no url',
  'a whole number ≥ 0 or Infinity',
]
for (const name of ['index.js', 'index.cjs']) {
  for (const production of [true, false]) {
    const { outputFiles } = await build({
      entryPoints: [new URL(`../dist/${name}`, import.meta.url).pathname],
      bundle: true,
      write: false,
      minify: true,
      format: 'esm',
      external: ['react', 'use-sync-external-store/*', 'react-glock/core'],
      // Explicit both ways: esbuild assumes production when it minifies for the browser.
      define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
      charset: 'utf8',
      logLevel: 'silent',
    })
    const code = outputFiles[0].text
    for (const message of messages)
      assert.equal(
        code.includes(message),
        !production,
        `${name}, ${production ? 'production' : 'development'}: ${message}`,
      )
  }
}
console.log(
  'builds: ESM and CJS load, export the same API, share one core per format; React stays out of the core; ' +
    'production bundles of the React entry carry no development messages',
)
