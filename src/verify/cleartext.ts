/**
 * A strict reader of cleartext-signed messages (RFC 9580 §7), and their
 * verification. Only the signed part is ever returned as signed: text before
 * the `BEGIN PGP SIGNED MESSAGE` line or after the signature is reported as
 * outside, never folded in (the class of openpgp.js CVE-2023-41037, where
 * text outside the signed block was returned as verified).
 *
 * ```
 * message   = outside* begin hash+ blank signed* signature outside*
 * begin     = "-----BEGIN PGP SIGNED MESSAGE-----"
 * hash      = "Hash: " NAME ("," NAME)*          (no other armor header)
 * signed    = "- " LINE | LINE not starting with "-"
 * signature = "-----BEGIN PGP SIGNATURE-----" … "-----END PGP SIGNATURE-----"
 * ```
 *
 * Lines end with LF or CR LF; a CR anywhere else is refused. What is hashed
 * (§7.2): each signed line dash-unescaped, its trailing spaces and tabs
 * removed, the lines joined by CR LF, without the line break before the
 * signature. The `Hash:` header must name the signature's digest, as GnuPG
 * requires (it cannot check the signature otherwise).
 */
import { backend } from '#crypto'
import { fromLatin1, latin1 } from '../encoding/bytes.js'
import { ArmorError, scanArmor } from './armor.js'
import type { Keyring } from './keyring.js'
import type { Verification } from './schema.js'
import { verifyDocument, type VerifyOptions } from './verify.js'

/** A range of lines, 1-based, inclusive. */
export interface LineRange {
  start: number
  end: number
}

/** A cleartext-signed message, taken apart. */
export interface CleartextMessage {
  /** The digest names of the `Hash:` headers (`SHA256`), as written. */
  hashes: string[]
  /** The signed text as shown: dash-unescaped lines without trailing whitespace, joined by LF, no final line break. */
  text: string
  /** What the signature covers: the same lines joined by CR LF. */
  canonical: Uint8Array
  /** The signature block's packets (binary). */
  signature: Uint8Array
  /** The signed lines in the input (null when the signed text is empty). */
  lines: LineRange | null
  /** The signed lines in the input's bytes, end exclusive (line break before the signature excluded). */
  byteSpan: { start: number; end: number }
  /** Non-blank text before the `BEGIN PGP SIGNED MESSAGE` line, or null. */
  before: LineRange | null
  /** Non-blank text after the signature, or null. */
  after: LineRange | null
  /** How many signed lines were dash-escaped. */
  dashEscaped: number
  /** How many signed lines had trailing whitespace, which the signature does not cover. */
  trailingWhitespace: number
}

/** Why a cleartext-signed message was refused. */
export class CleartextError extends Error {
  override name = 'CleartextError'
}

const beginMessage = '-----BEGIN PGP SIGNED MESSAGE-----'
const beginSignature = '-----BEGIN PGP SIGNATURE-----'
const hashHeader = /^Hash: ?(.*)$/
const trailing = /[ \t]+$/

/**
 * Whether bytes hold a cleartext-signed message (a `BEGIN PGP SIGNED MESSAGE` line).
 *
 * @param bytes
 *   The input.
 * @returns
 *   True when such a line starts some line of the input.
 */
export function hasCleartext(bytes: Uint8Array): boolean {
  // On the bytes, without decoding them: every document checked is asked this first.
  // The same test as `readCleartext`'s: a line (LF-separated, one CR before the LF dropped)
  // that is the BEGIN line once trailing spaces and tabs are dropped.
  for (let start = 0; start < bytes.length; ) {
    if (bytes[start] === 0x2d && beginsMessage(bytes, start)) return true
    const newline = bytes.indexOf(0x0a, start)
    if (newline < 0) return false
    start = newline + 1
  }
  return false
}

const beginMessageBytes = Uint8Array.from(beginMessage, (character) => character.charCodeAt(0))

/** Whether the line at `start` is the BEGIN line (see {@link hasCleartext}). */
function beginsMessage(bytes: Uint8Array, start: number): boolean {
  if (start + beginMessageBytes.length > bytes.length) return false
  for (let index = 0; index < beginMessageBytes.length; index++) {
    if (bytes[start + index] !== beginMessageBytes[index]) return false
  }
  let at = start + beginMessageBytes.length
  while (bytes[at] === 0x20 || bytes[at] === 0x09) at++
  if (at === bytes.length || bytes[at] === 0x0a) return true
  return bytes[at] === 0x0d && bytes[at + 1] === 0x0a
}

/**
 * Read a cleartext-signed message strictly.
 *
 * @param bytes
 *   The input (the message, perhaps with text around it).
 * @returns
 *   The message. Throws a `CleartextError` naming the line when the input
 *   holds no message, two, an armor header other than `Hash:`, a line that
 *   starts with `-` unescaped, a stray CR, or a malformed signature block.
 */
export function readCleartext(bytes: Uint8Array): CleartextMessage {
  const lines = splitLines(latin1(bytes))
  const begin = beginLine(lines)
  if (begin < 0) throw new CleartextError('No `-----BEGIN PGP SIGNED MESSAGE-----` line: not a cleartext-signed message')
  const hashes: string[] = []
  let index = begin + 1
  for (; index < lines.length && clean(lines[index] as Line) !== ''; index++) {
    const header = hashHeader.exec(clean(lines[index] as Line))
    if (!header) throw new CleartextError(`Unexpected armor header \`${clip(clean(lines[index] as Line))}\` (line ${index + 1}), expected only \`Hash:\``)
    hashes.push(...(header[1] as string).split(',').map((name) => name.trim()).filter(Boolean))
  }
  if (index >= lines.length) throw new CleartextError(`Unexpected end of input in the headers opened on line ${begin + 1}`)
  const first = index + 1
  const shown: string[] = []
  let dashEscaped = 0
  let trailingWhitespace = 0
  for (index = first; index < lines.length; index++) {
    const line = lines[index] as Line
    if (clean(line) === beginSignature) break
    // A lone CR would be a line break to one implementation and a character to another.
    if (line.text.includes('\r')) throw new CleartextError(`Unexpected carriage return inside signed line ${index + 1}`)
    let text = line.text
    if (text.startsWith('-')) {
      if (!text.startsWith('- ')) {
        throw new CleartextError(`Unexpected line starting with \`-\` that is not dash-escaped (line ${index + 1})`)
      }
      text = text.slice(2)
      dashEscaped++
    }
    if (trailing.test(text)) trailingWhitespace++
    shown.push(text.replace(trailing, ''))
  }
  if (index >= lines.length) throw new CleartextError(`Unexpected end of input: no \`${beginSignature}\` after the signed text (line ${first})`)
  const signatureLine = index
  const { signature, after } = readSignature(lines, signatureLine)
  const last = signatureLine - 1
  const start = (lines[first] as Line).start
  const end = last >= first ? (lines[last] as Line).start + (lines[last] as Line).text.length : start
  return {
    hashes,
    text: shown.join('\n'),
    canonical: fromLatin1(shown.join('\r\n')),
    signature,
    lines: last >= first ? { start: first + 1, end: last + 1 } : null,
    byteSpan: { start, end },
    before: nonBlank(lines, 0, begin),
    after,
    dashEscaped,
    trailingWhitespace,
  }
}

/** A cleartext-signed message's verification: only `signed` was verified. */
export type CleartextVerification = Verification & {
  /** The signed part, or null when the message could not be read (`error` says why). */
  signed: Omit<CleartextMessage, 'canonical' | 'signature'> | null
}

/**
 * Verify a cleartext-signed message.
 *
 * @param bytes
 *   The input holding the message.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional): `file`, the policy, who may sign (`signers`).
 * @returns
 *   The verification of the signed part; notes say what lies outside it and
 *   what the signature does not cover. Never throws for bad input.
 */
export async function verifyCleartext(
  bytes: Uint8Array,
  keyring: Keyring,
  options?: Readonly<VerifyOptions> | null,
): Promise<CleartextVerification> {
  const file = options?.file ?? null
  let message: CleartextMessage
  try {
    message = readCleartext(bytes)
  } catch (error) {
    if (!(error instanceof CleartextError)) throw error
    const reason = `${file ? `${file}: ` : ''}${error.message}`
    return {
      file,
      authentic: false,
      sha256: null,
      signatures: [],
      verdict: 'error',
      error: { message: reason, ruleId: 'unreadable', line: null, column: null },
      master: keyring.master,
      signed: null,
    }
  }
  const source = `${file ?? 'input'}#signature`
  const result = await verifyDocument(message.canonical, [{ source, bytes: message.signature }], keyring, {
    ...options,
    signatureType: 'text',
  })
  const { canonical: _canonical, signature: _signature, ...signed } = message
  // The digest an accept list names: of the signature's packets (its armor decoded).
  const sha256 = await backend.sha256Hex(message.signature)
  const signatures = result.signatures.map((signature) => {
    const verdict = { ...signature, sha256 }
    const notes = [...verdict.notes, ...outsideNotes(message)]
    if (verdict.hash && !message.hashes.includes(verdict.hash)) {
      // GnuPG cannot check it either ("signature digest conflict"): the header is part of what is shown.
      const said = message.hashes.length > 0 ? `says ${message.hashes.join(', ')}` : 'is missing'
      return { ...verdict, status: 'error' as const, notes: [...notes, `the \`Hash:\` header ${said}, but the signature uses ${verdict.hash}`] }
    }
    return { ...verdict, notes }
  })
  return { ...result, authentic: signatures.every((verdict) => verdict.status === 'good') && signatures.length > 0, signatures, signed }
}

function outsideNotes(message: CleartextMessage): string[] {
  const notes: string[] = []
  const range = (lines: LineRange): string => (lines.start === lines.end ? `line ${lines.start}` : `lines ${lines.start}–${lines.end}`)
  notes.push(message.lines ? `only ${range(message.lines)} of the input are signed` : 'the signed text is empty')
  if (message.before) notes.push(`text before the signed message (${range(message.before)}) is not signed`)
  if (message.after) notes.push(`text after the signature (${range(message.after)}) is not signed`)
  if (message.trailingWhitespace > 0) notes.push(`trailing whitespace on ${message.trailingWhitespace} signed lines is not covered by the signature`)
  return notes
}

interface Line {
  /** The line without its line break. */
  text: string
  /** Offset of its first character. */
  start: number
}

function splitLines(text: string): Line[] {
  const lines: Line[] = []
  let start = 0
  for (;;) {
    const newline = text.indexOf('\n', start)
    const stop = newline < 0 ? text.length : newline
    let line = text.slice(start, stop)
    if (newline >= 0 && line.endsWith('\r')) line = line.slice(0, -1)
    lines.push({ text: line, start })
    if (newline < 0) break
    start = newline + 1
  }
  return lines
}

function beginLine(lines: readonly Line[]): number {
  return lines.findIndex((line) => clean(line) === beginMessage)
}

/** A line as an armor line is compared: trailing whitespace is not significant there. */
function clean(line: Line): string {
  return line.text.replace(trailing, '')
}

function readSignature(lines: readonly Line[], start: number): { signature: Uint8Array; after: LineRange | null } {
  let scan
  try {
    scan = scanArmor(lines.slice(start).map((line) => line.text).join('\n'))
  } catch (error) {
    if (error instanceof ArmorError) throw new CleartextError(error.message.replace(/\(line (\d+)\)/g, (_, line) => `(line ${Number(line) + start})`))
    throw error
  }
  const [block, ...rest] = scan.blocks
  if (!block || block.type !== 'SIGNATURE') throw new CleartextError(`Unexpected signature block (line ${start + 1})`)
  const second = rest[0]
  if (second) throw new CleartextError(`Unexpected second armor block after the signature (line ${start + second.line})`)
  let end = start + 1
  while (end < lines.length && clean(lines[end] as Line) !== '-----END PGP SIGNATURE-----') end++
  return { signature: block.data, after: nonBlank(lines, end + 1, lines.length) }
}

function nonBlank(lines: readonly Line[], from: number, to: number): LineRange | null {
  let first = -1
  let last = -1
  for (let index = from; index < to; index++) {
    if ((lines[index] as Line).text.trim() === '') continue
    if (first < 0) first = index
    last = index
  }
  return first < 0 ? null : { start: first + 1, end: last + 1 }
}

function clip(line: string): string {
  return line.length > 40 ? `${line.slice(0, 40)}…` : line
}
