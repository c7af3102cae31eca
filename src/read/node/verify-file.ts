/**
 * Verifying files: a document's sibling signature files, `verifyFile` and
 * `verifyFiles` for files that are their own bytes, and `verifyInput` for a
 * file that may be anything (a secpack file, a post, a page, a mail, a paste).
 */
import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { documentName, groupSignatures, signerIn, signerOf } from '../../names/secpack.js'
import { detectFormat, type Format } from '../../sources/index.js'
import {
  hasCleartext,
  type Keyring,
  type Signature,
  type SignatureInput,
  type Verification,
  verdictOf,
  verifyDocument,
  type VerifyOptions,
} from '../../verify/index.js'
import { verifyRepost } from '../repost.js'
import { type ReadFailure, readLimits, readRegularFile } from './files.js'

/** Options of {@link verifyFile}. */
export interface VerifyFileOptions extends VerifyOptions {
  /** Signature files to use instead of the document's siblings (`NAME.sig.<signer>`, `NAME.sign.<signer>`). */
  signatures?: readonly string[] | null | undefined
  /**
   * The document's bytes, already read (standard input, `-`): the path then
   * only names it, and no sibling is looked for.
   */
  bytes?: Uint8Array | null | undefined
}

/** Options of {@link verifyInput}. */
export interface VerifyInputOptions extends VerifyFileOptions {
  /** The container, when known (skips detection). */
  format?: Format | null | undefined
  /** Folder listings already read (a caller checking many files passes one map). */
  listings?: Map<string, string[]> | null | undefined
}

/**
 * Find a document's detached signature files: its siblings `NAME.sig.<signer>`
 * or `NAME.sign.<signer>` (a signature belongs to the longest name in the
 * folder it could sign).
 *
 * @param document
 *   The document's path.
 * @param listings
 *   Folder listings already read, by folder (optional): a caller checking
 *   many documents passes one map so each folder is listed once.
 * @returns
 *   Their paths, sorted; none when the folder cannot be read.
 */
export async function findSignatures(document: string, listings?: Map<string, string[]> | null): Promise<string[]> {
  return siblings(document, listings ?? new Map())
}

function siblings(document: string, listings: Map<string, string[]>): string[] {
  const folder = dirname(document)
  let entries = listings.get(folder)
  if (!entries) {
    try {
      entries = readdirSync(folder)
    } catch {
      entries = []
    }
    listings.set(folder, entries)
  }
  const name = basename(document)
  const listed = entries.includes(name)
  let groups = groupings.get(entries)
  if (!listed || groups?.length !== entries.length) {
    groups = { length: entries.length, byName: groupSignatures(listed ? entries : [...entries, name]) }
    if (listed) groupings.set(entries, groups)
  }
  return (groups.byName.get(name) ?? []).map((entry) => join(folder, entry))
}

/**
 * Each listing's signatures grouped once (by the listing's array), not once per
 * document of the folder; grouped again if a caller's listing grew or shrank.
 */
const groupings = new WeakMap<string[], { length: number; byName: Map<string, string[]> }>()

/**
 * Verify document files, each against its own signature files (siblings,
 * each folder listed once), in order.
 *
 * @param paths
 *   The documents' paths.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional); `file` does not apply here.
 * @returns
 *   One verification per path, in order. Never throws.
 */
export async function verifyFiles(
  paths: readonly string[],
  keyring: Keyring,
  options?: Readonly<VerifyOptions> | null,
): Promise<Verification[]> {
  const listings = new Map<string, string[]>()
  const results: Verification[] = []
  for (const path of paths) {
    results.push(await verifyFile(path, keyring, { ...options, file: path, signatures: siblings(path, listings) }))
  }
  return results
}

/**
 * Verify a document file, as its own bytes, against its signature files.
 *
 * @param path
 *   The document's path.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional): explicit signature files, policy, limits.
 * @returns
 *   The verification (`file` is the path unless `options.file` is given).
 *   Never throws: an unreadable document sets `error`, an unreadable
 *   signature file gets `status: 'error'`.
 */
export async function verifyFile(path: string, keyring: Keyring, options?: Readonly<VerifyFileOptions> | null): Promise<Verification> {
  const file = options?.file !== undefined ? options.file : path
  const document = options?.bytes ? { bytes: options.bytes } : readRegularFile(path, options?.maxDocumentSize ?? readLimits.document)
  if ('failure' in document) return unread(file, document.failure, keyring.master)
  const paths = options?.signatures ?? (options?.bytes ? [] : await findSignatures(path))
  const documentName = basename(path)
  const inputs: SignatureInput[] = []
  const unreadable = new Map<number, Signature>()
  for (const [index, signaturePath] of paths.entries()) {
    const name = basename(signaturePath)
    // A sibling names its signer after the document's name; a signature file given by hand, after its own.
    const signer = name.startsWith(`${documentName}.sig`) ? signerIn(documentName, name) : signerOf(name)
    const bytes = readRegularFile(signaturePath, options?.maxSignatureSize ?? readLimits.signature)
    if ('failure' in bytes) {
      const notes = [`the signature file ${bytes.failure.reason}`]
      unreadable.set(index, { source: signaturePath, signer, fingerprint: null, issuer: null, created: null, hash: null, status: 'error', notes })
    } else inputs.push({ source: signaturePath, bytes: bytes.bytes, signer })
  }
  const verified = await verifyDocument(document.bytes, inputs, keyring, { ...options, file })
  const digests = new Map(inputs.map((input) => [input.source, createHash('sha256').update(input.bytes).digest('hex')]))
  const result: Verification = {
    ...verified,
    signatures: verified.signatures.map((signature) => ({ ...signature, sha256: digests.get(signature.source) ?? null })),
    unwrapped: false,
  }
  if (unreadable.size === 0) return result
  const signatures: Signature[] = []
  const checked = [...result.signatures]
  for (let index = 0; index < paths.length; index++) {
    const verdict = unreadable.get(index) ?? checked.shift()
    if (verdict) signatures.push(verdict)
  }
  return { ...result, authentic: false, signatures, verdict: verdictOf(signatures, result.error) }
}

/** A document that could not be read: its error, in the one wording of read failures. */
function unread(file: string | null, failure: ReadFailure, master: string): Verification {
  const error = { message: failure.message, ruleId: failure.ruleId, line: null, column: null }
  return { file, authentic: false, sha256: null, signatures: [], verdict: 'error', error, master }
}

/**
 * Verify what a file carries. A file of a checkout — one with signature
 * files beside it, or named as a secpack document (`qsb-080-2022.txt`) — is
 * its own bytes: it is checked as it is, never unwrapped, so a mail header,
 * front matter or a page put around signed text makes it `bad`, as GnuPG
 * says. Secpack text given by hand is checked as it is too. Anything else is
 * a repost: the container is unwrapped (a cleartext-signed block is read
 * strictly) and only the bytes recovered from it are checked, against its
 * embedded signatures (or the signature files given). An explicit `format`
 * says the file is a repost in that container. The record's `unwrapped`
 * says which it was.
 *
 * @param file
 *   The file's path.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional).
 * @returns
 *   One verification per document in the file (a mailbox may hold several;
 *   their `file` is `FILE#n`). Never throws for bad input.
 */
export async function verifyInput(file: string, keyring: Keyring, options?: Readonly<VerifyInputOptions> | null): Promise<Verification[]> {
  const given = options?.signatures && options.signatures.length > 0 ? options.signatures : null
  const settings = { ...options, file }
  const read = options?.bytes ? { bytes: options.bytes } : readRegularFile(file, options?.maxDocumentSize ?? readLimits.document)
  if ('failure' in read) return [unread(file, read.failure, keyring.master)]
  const format = options?.format ?? detectFormat(read.bytes, { path: file })
  // Signature files beside a file sign that file as it is (a bulletin, or any signed file such as a `.dot`).
  const besides = options?.bytes ? [] : await findSignatures(file, options?.listings ?? null)
  const checkoutFile = !options?.format && (besides.length > 0 || documentName(file) !== null)
  const bareText = format === 'secpack' && (given !== null || !hasCleartext(read.bytes))
  if (checkoutFile || bareText) {
    return [await verifyFile(file, keyring, { ...settings, signatures: given ?? besides })]
  }
  const unreadable = new Map<string, string>()
  const reposts = await verifyRepost(read.bytes, keyring, {
    ...options,
    path: file,
    format,
    signatures: given ? readSignatures(given, unreadable) : null,
  })
  return reposts.map((result) => ({
    ...result,
    signatures: result.signatures.map((signature) => {
      const reason = unreadable.get(signature.source)
      return reason ? { ...signature, status: 'error' as const, notes: [`the signature file ${reason}`] } : signature
    }),
    unwrapped: true,
  }))
}

function readSignatures(paths: readonly string[], unreadable: Map<string, string>): SignatureInput[] {
  return paths.map((path) => {
    const read = readRegularFile(path, readLimits.signature)
    // An unreadable signature file is a signature that cannot be checked: it is passed empty (an `error`), and its reason put back after.
    if ('failure' in read) unreadable.set(path, read.failure.reason)
    return { source: path, bytes: 'failure' in read ? new Uint8Array() : read.bytes, signer: signerOf(path) }
  })
}
