import type { SocketDefinition } from './types'

/** Marks definitions in every copy of the package (ESM, CJS, two versions in one page) alike. */
export const DEFINITION = Symbol.for('react-glock.socket')

/** A value made by `defineSocket`: never mistaken for a URL object, which has an `href` instead. */
export const isDefinition = (value: unknown): value is SocketDefinition<any, any> =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEFINITION] === true
