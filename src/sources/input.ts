/**
 * The input as every container reader sees it: decoded once, with a table from
 * offsets to places and, when the decoding was clean, to byte offsets.
 */
import { VFile } from 'vfile'
import { utf8Length } from '../encoding/bytes.js'
import { locate } from '../text/index.js'
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
  const lines = locate(value)
  const clean = utf8Length(value) === bytes.byteLength
  const label = path ?? 'input'
  const place = (offset: number): Place => lines.point(offset)
  return {
    bytes,
    value,
    path,
    label,
    crlf: allCrlf(value),
    place,
    byteOffset: clean ? byteOffsets(value) : undefined,
    where: (offset) => `${label}:${place(offset).line}`,
    file: new VFile(path === undefined ? {} : { path }),
  }
}

/** Whether the text has line breaks and every one is CRLF. */
function allCrlf(value: string): boolean {
  let index = value.indexOf('\n')
  if (index < 0) return false
  for (; index >= 0; index = value.indexOf('\n', index + 1)) {
    if (value.charCodeAt(index - 1) !== 13) return false
  }
  return true
}

/**
 * Byte offsets of offsets in `value`, counted on from the nearest offset
 * asked before, so going through a document costs one pass over it.
 */
function byteOffsets(value: string): (offset: number) => number {
  const offsets = [0]
  const bytes = [0]
  return (offset) => {
    let low = 0
    let high = offsets.length - 1
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      if ((offsets[middle] as number) <= offset) low = middle
      else high = middle - 1
    }
    const from = offsets[low] as number
    const result = (bytes[low] as number) + utf8Length(value.slice(from, offset))
    if (from !== offset) {
      offsets.splice(low + 1, 0, offset)
      bytes.splice(low + 1, 0, result)
    }
    return result
  }
}
