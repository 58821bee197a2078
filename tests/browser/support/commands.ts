import type { BrowserCommand } from 'vitest/node'
import { sharedServer } from './server'

/** Browser commands: called from the tests in Chromium, run here in Node against the shared server. */
export const serverCommands = {
  serverStats: ((_, path: string) => sharedServer().stats(path)) satisfies BrowserCommand<[string]>,
  serverDrop: ((_, path: string) => sharedServer().drop(path)) satisfies BrowserCommand<[string]>,
  serverClose: ((_, path: string, code: number, reason: string) => sharedServer().close(path, code, reason)) satisfies BrowserCommand<
    [string, number, string]
  >,
  serverSend: ((_, path: string, data: string) => sharedServer().send(path, data)) satisfies BrowserCommand<[string, string]>,
}
