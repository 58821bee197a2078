import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { URL as NodeURL, fileURLToPath } from 'node:url'

/** Where each fault test leaves its figures for `report.mjs` (gitignored). */
export const RESULTS_DIR = process.env.FAULT_RESULTS_DIR ?? fileURLToPath(new NodeURL('../.results/', import.meta.url))

/** A named measurement: a number, a code, a list or a record of them. Never a sentence: report.mjs words them. */
export type Figure = number | string | boolean | null | Figure[] | { [name: string]: Figure }

/** What this test file has recorded so far, by id: tests that share a row add to it. */
const recorded = new Map<string, Record<string, Figure>>()

/**
 * Records a test's figures under `id`, for the row report.mjs words from them. Call it after the
 * test's assertions, so a failing test leaves no figures (or before them, on purpose, to show what a
 * failure lost). When several tests of one file feed one row, each records its own figures and they
 * are merged; report.mjs lists the row as not measured until every figure it needs is there.
 */
export function record(id: string, figures: Record<string, Figure>) {
  const merged = { ...recorded.get(id), ...figures }
  recorded.set(id, merged)
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(join(RESULTS_DIR, `${id}.json`), `${JSON.stringify({ id, figures: merged }, null, 2)}\n`)
}
