import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export interface Started {
  child: ChildProcess
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string
  /** Resolves once the output matches, rejects if the process exits first or `ms` pass. */
  waitFor(pattern: RegExp, ms: number): Promise<void>
  /** Ends this process and its children (its own process group), and waits for it. */
  stop(): Promise<void>
}

/** Starts a command in a process group of its own, so it and only what it started can be ended. */
export function start(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  const watchers = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    text += chunk.toString()
    watchers.forEach((check) => check())
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    output: () => text,
    waitFor(pattern, ms) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            finish(
              new Error(`${command} ${args.join(' ')} did not print ${pattern} within ${ms} ms:\n${text.slice(-4000)}`),
            ),
          ms,
        )
        const check = () => pattern.test(text) && finish()
        const finish = (error?: Error) => {
          clearTimeout(timer)
          watchers.delete(check)
          if (error) reject(error)
          else resolve()
        }
        watchers.add(check)
        void exited.then((code) =>
          finish(
            new Error(
              `${command} ${args.join(' ')} exited with ${code} before printing ${pattern}:\n${text.slice(-4000)}`,
            ),
          ),
        )
        check()
      })
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      try {
        process.kill(-child.pid!, 'SIGTERM')
      } catch {
        return // already gone
      }
      await exited
    },
  }
}

/** Runs a command to the end; rejects with its output when it fails. */
export async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; ms?: number },
): Promise<string> {
  const started = start(command, args, options)
  const ms = options.ms ?? 300_000
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      void started.stop()
      reject(new Error(`${command} ${args.join(' ')} took longer than ${ms} ms:\n${started.output().slice(-4000)}`))
    }, ms)
    started.child.on('exit', (exitCode) => {
      clearTimeout(timer)
      resolve(exitCode)
    })
  })
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${started.output().slice(-4000)}`)
  return started.output()
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it), for servers that cannot report theirs. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
