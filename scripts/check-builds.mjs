// Checks the built package as Node loads it, in both module systems: the same exports from ESM and
// CommonJS, one copy of the core per format (so `instanceof GlockError` holds across entries),
// 'use client' on the React entry only, and no React anywhere in the core's build.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const esm = { hook: await import('react-glock'), core: await import('react-glock/core') }
const cjs = { hook: require('react-glock'), core: require('react-glock/core') }

for (const [format, { hook, core }] of Object.entries({ esm, cjs })) {
  assert.equal(typeof hook.useGlock, 'function', `${format}: useGlock`)
  for (const name of ['connect', 'stream', 'initialSnapshot', 'resolveUrl', 'GlockError']) {
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
for (const name of ['index.js', 'index.cjs'])
  assert.match(file(name), /^("use strict";\s*)?"use client";/, `${name} starts with 'use client'`)
for (const name of ['core.js', 'core.cjs']) {
  assert.doesNotMatch(file(name), /use client/, `${name} is not a client module`)
  assert.doesNotMatch(file(name), /from ["']react|require\(["']react/, `${name} imports no React`)
}
console.log('builds: ESM and CJS load, export the same API, share one core per format; React stays out of the core')
