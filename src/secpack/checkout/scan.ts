/**
 * `scanCheckout`: every file of a checkout's `QSBs/` and `canaries/`, with
 * its signature files, its parse record and its verification — one entry at
 * a time, so a caller can start before the scan ends. Works on a plain
 * folder; git is not needed.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { documentFolders, groupSignatures, kindOf, signatureName, signerIn } from '../../names/secpack.js'
import { parse as parseDocument } from '../../read/index.js'
import { readLimits, readRegularFile } from '../../read/node/index.js'
import { entryError, SecpackError } from '../errors.js'
import type { ScanEntry } from '../schema.js'
import type { CheckoutSignature, DocumentVerification, SignatureVerdict, Verifier } from '../types.js'
import { askVerifier, errorVerdict } from '../verification.js'

/** Options of {@link scanCheckout}. */
export interface ScanOptions {
  /** Checks each signed file's signatures; without it every `verification` is null. */
  verify?: Verifier | null | undefined
  /** Whether to parse bulletins and canaries into records (default true). */
  parse?: boolean | null | undefined
}

/**
 * Walk a checkout's `QSBs/` and `canaries/`.
 *
 * @param dir
 *   The checkout, or any folder with `QSBs/` and/or `canaries/`.
 * @param options
 *   Configuration (optional).
 * @returns
 *   One entry per file that is not a signature (and one per signature whose
 *   file is missing), folder by folder, sorted by name. A file that cannot be
 *   read or parsed gets an `error` and the scan goes on. Throws a
 *   `SecpackError` before the first entry when `dir` has neither folder.
 *
 * @example
 *   for await (const entry of scanCheckout('qubes-secpack', { verify })) {
 *     console.log(entry.file, entry.kind, entry.verification?.authentic)
 *   }
 */
export async function* scanCheckout(dir: string, options?: Readonly<ScanOptions> | null): AsyncGenerator<ScanEntry> {
  const folders = await listFolders(dir)
  for (const [folder, names] of folders) {
    for (const [name, signatures] of groupSignatures(names)) yield await scanFile(dir, folder, name, signatures, options)
  }
}

async function scanFile(
  dir: string,
  folder: string,
  name: string,
  signatureNames: readonly string[],
  options: Readonly<ScanOptions> | null | undefined,
): Promise<ScanEntry> {
  const file = `${folder}/${name}`
  const kind = kindOf(name)
  const entry: ScanEntry = {
    file,
    kind,
    signatures: signatureNames.map((signature) => `${folder}/${signature}`),
    record: null,
    error: null,
    verification: null,
    notes: [],
  }
  const orphan = signatureName(name)
  if (orphan) entry.notes.push(`a signature of \`${orphan.document}\`, which is not in ${folder}/`)
  const isDocument = kind === 'bulletin' || kind === 'canary'
  if (isDocument && signatureNames.length === 0) entry.notes.push('no signature files: a draft, or not published here')
  const wanted = (isDocument && options?.parse !== false) || (options?.verify && (isDocument || signatureNames.length > 0))
  if (!wanted) return entry
  const read = readRegularFile(join(dir, folder, name), readLimits.document)
  if ('failure' in read) {
    entry.error = { message: `${file}: ${read.failure.reason}`, ruleId: read.failure.ruleId, line: null, column: null }
    return entry
  }
  const bytes = read.bytes
  if (isDocument && options?.parse !== false) {
    try {
      entry.record = parseDocument(bytes, { path: file, file })
    } catch (error) {
      entry.error = entryError(file, error, 'unparsable')
    }
  }
  if (options?.verify) entry.verification = await verifyFile(dir, options.verify, file, bytes, entry.signatures)
  return entry
}

async function verifyFile(
  dir: string,
  verify: Verifier,
  file: string,
  document: Uint8Array,
  signatures: readonly string[],
): Promise<DocumentVerification> {
  const inputs: CheckoutSignature[] = []
  const unreadable = new Map<string, SignatureVerdict>()
  for (const source of signatures) {
    const signer = signerIn(file.slice(file.lastIndexOf('/') + 1), source.slice(source.lastIndexOf('/') + 1))
    const read = readRegularFile(join(dir, source), readLimits.signature)
    if ('failure' in read) unreadable.set(source, errorVerdict(source, signer, `the signature file ${read.failure.reason}`))
    else inputs.push({ source, signer, bytes: read.bytes })
  }
  const checked = new Map((await askVerifier(verify, document, inputs)).map((verdict) => [verdict.source, verdict]))
  const verdicts = signatures.map((source) => (unreadable.get(source) ?? checked.get(source)) as SignatureVerdict)
  return { authentic: verdicts.length > 0 && verdicts.every((verdict) => verdict.status === 'good'), signatures: verdicts }
}

async function listFolders(dir: string): Promise<Array<[string, Set<string>]>> {
  const stat = await fs.stat(dir).catch(() => null)
  if (!stat?.isDirectory()) throw new SecpackError(`${dir}: cannot read: no such folder`)
  const folders: Array<[string, Set<string>]> = []
  for (const folder of documentFolders) {
    const entries = await fs.readdir(join(dir, folder), { withFileTypes: true }).catch(() => null)
    if (!entries) continue
    // Sub-folders hold no documents in a secpack; links are kept, since a dangling one is an unreadable file.
    const names = entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)
    folders.push([folder, new Set(names.sort())])
  }
  if (folders.length === 0) {
    throw new SecpackError(`${dir} is not a secpack checkout: it has neither QSBs/ nor canaries/`)
  }
  return folders
}
