import type { Logger } from 'react-glock/core'

/** The one silent logger: pass it as `logger` so nothing is printed; spread it to listen to one level only. */
export const silentLogger: Logger = { debug() {}, warn() {}, error() {} }
