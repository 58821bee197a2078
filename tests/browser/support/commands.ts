import type { BrowserCommand } from 'vitest/node'
import { serverFor } from './server.ts'

/** Browser commands: called from the tests in Chromium with a socket URL, run here in Node on the server behind it. */
export const serverCommands = {
  serverStats: ((_, url: string) => {
    const { server, path } = serverFor(url)
    return server.stats(path)
  }) satisfies BrowserCommand<[string]>,
  serverDrop: ((_, url: string) => {
    const { server, path } = serverFor(url)
    return server.drop(path)
  }) satisfies BrowserCommand<[string]>,
  serverClose: ((_, url: string, code: number, reason: string) => {
    const { server, path } = serverFor(url)
    return server.close(path, code, reason)
  }) satisfies BrowserCommand<[string, number, string]>,
  serverSend: ((_, url: string, data: string) => {
    const { server, path } = serverFor(url)
    return server.send(path, data)
  }) satisfies BrowserCommand<[string, string]>,
}
