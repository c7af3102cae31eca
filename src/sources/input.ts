/**
 * The input as every container reader sees it: decoded once, with a table from
 * offsets to places and, when the decoding was clean, to byte offsets.
 */
import { VFile } from 'vfile'
import { location } from 'vfile-location'
import type { Place } from './types.js'

/** The decoded input. */
export interface Input {
  /** The bytes as given. */
  bytes: Uint8Array
  /** The bytes decoded as UTF-8 (a byte-order mark kept, so offsets line up). */
  value: string
  /** The path as given, if any. */
  path: string | undefined
  /** The path, or `input`, for naming places. */
  label: string
  /** Whether every line break is CRLF (a Windows checkout, or mail as on the wire). */
  crlf: boolean
  /** Place of an offset in `value`. */
  place(offset: number): Place
  /** Byte offset of an offset in `value`; undefined when decoding replaced bytes. */
  byteOffset: ((offset: number) => number) | undefined
  /** `label:line` of an offset in `value`. */
  where(offset: number): string
  /** A vfile for messages about the input. */
  file: VFile
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })
const encoder = new TextEncoder()

/**
 * Decode an input once for all readers.
 *
 * @param input
 *   Bytes, or text (then encoded as UTF-8).
 * @param path
 *   The path, if known.
 * @returns
 *   The decoded input.
 */
export function toInput(input: Uint8Array | string, path: string | undefined): Input {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input
  const value = typeof input === 'string' ? input : decoder.decode(input)
  const lines = location(value)
  const clean = Buffer.byteLength(value, 'utf8') === bytes.byteLength
  const label = path ?? 'input'
  const place = (offset: number): Place => {
    const point = lines.toPoint(offset)
    return point && point.offset !== undefined
      ? { line: point.line, column: point.column, offset: point.offset }
      : { line: 1, column: 1, offset: 0 }
  }
  const newlines = value.split('\n').length - 1
  return {
    bytes,
    value,
    path,
    label,
    crlf: newlines > 0 && value.split('\r\n').length - 1 === newlines,
    place,
    byteOffset: clean ? (offset) => Buffer.byteLength(value.slice(0, offset), 'utf8') : undefined,
    where: (offset) => `${label}:${place(offset).line}`,
    file: new VFile(path === undefined ? {} : { path }),
  }
}
