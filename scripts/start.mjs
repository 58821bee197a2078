#!/usr/bin/env node
// `npm start`: the demo WebSocket server (demo/server.mjs, ws://127.0.0.1:8787 or GLOCK_DEMO_PORT) and
// Storybook's dev server (http://127.0.0.1:6006) side by side. Ctrl-C or SIGTERM stops both; if either
// stops on its own, the other is stopped too and this exits with its code.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DEFAULT_PORT } from '../demo/protocol.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const path = (relative) => fileURLToPath(new URL(`../${relative}`, import.meta.url))

const demoPort = process.env.GLOCK_DEMO_PORT || String(DEFAULT_PORT)
const env = {
  ...process.env,
  // The stories' "demo server" backend follows a moved server unless told otherwise.
  STORYBOOK_GLOCK_URL: process.env.STORYBOOK_GLOCK_URL || `ws://127.0.0.1:${demoPort}`,
  STORYBOOK_DISABLE_TELEMETRY: '1',
}

const children = new Map()
let stopping = false

function run(name, args) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' })
  children.set(name, child)
  child.on('error', (error) => {
    console.error(`[start] ${name} could not start: ${error.message}`)
    stop(1)
  })
  child.on('exit', (code, signal) => {
    children.delete(name)
    if (!stopping) console.error(`[start] ${name} exited (${signal ?? code}); stopping the rest`)
    stop(code ?? (signal ? 1 : 0))
  })
  return child
}

let exitCode = 0
function stop(code, signal = 'SIGTERM') {
  if (!stopping) exitCode = code
  stopping = true
  for (const child of children.values()) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  }
  if (children.size === 0) process.exit(exitCode)
}

// A terminal's Ctrl-C reaches the whole process group; forwarding it as well makes `kill -INT <pid>` work too.
process.on('SIGINT', () => stop(0, 'SIGINT'))
process.on('SIGTERM', () => stop(0, 'SIGTERM'))
process.on('SIGHUP', () => stop(0, 'SIGTERM'))

run('demo server', [path('demo/server.mjs')])
run('storybook', [
  path('node_modules/storybook/dist/bin/dispatcher.js'),
  'dev',
  '--port',
  '6006',
  '--host',
  '127.0.0.1',
  '--no-open',
  '--ci',
  '--disable-telemetry',
  '--no-version-updates',
])
