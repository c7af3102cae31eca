/**
 * A strict reader of ASCII armor. openpgp.js's `unarmor` is lenient on
 * purpose: it takes the first block, ignores what follows it and no longer
 * checks the CRC. A signature file that holds two blocks, trailing text or a
 * damaged checksum must be refused, so the armor is read here, line by line,
 * and only the packet bytes go on to openpgp.js.
 */
import { fromBase64 } from '../encoding/bytes.js'

/** One armored block. */
export interface ArmorBlock {
  /** What follows `BEGIN PGP ` (`SIGNATURE`, `PUBLIC KEY BLOCK`, …). */
  type: string
  /** The decoded packet bytes. */
  data: Uint8Array
  /** Line of the `BEGIN` line, 1-based. */
  line: number
}

/** What {@link scanArmor} found. */
export interface ArmorScan {
  /** The blocks, in order. */
  blocks: ArmorBlock[]
  /** Whether anything but whitespace stands outside the blocks. */
  textOutside: boolean
}

/** Why armored text was refused. */
export class ArmorError extends Error {
  override name = 'ArmorError'
}

const beginPattern = /^-----BEGIN PGP ([A-Z0-9 ,/]+)-----$/
const endPattern = /^-----END PGP ([A-Z0-9 ,/]+)-----$/
const headerPattern = /^[\x21-\x39\x3B-\x7E]+: .*$/
const base64Line = /^[A-Za-z0-9+/]*={0,2}$/
const trailingSpace = /[ \t\r]+$/
const checksumLine = /^=([A-Za-z0-9+/]{4})$/

/**
 * Read every armored block of a text.
 *
 * @param text
 *   ASCII text (callers refuse other bytes first).
 * @returns
 *   The blocks and whether other text surrounds them. Throws an `ArmorError`
 *   for a block that is unterminated, malformed, or fails its checksum, and
 *   for a cleartext-signed message (its body is text, not armor).
 */
export function scanArmor(text: string): ArmorScan {
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string
    // Only a line that ends in a space, tab or CR has any to drop (most end otherwise: no pattern run).
    const last = line.charCodeAt(line.length - 1)
    if (last === 32 || last === 9 || last === 13) lines[index] = line.replace(trailingSpace, '')
  }
  const blocks: ArmorBlock[] = []
  let textOutside = false
  let index = 0
  while (index < lines.length) {
    const line = lines[index] as string
    const begin = beginPattern.exec(line)
    if (!begin) {
      if (line !== '') textOutside = true
      index++
      continue
    }
    const type = begin[1] as string
    if (type === 'SIGNED MESSAGE') {
      throw new ArmorError(`Unexpected cleartext-signed message (line ${index + 1}), expected a detached signature`)
    }
    const read = readBlock(lines, index, type)
    blocks.push({ type, data: read.data, line: index + 1 })
    index = read.next
  }
  return { blocks, textOutside }
}

function readBlock(lines: string[], start: number, type: string): { data: Uint8Array; next: number } {
  let index = start + 1
  // Armor headers (`Version: GnuPG v1`) run up to the first blank line.
  while (index < lines.length && lines[index] !== '') {
    if (!headerPattern.test(lines[index] as string)) {
      throw new ArmorError(`Unexpected armor header \`${clip(lines[index] as string)}\` (line ${index + 1})`)
    }
    index++
  }
  index++
  // Body lines are checked as base64 when the block is decoded, which is quicker than a
  // pattern per line; any error found on the way first names an earlier bad line, if there
  // is one, exactly as checking each line as it came would.
  const bodyStart = index
  const body: string[] = []
  let checksum: string | null = null
  for (; index < lines.length; index++) {
    const line = lines[index] as string
    const end = endPattern.exec(line)
    if (end) {
      if (end[1] !== type) refuse(lines, bodyStart, index, `Unexpected \`END PGP ${end[1]}\` closing a \`BEGIN PGP ${type}\` block`)
      const joined = body.join('')
      const data = joined.length === 0 ? null : fromBase64(joined)
      if (!data) refuse(lines, bodyStart, index, `Unexpected armored data that is not valid base64 (block on line ${start + 1})`)
      return { data: checked(data, checksum, start), next: index + 1 }
    }
    if (checksum !== null) refuse(lines, bodyStart, index, `Unexpected text after the armor checksum (line ${index + 1})`)
    const sum = checksumLine.exec(line)
    if (sum) checksum = sum[1] as string
    else body.push(line)
  }
  refuse(lines, bodyStart, index, `Unexpected end of text in the armored block opened on line ${start + 1} (truncated?)`)
}

/** Throw the error for the first body line before `stop` that is not base64, or else `message`. */
function refuse(lines: readonly string[], from: number, stop: number, message: string): never {
  for (let index = from; index < stop; index++) {
    const line = lines[index] as string
    if (!checksumLine.test(line) && !base64Line.test(line)) throw new ArmorError(`Unexpected \`${clip(line)}\` in armored data (line ${index + 1})`)
  }
  throw new ArmorError(message)
}

function checked(data: Uint8Array, checksum: string | null, start: number): Uint8Array {
  if (checksum !== null) {
    const expected = fromBase64(checksum) ?? new Uint8Array(3)
    const actual = crc24(data)
    if (expected[0] !== actual >>> 16 || expected[1] !== ((actual >>> 8) & 0xff) || expected[2] !== (actual & 0xff)) {
      throw new ArmorError(`Unexpected armor checksum mismatch (block on line ${start + 1}): the data is damaged`)
    }
  }
  return data
}

const crcTable = Uint32Array.from({ length: 256 }, (_, index) => {
  let crc = index << 16
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x800000 ? (crc << 1) ^ 0x1864cfb : crc << 1
  return crc & 0xffffff
})

/** CRC-24 of RFC 9580 §6.1, a byte at a time. */
function crc24(data: Uint8Array): number {
  let crc = 0xb704ce
  for (const byte of data) crc = ((crc << 8) ^ (crcTable[((crc >> 16) ^ byte) & 0xff] as number)) & 0xffffff
  return crc
}

function clip(line: string): string {
  return line.length > 40 ? `${line.slice(0, 40)}…` : line
}
