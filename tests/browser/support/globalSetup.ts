import type { TestProject } from 'vitest/node'
import { shareServer, startBrowserTestServer } from './server'

/** Starts the real ws server in Node before the browser tests and hands its URL to them. */
export default async function setup(project: TestProject) {
  const server = await startBrowserTestServer()
  const unshare = shareServer(server)
  project.provide('glockServerUrl', server.url)
  return async () => {
    unshare()
    await server.stop()
  }
}
