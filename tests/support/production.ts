import { afterEach, vi } from 'vitest'

/**
 * For a `describe` of production-build behaviour: `load` imports modules again with NODE_ENV 'production'.
 * `explain` and the other development switches are decided when a module loads, so stubbing the variable is not
 * enough: the modules must load anew. Afterwards the environment and the module cache are restored.
 */
export function inProduction<T>(load: () => Promise<T>): () => Promise<T> {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.resetModules()
  })
  return () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.resetModules()
    return load()
  }
}
