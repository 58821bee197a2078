import type { MockFrame } from './MockSocket'

/** The matchers' own declarations, shared by the Vitest and Jest ones (`react-glock/testing/vitest`, `…/jest`). */
export interface GlockMatchers<R = unknown> {
  /**
   * The server (or one client) received this message: a string or bytes exactly, any other value as JSON text
   * that parses to an equal value (asymmetric matchers such as `expect.objectContaining` work inside it).
   * @example
   * expect(server).toHaveReceived({ type: 'say', text: 'hello' })
   */
  toHaveReceived(message: unknown): R
  /** The server (or one client) received exactly `count` frames, of any kind. */
  toHaveReceivedTimes(count: number): R
}

/** What Vitest and Jest both hand a matcher as `this`. */
interface MatcherContext {
  isNot: boolean
  equals(a: unknown, b: unknown): boolean
  utils: { printExpected(value: unknown): string; printReceived(value: unknown): string }
}

interface Received {
  received: readonly MockFrame[]
}

function framesOf(value: unknown, matcher: string): readonly MockFrame[] {
  const received = (value as Received | null)?.received
  if (!Array.isArray(received))
    throw new TypeError(
      `[react-glock] ${matcher} expects a mock server or client (from createMockServer); got ${
        value === null ? 'null' : typeof value
      }.`,
    )
  return received
}

const isBytes = (value: unknown): value is ArrayBuffer | ArrayBufferView =>
  value instanceof ArrayBuffer || ArrayBuffer.isView(value)

const bytesOf = (value: ArrayBuffer | ArrayBufferView) =>
  value instanceof ArrayBuffer
    ? new Uint8Array(value)
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength)

function sameBytes(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView) {
  const x = bytesOf(a)
  const y = bytesOf(b)
  return x.length === y.length && x.every((byte, i) => byte === y[i])
}

/** One frame against the expected message, by the rule `toHaveReceived` documents. */
function matches(context: MatcherContext, frame: MockFrame, expected: unknown): boolean {
  if (typeof expected === 'string') return frame === expected
  if (isBytes(expected)) return isBytes(frame) && sameBytes(frame, expected)
  if (typeof frame !== 'string') return false
  try {
    return context.equals(JSON.parse(frame), expected)
  } catch {
    return false
  }
}

const show = (frames: readonly MockFrame[], context: MatcherContext) =>
  frames.length === 0
    ? 'nothing'
    : frames.map((frame) => `  ${context.utils.printReceived(isBytes(frame) ? bytesOf(frame) : frame)}`).join('\n')

/**
 * For `expect.extend(matchers)`, in Vitest and in Jest alike: `toHaveReceived(message)` and
 * `toHaveReceivedTimes(count)`, on a mock server or one of its clients. Importing `react-glock/testing/vitest`
 * or `react-glock/testing/jest` extends `expect` and brings the types.
 */
export const matchers = {
  toHaveReceived(this: MatcherContext, server: unknown, expected: unknown) {
    const frames = framesOf(server, 'toHaveReceived')
    const pass = frames.some((frame) => matches(this, frame, expected))
    return {
      pass,
      message: () =>
        `expected the mock server ${this.isNot ? 'not ' : ''}to have received ${this.utils.printExpected(expected)}` +
        `${typeof expected === 'object' && !isBytes(expected) ? ' (as JSON text)' : ''}; it received:\n${show(frames, this)}`,
    }
  },
  toHaveReceivedTimes(this: MatcherContext, server: unknown, count: number) {
    const frames = framesOf(server, 'toHaveReceivedTimes')
    return {
      pass: frames.length === count,
      message: () =>
        `expected the mock server ${this.isNot ? 'not ' : ''}to have received ${this.utils.printExpected(count)} ` +
        `frame${count === 1 ? '' : 's'}; it received ${this.utils.printReceived(frames.length)}:\n${show(frames, this)}`,
    }
  },
}
