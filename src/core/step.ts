import { GlockError, describe } from './errors'
import { isData } from './frames'
import type { Data, Step } from './types'

/** Why this close code or reason cannot be sent, or null when it can. */
export function closeProblem(code: unknown, reason: unknown): string | null {
  if (code !== 1000 && !(Number.isInteger(code) && (code as number) >= 3000 && (code as number) <= 4999)) {
    return `the close code must be 1000 or 3000–4999; got ${describe(code)}`
  }
  if (typeof reason !== 'string' || new TextEncoder().encode(reason).length > 123) {
    return `the close reason must be a string of at most 123 UTF-8 bytes; got ${describe(reason)}`
  }
  return null
}

export function framesOf(step: Step<unknown>): readonly Data[] {
  const push = step.push
  return push === undefined ? [] : Array.isArray(push) ? push : [push as Data]
}

/** A handler's result checked against the `Step` shape, or a GlockError saying what came back. */
export function checkStep<S>(handler: string, step: unknown): GlockError | null {
  const fail = (what: string) =>
    new GlockError('invalid_step', `The ${handler} handler must return a Step { state, push?, close? }; ${what}.`)
  if (step === null || typeof step !== 'object' || !('state' in step)) return fail(`got ${describe(step)}`)
  const { push, close } = step as Step<S>
  if (push !== undefined && !(Array.isArray(push) ? push.every(isData) : isData(push))) {
    return fail(`step.push must be a string, ArrayBuffer, typed array, Blob or an array of them; got ${describe(push)}`)
  }
  if (close !== undefined && close !== true) {
    if (close === null || typeof close !== 'object') return fail(`step.close must be true or { code?, reason? }; got ${describe(close)}`)
    const problem = closeProblem(close.code ?? 1000, close.reason ?? '')
    if (problem) return fail(`in step.close, ${problem}`)
  }
  return null
}
