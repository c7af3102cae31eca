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

/** Characters between two entries of the byte-offset table. */
const STRIDE = 1024

/**
 * Byte offsets of offsets in `value`: a table of the UTF-8 length of every
 * {@link STRIDE}th prefix, built as far as asked, so that any question costs
 * at most a stride of counting, in any order.
 */
function byteOffsets(value: string): (offset: number) => number {
  const table = [0]
  return (offset) => {
    const block = Math.floor(offset / STRIDE)
    while (table.length <= block) {
      const from = (table.length - 1) * STRIDE
      table.push((table.at(-1) as number) + bytesBetween(value, from, from + STRIDE))
    }
    return (table[block] as number) + bytesBetween(value, block * STRIDE, offset)
  }
}

/** UTF-8 bytes of the code units from `start` to `end`: a surrogate pair counts 2 + 2, a lone surrogate 3 (as it is replaced). */
function bytesBetween(value: string, start: number, end: number): number {
  let bytes = 0
  for (let index = start; index < end && index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) bytes += isLow(value.charCodeAt(index + 1)) ? 2 : 3
    else if (code >= 0xdc00 && code <= 0xdfff) bytes += isHigh(value.charCodeAt(index - 1)) ? 2 : 3
    else bytes += 3
  }
  return bytes
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
