import { GlockError } from './errors'
import { explain } from './explain'
import type { Data, Frame } from './types'

export function isData(value: unknown): value is Data {
  return (
    typeof value === 'string' ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    (typeof Blob !== 'undefined' && value instanceof Blob)
  )
}

/** The default `send`: data goes out as it is, anything else as JSON text. */
export function encode(message: unknown): Data {
  if (isData(message)) return message
  // JSON.stringify throws on circular objects and BigInt: that error reaches the push call.
  const text = JSON.stringify(message)
  if (typeof text !== 'string')
    throw new GlockError(
      'invalid_argument',
      process.env.NODE_ENV !== 'production' ? explain!.noJson(message) : undefined,
    )
  return text
}

/** `binaryType` is always 'arraybuffer' or 'blob', so binary data arrives as one of those. */
export function toFrame(data: unknown): Frame {
  return typeof data === 'string' ? { type: 'text', data } : { type: 'binary', data: data as ArrayBuffer | Blob }
}
