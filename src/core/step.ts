import { GlockError } from './errors'
import { describe, explain } from './explain'
import { isData } from './frames'
import type { Data, Step } from './types'

/**
 * A string's length in UTF-8, as a WebSocket sends it (a lone surrogate as U+FFFD, 3 bytes). Not TextEncoder:
 * Jest's jsdom environment has none, and a close from a test there must not throw.
 */
export function utf8Length(text: string): number {
  let bytes = 0
  for (const char of text) {
    const point = char.codePointAt(0)!
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4
  }
  return bytes
}

/** Why this close code or reason cannot be sent, or null when it can. */
export function closeProblem(code: unknown, reason: unknown): string | null {
  const dev = process.env.NODE_ENV !== 'production'
  if (code !== 1000 && !(Number.isInteger(code) && (code as number) >= 3000 && (code as number) <= 4999)) {
    return dev ? `the close code must be 1000 or 3000–4999; got ${describe(code)}` : 'code'
  }
  if (typeof reason !== 'string' || utf8Length(reason) > 123) {
    return dev ? `the close reason must be a string of at most 123 UTF-8 bytes; got ${describe(reason)}` : 'reason'
  }
  return null
}

export function framesOf(step: Step<unknown>): readonly Data[] {
  const push = step.push
  return push === undefined ? [] : Array.isArray(push) ? push : [push as Data]
}

/** A reply names the request it settles. */
const hasId = (item: unknown) => typeof (item as { id?: unknown } | null)?.id === 'number'

/** Why a handler's result is not a `Step`, or null. Production builds say just that it is not (the code only). */
function stepProblem(step: unknown): string | null {
  const dev = process.env.NODE_ENV !== 'production'
  if (step === null || typeof step !== 'object' || !('state' in step)) {
    // An async handler is the likeliest mistake: say what to do instead.
    return dev
      ? `got ${describe(step)}${
          typeof (step as PromiseLike<unknown> | null)?.then === 'function'
            ? '; handlers run synchronously: do async work outside them and push its result'
            : ''
        }`
      : ''
  }
  const { push, close } = step as Step<unknown>
  // Checked in production too: the socket's send would throw inside a socket event (in Node, an uncaught exception).
  if (!framesOf(step as Step<unknown>).every(isData)) {
    return dev
      ? `step.push must be a string, ArrayBuffer, typed array, Blob or an array of them; got ${describe(push)}`
      : ''
  }
  // Checked in production too: a reply without a number id could settle nothing, silently.
  // Per frame: nothing is allocated for a Step without replies.
  const { reply } = step as Step<unknown>
  if (reply !== undefined && !(Array.isArray(reply) ? reply.every(hasId) : hasId(reply))) {
    return dev ? `step.reply must be { id, value? } or { id, error }, or an array of them; got ${describe(reply)}` : ''
  }
  // Checked in production too: the socket would throw on a bad code, halfway through closing.
  if (close === undefined || close === true) return null
  if (close === null || typeof close !== 'object')
    return dev ? `step.close must be true or { code?, reason? }; got ${describe(close)}` : ''
  const problem = closeProblem(close.code ?? 1000, close.reason ?? '')
  return dev && problem ? `in step.close, ${problem}` : problem
}

export function checkStep(handler: string, step: unknown): GlockError | null {
  const problem = stepProblem(step)
  return problem === null
    ? null
    : new GlockError(
        'invalid_step',
        process.env.NODE_ENV !== 'production' ? explain!.step(handler, problem) : undefined,
      )
}
