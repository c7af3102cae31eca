/**
 * Reading the digest lines of an ISO `DIGESTS` file. Qubes writes them as
 * `md5sum`, `sha1sum`, `sha256sum` and `sha512sum` print them, one after the
 * other for the same file; the BSD form (`sha256sum --tag`) is read too:
 *
 * ```
 * line = HEX (" *" | "  ") NAME                 (the length of HEX says MD5, SHA1, SHA256, SHA512)
 *      | ("MD5" | "SHA1" | "SHA256" | "SHA512") " (" NAME ") = " HEX
 *      | blank
 * ```
 *
 * Anything else is named in a note, never silently dropped.
 */
import { digestsName } from '../../names/secpack.js'
import type { DigestEntry, DigestsRecord } from '../checkout-schema.js'
import type { CleartextVerdict } from '../types.js'

const lengths: Record<number, DigestEntry['algorithm']> = { 32: 'MD5', 40: 'SHA1', 64: 'SHA256', 128: 'SHA512' }
const gnuLine = /^([0-9a-fA-F]+) [ *](.+)$/
const bsdLine = /^(MD5|SHA1|SHA256|SHA512) \((.+)\) = ([0-9a-fA-F]+)$/

/**
 * Read digest lines.
 *
 * @param text
 *   The lines (the signed part of a message, or a whole unsigned file).
 * @param firstLine
 *   Line number of the first line in the file, 1-based.
 * @returns
 *   The digests and notes on lines that are none.
 */
export function readDigestLines(text: string, firstLine: number): { entries: DigestEntry[]; notes: string[] } {
  const entries: DigestEntry[] = []
  const notes: string[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trimEnd()
    const number = firstLine + index
    if (line === '') return
    const bsd = bsdLine.exec(line)
    const gnu = bsd ? null : gnuLine.exec(line)
    const hex = (bsd?.[3] ?? gnu?.[1] ?? '').toLowerCase()
    const algorithm = bsd ? (bsd[1] as DigestEntry['algorithm']) : lengths[hex.length]
    if (!algorithm || (bsd && lengths[hex.length] !== algorithm)) {
      notes.push(`line ${number} is not a digest line: \`${line.length > 60 ? `${line.slice(0, 60)}…` : line}\``)
      return
    }
    entries.push({ file: (bsd?.[2] ?? gnu?.[2]) as string, algorithm, hex, line: number })
  })
  return { entries, notes }
}

/**
 * A `DIGESTS` file read into its record, from what the verifier found.
 *
 * @param name
 *   The file's path (its name gives the release).
 * @param bytes
 *   Its bytes.
 * @param verdict
 *   The cleartext verifier's answer.
 * @returns
 *   The record: digests from the signed part alone when signed, else from the whole (unsigned) file.
 */
export function digestsRecord(name: string, bytes: Uint8Array, verdict: Readonly<CleartextVerdict>): DigestsRecord {
  const version = digestsName(name)?.version ?? null
  const record: DigestsRecord = { version, release: verdict.release, signed: verdict.signed, entries: [], notes: [] }
  if (verdict.signed) {
    if (verdict.text === null) {
      record.notes.push('the signed message could not be read, so no digest is reported')
      return record
    }
    const read = readDigestLines(verdict.text, verdict.lines?.start ?? 1)
    record.entries = read.entries
    record.notes.push(...read.notes)
  } else {
    const read = readDigestLines(new TextDecoder().decode(bytes), 1)
    record.entries = read.entries
    record.notes.push('unsigned: nothing vouches for these digests', ...read.notes)
  }
  if (version === null) record.notes.push('the file name gives no release (`Qubes-R<version>-…`), so no release key can vouch for it')
  const foreign = record.entries.filter((entry) => digestsName(name)?.iso !== undefined && entry.file !== digestsName(name)?.iso)
  if (foreign.length > 0) record.notes.push(`${foreign.length} digests name another file than ${digestsName(name)?.iso}`)
  return record
}
