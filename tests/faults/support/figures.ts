import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { URL as NodeURL, fileURLToPath } from 'node:url'

/** Where each fault test leaves its figures for `report.mjs` (gitignored). */
export const RESULTS_DIR = process.env.FAULT_RESULTS_DIR ?? fileURLToPath(new NodeURL('../.results/', import.meta.url))

/** One row of RELIABILITY.md's table, with the raw figures it was written from. */
export interface Row {
  /** Orders the table; the scenario's number in issue 3 (extra checks get 10 and up). */
  order: number
  fault: string
  /** What the client did, with the measured figures in the text. */
  did: string
  /** What was lost, measured. */
  lost: string
  figures: Record<string, unknown>
}

/** Writes a test's row; call it after the test's assertions, so a failing test leaves no row (or before them, on purpose, to show what a failure lost). */
export function record(id: string, row: Row) {
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(join(RESULTS_DIR, `${id}.json`), `${JSON.stringify({ id, ...row }, null, 2)}\n`)
}

export const quiet = { debug() {}, warn() {}, error() {} }
