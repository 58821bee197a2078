// Runs the unit suite against React 18: copies the sources and tests into a scratch folder, installs the
// same tools with react and react-dom 18 there, and runs Vitest. This repo's node_modules stay untouched.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'react-glock-react18-'))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
const installed = (name) => lock.packages[`node_modules/${name}`].version
const tools = [
  'vitest',
  'jsdom',
  // The testing kit's tests run in happy-dom too.
  'happy-dom',
  '@testing-library/react',
  '@testing-library/dom',
  'mock-socket',
  'ws',
  'use-sync-external-store',
  // json()'s runtime tests validate with zod.
  'zod',
]

try {
  const copied = ['src', 'tests', 'README.md', 'vitest.config.ts', 'tsconfig.json']
  for (const path of [...copied, 'scripts/summary-reporter.ts', 'scripts/count-test-lines.mjs'])
    cpSync(join(root, path), join(scratch, path), { recursive: true })
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({
      name: 'react-glock-react18',
      private: true,
      type: 'module',
      dependencies: {
        react: '18.3.1',
        'react-dom': '18.3.1',
        ...Object.fromEntries(tools.map((name) => [name, installed(name)])),
      },
    }),
  )
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: scratch, stdio: 'inherit' })
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'])
  run('node', ['-e', "console.log('React', require('react').version)"])
  // Types are checked once, against React 19's types, in the main run (vitest.config.ts reads GLOCK_REACT18).
  execFileSync('npx', ['vitest', 'run'], {
    cwd: scratch,
    stdio: 'inherit',
    env: { ...process.env, GLOCK_REACT18: '1' },
  })
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
