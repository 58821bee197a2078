import { GlockError, describe } from './errors'
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
  if (typeof text !== 'string') {
    throw new GlockError('invalid_argument', `push(${describe(message)}): the default send encodes data or JSON, and this has no JSON form. Pass a send handler.`)
  }
  return text
}

export function toFrame(data: unknown): Frame {
  if (typeof data === 'string') return { type: 'text', data }
  // ws in Node may hand over a Buffer (a Uint8Array) despite binaryType: copy out its bytes.
  if (ArrayBuffer.isView(data)) {
    return { type: 'binary', data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer }
  }
  return { type: 'binary', data: data as ArrayBuffer | Blob }
}
