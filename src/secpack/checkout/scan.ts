/**
 * `scanCheckout`: every signed file of a checkout, with its signature files,
 * its parse record and its verification — one entry at a time, so a caller
 * can start before the scan ends. Works on a plain folder; git is not needed.
 *
 * What is listed:
 * - every file of `QSBs/` and `canaries/` (a document without signatures is a draft);
 * - every file anywhere else that has detached signatures beside it
 *   (`NAME.sig.SIGNER`, `NAME.sign.SIGNER`: `fund/`, a `.dot` graph), and
 *   every signature whose file is missing;
 * - every file of `digests/` named `*.DIGESTS` or holding a cleartext-signed
 *   message, checked against the release key its name calls for;
 * - every link that leads out of the checkout, as an error (never followed).
 *
 * Each file is verified as its own bytes: nothing is unwrapped.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { digestsFolder, digestsName, documentFolders, groupSignatures, kindOf, signatureName, signerIn } from '../../names/secpack.js'
import { parse as parseDocument } from '../../read/index.js'
import { readLimits, readRegularFile, walkFolder, type WalkedEntry } from '../../read/node/index.js'
import type { ScanSignature, ScanVerification } from '../checkout-schema.js'
import { entryError, SecpackError } from '../errors.js'
import type { ScanEntry } from '../schema.js'
import type { CheckoutSignature, CleartextVerifier, SignatureVerdict, Verifier } from '../types.js'
import { askVerifier, errorVerdict } from '../verification.js'
import { digestsRecord } from './digests.js'

/** Options of {@link scanCheckout}. */
export interface ScanOptions {
  /** Checks each signed file's detached signatures; without it every `verification` is null. */
  verify?: Verifier | null | undefined
  /** Checks the cleartext-signed files of `digests/`; without it they are read but not verified. */
  verifyCleartext?: CleartextVerifier | null | undefined
  /** Whether to parse bulletins and canaries into records (default true). */
  parse?: boolean | null | undefined
  /** Largest file read, in bytes (default `readLimits.document`, 16 MiB). */
  maxSize?: number | null | undefined
  /** Only these folders (`digests`, `QSBs`), relative to the checkout; default: all. */
  folders?: readonly string[] | null | undefined
}

/**
 * Walk a checkout.
 *
 * @param dir
 *   The checkout, or any folder with `QSBs/` and/or `canaries/`.
 * @param options
 *   Configuration (optional).
 * @returns
 *   One entry per file listed (see the module comment), sorted by path. A
 *   file that cannot be read or parsed gets an `error` and the scan goes on.
 *   Throws a `SecpackError` before the first entry when `dir` has neither
 *   `QSBs/` nor `canaries/`.
 *
 * @example
 *   for await (const entry of scanCheckout('qubes-secpack', { verify })) {
 *     console.log(entry.file, entry.kind, entry.verification?.authentic)
 *   }
 */
export async function* scanCheckout(dir: string, options?: Readonly<ScanOptions> | null): AsyncGenerator<ScanEntry> {
  for (const [folder, names] of await listFolders(dir)) {
    if (options?.folders && !options.folders.includes(folder)) continue
    for (const [name, signatures] of groupSignatures(names.keys())) {
      // A link out of the checkout is reported wherever it is: no tag or signature covers where it leads.
      const listed = wanted(folder, name, signatures) || (names.get(name)?.kind === 'outside' ? 'signed' : false)
      if (listed) yield await scanFile(dir, folder, name, signatures, listed, names, options)
    }
  }
}

/** Whether a file of a folder is listed, and as what. */
function wanted(folder: string, name: string, signatures: readonly string[]): 'document' | 'digests' | 'signed' | false {
  if ((documentFolders as readonly string[]).includes(folder)) return 'document'
  // `QSBs` or `canaries` that is not a folder (a link to one is not followed): say so rather than scan nothing.
  if (folder === '' && (documentFolders as readonly string[]).includes(name)) return 'signed'
  if (folder === digestsFolder && !/^readme/i.test(name)) return 'digests'
  return signatures.length > 0 || signatureName(name) ? 'signed' : false
}

async function scanFile(
  dir: string,
  folder: string,
  name: string,
  signatureNames: readonly string[],
  listed: 'document' | 'digests' | 'signed',
  names: ReadonlyMap<string, WalkedEntry>,
  options: Readonly<ScanOptions> | null | undefined,
): Promise<ScanEntry> {
  const walked = names.get(name) as WalkedEntry
  const file = folder ? `${folder}/${name}` : name
  const entry: ScanEntry = {
    file,
    kind: kindOf(name),
    signatures: signatureNames.map((signature) => (folder ? `${folder}/${signature}` : signature)),
    record: null,
    error: null,
    verification: null,
    digests: null,
    notes: [],
  }
  const orphan = signatureName(name)
  if (orphan && signatureNames.length === 0) entry.notes.push(`a signature of \`${orphan.document}\`, which is not in ${folder || 'the checkout'}/`)
  const isDocument = entry.kind === 'bulletin' || entry.kind === 'canary'
  if (isDocument && signatureNames.length === 0) entry.notes.push('no signature files: a draft, or not published here')
  if (walked.kind === 'outside') {
    entry.error = { message: `${file}: ${outside(walked)}`, ruleId: 'outside-checkout', line: null, column: null }
    return entry
  }
  if (folder === '' && (documentFolders as readonly string[]).includes(name)) {
    const message = `${file}: not a folder of the checkout (a link is not followed): its documents are not scanned`
    entry.error = { message, ruleId: 'not-a-file', line: null, column: null }
    return entry
  }
  const digests = listed === 'digests' && signatureNames.length === 0 && !orphan
  const wantRead = (isDocument && options?.parse !== false) || digests || (options?.verify && (isDocument || signatureNames.length > 0))
  if (!wantRead) return entry
  const read = readRegularFile(join(dir, file), options?.maxSize ?? readLimits.document)
  if ('failure' in read) {
    entry.error = { message: `${file}: ${read.failure.reason}`, ruleId: read.failure.ruleId, line: null, column: null }
    return entry
  }
  const bytes = read.bytes
  if (digests) return readDigests(entry, bytes, options)
  if (isDocument && options?.parse !== false) {
    try {
      entry.record = parseDocument(bytes, { path: file, file })
    } catch (error) {
      entry.error = entryError(file, error, 'unparsable')
    }
  }
  if (options?.verify) entry.verification = await checkSignatures(dir, options.verify, file, bytes, entry.signatures, names, options)
  return entry
}

function outside(walked: WalkedEntry): string {
  return `a link to ${walked.target}, outside the checkout: not followed`
}

async function readDigests(entry: ScanEntry, bytes: Uint8Array, options: Readonly<ScanOptions> | null | undefined): Promise<ScanEntry> {
  if (!digestsName(entry.file)) {
    // Any other file of `digests/` counts only if it holds a cleartext-signed message.
    if (!/^-----BEGIN PGP SIGNED MESSAGE-----\r?$/m.test(new TextDecoder().decode(bytes))) return { ...entry, notes: [...entry.notes, 'not a DIGESTS file, and not signed'] }
  }
  entry.kind = 'digests'
  if (!options?.verifyCleartext) {
    entry.notes.push('not verified: no cleartext verifier')
    return entry
  }
  let verdict
  try {
    verdict = await options.verifyCleartext(bytes, entry.file)
  } catch (error) {
    entry.error = entryError(entry.file, error, 'unreadable')
    return entry
  }
  entry.digests = digestsRecord(entry.file, bytes, verdict)
  if (verdict.error) entry.error = { message: verdict.error, ruleId: 'unreadable', line: null, column: null }
  const signatures = verdict.signatures.map(({ sha256, ...signature }) => toScanSignature(signature, sha256 ?? null))
  entry.verification = { authentic: signatures.length > 0 && signatures.every((signature) => signature.status === 'good'), signatures }
  return entry
}

async function checkSignatures(
  dir: string,
  verify: Verifier,
  file: string,
  document: Uint8Array,
  signatures: readonly string[],
  names: ReadonlyMap<string, WalkedEntry>,
  options: Readonly<ScanOptions> | null | undefined,
): Promise<ScanVerification> {
  const inputs: CheckoutSignature[] = []
  const unreadable = new Map<string, SignatureVerdict>()
  const digests = new Map<string, string>()
  for (const source of signatures) {
    const signer = signerIn(file.slice(file.lastIndexOf('/') + 1), source.slice(source.lastIndexOf('/') + 1))
    const walked = names.get(source.slice(source.lastIndexOf('/') + 1))
    if (walked?.kind === 'outside') {
      unreadable.set(source, errorVerdict(source, signer, `the signature file is ${outside(walked)}`))
      continue
    }
    const read = readRegularFile(join(dir, source), Math.min(options?.maxSize ?? readLimits.signature, readLimits.signature))
    if ('failure' in read) unreadable.set(source, errorVerdict(source, signer, `the signature file ${read.failure.reason}`))
    else {
      inputs.push({ source, signer, bytes: read.bytes })
      digests.set(source, await sha256(read.bytes))
    }
  }
  const checked = new Map((await askVerifier(verify, document, inputs)).map((verdict) => [verdict.source, verdict]))
  const verdicts = signatures.map((source) =>
    toScanSignature((unreadable.get(source) ?? checked.get(source)) as SignatureVerdict, digests.get(source) ?? null),
  )
  return { authentic: verdicts.length > 0 && verdicts.every((verdict) => verdict.status === 'good'), signatures: verdicts }
}

function toScanSignature(verdict: SignatureVerdict, digest: string | null): ScanSignature {
  // Only the contract's fields: a verifier may say more (`issuer`), which the record schemas do not allow.
  const { source, signer, fingerprint, created, hash, status, notes } = verdict
  return { source, signer, fingerprint, created, hash, status, notes: [...notes], sha256: digest, accepted: null }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const { createHash } = await import('node:crypto')
  return createHash('sha256').update(bytes).digest('hex')
}

/** The checkout's folders with their entries by name, sorted by folder (`` for the top). */
async function listFolders(dir: string): Promise<Array<[string, Map<string, WalkedEntry>]>> {
  const stat = await fs.stat(dir).catch(() => null)
  if (!stat?.isDirectory()) throw new SecpackError(`${dir}: cannot read: no such folder`)
  const hasDocuments = await Promise.all(documentFolders.map((folder) => fs.stat(join(dir, folder)).then((found) => found.isDirectory(), () => false)))
  if (!hasDocuments.some(Boolean)) throw new SecpackError(`${dir} is not a secpack checkout: it has neither QSBs/ nor canaries/`)
  const folders = new Map<string, Map<string, WalkedEntry>>()
  for (const entry of await walkFolder(dir, { skip: ['.git'] })) {
    const slash = entry.path.lastIndexOf('/')
    const folder = slash < 0 ? '' : entry.path.slice(0, slash)
    const names = folders.get(folder) ?? new Map<string, WalkedEntry>()
    names.set(entry.path.slice(slash + 1), entry)
    folders.set(folder, names)
  }
  return [...folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}
