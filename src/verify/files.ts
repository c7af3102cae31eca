/**
 * The file-system side: keys from a secpack checkout or named paths, a
 * document's sibling signature files, and `verifyFile`, which reads them all
 * with bounded sizes.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { buildKeyring, type Keyring, type KeyringOptions, type KeySource } from './keyring.js'
import type { Signature, Verification } from './schema.js'
import { isSignatureName, signerOf } from './names.js'
import { limits, type SignatureInput, verifyDocument, type VerifyOptions } from './verify.js'

/** Options of {@link loadKeyring}. */
export interface LoadKeyringOptions extends KeyringOptions {
  /**
   * A secpack checkout: keys are read from its `keys/master-key/`,
   * `keys/security-team/` and `keys/security-team/retired/`. Which folder a key
   * sits in decides nothing: trust comes from the pinned master key.
   */
  secpack?: string | null | undefined
  /** Key files, or folders whose `.asc`, `.gpg`, `.pgp`, `.pub` and `.key` files are read. */
  keys?: readonly string[] | null | undefined
}

/** Options of {@link verifyFile}. */
export interface VerifyFileOptions extends VerifyOptions {
  /** Signature files to use instead of the document's siblings (`NAME.sig.<signer>`, `NAME.sign.<signer>`). */
  signatures?: readonly string[] | null | undefined
}

const keyFolders = ['keys/master-key', 'keys/security-team', 'keys/security-team/retired']
const keyExtensions = /\.(?:asc|gpg|pgp|pub|key)$/i
const maxKeyFileSize = 4 * 1024 * 1024

/**
 * Load keys from a secpack checkout and/or named files and folders.
 *
 * @param options
 *   Where the keys are, and the trust anchor (optional).
 * @returns
 *   The keyring. Throws when a named path (or the checkout's `keys/`) does
 *   not exist; unreadable key files become `diagnostics`.
 */
export async function loadKeyring(options?: Readonly<LoadKeyringOptions> | null): Promise<Keyring> {
  const paths: string[] = []
  const diagnostics: string[] = []
  if (options?.secpack) {
    await stat(join(options.secpack, 'keys'))
    for (const folder of keyFolders) {
      const path = join(options.secpack, folder)
      try {
        paths.push(...(await keyFilesIn(path)))
      } catch {
        diagnostics.push(`${path}: no such folder`)
      }
    }
  }
  for (const path of options?.keys ?? []) {
    if ((await stat(path)).isDirectory()) paths.push(...(await keyFilesIn(path)))
    else paths.push(path)
  }
  const sources: KeySource[] = []
  for (const path of paths) {
    const read = await readBounded(path, maxKeyFileSize)
    if (typeof read === 'string') diagnostics.push(`${path}: ${read}`)
    else sources.push({ source: path, bytes: read })
  }
  return buildKeyring(sources, options, diagnostics)
}

async function keyFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && keyExtensions.test(entry.name))
    .map((entry) => join(folder, entry.name))
    .sort()
}

/**
 * Find a document's detached signature files: its siblings named
 * `NAME.sig.<signer>` or `NAME.sign.<signer>`.
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

/** Signature siblings of a document, listing each folder once per `listings`. */
function siblings(document: string, listings: Map<string, string[]>): string[] {
  const folder = dirname(document)
  const name = basename(document)
  let entries = listings.get(folder)
  if (!entries) {
    try {
      entries = readdirSync(folder)
    } catch {
      entries = []
    }
    listings.set(folder, entries)
  }
  return entries
    .filter((entry) => entry.startsWith(`${name}.sig`) && isSignatureName(entry) && entry.slice(name.length).split('.').length === 3)
    .sort()
    .map((entry) => join(folder, entry))
}

/**
 * Verify document files, each against its own signature files (siblings,
 * each folder listed once), in order.
 *
 * @param paths
 *   The documents' paths.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional); `signatures` and `file` do not apply here.
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
 * Verify a document file against its signature files.
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
  const document = await readBounded(path, options?.maxDocumentSize ?? limits.document)
  if (typeof document === 'string') return { file, authentic: false, sha256: null, signatures: [], error: document }
  const paths = options?.signatures ?? (await findSignatures(path))
  const inputs: SignatureInput[] = []
  const unreadable = new Map<number, Signature>()
  for (const [index, signaturePath] of paths.entries()) {
    const signer = signerOf(signaturePath)
    const bytes = await readBounded(signaturePath, options?.maxSignatureSize ?? limits.signature)
    if (typeof bytes === 'string') {
      const notes = [bytes]
      unreadable.set(index, { source: signaturePath, signer, fingerprint: null, issuer: null, created: null, hash: null, status: 'error', notes })
    } else inputs.push({ source: signaturePath, bytes, signer })
  }
  const result = await verifyDocument(document, inputs, keyring, { ...options, file })
  if (unreadable.size === 0) return result
  const signatures: Signature[] = []
  const verified = [...result.signatures]
  for (let index = 0; index < paths.length; index++) {
    const verdict = unreadable.get(index) ?? verified.shift()
    if (verdict) signatures.push(verdict)
  }
  return { ...result, authentic: false, signatures }
}

/**
 * Read a regular file of at most `max` bytes. Synchronous on purpose: these
 * files are small and bounded, and a thread-pool round trip per call
 * (open, stat, read, close) costs some 25 times the read itself.
 *
 * @returns
 *   The bytes, or a message saying why not.
 */
async function readBounded(path: string, max: number): Promise<Uint8Array | string> {
  let descriptor: number | undefined
  try {
    descriptor = openSync(path, 'r')
    const info = fstatSync(descriptor)
    if (!info.isFile()) return 'Unexpected path that is not a regular file'
    if (info.size > max) return `Unexpected file of ${info.size} bytes, larger than the ${max} accepted`
    // Read one byte past the size: a file may grow between `stat` and `read`.
    const buffer = new Uint8Array(Math.min(info.size, max) + 1)
    let length = 0
    for (;;) {
      const read = readSync(descriptor, buffer, length, buffer.length - length, null)
      if (read === 0) break
      length += read
      if (length === buffer.length) return `Unexpected file that grew while being read, or is larger than the ${max} bytes accepted`
    }
    return buffer.subarray(0, length)
  } catch (error) {
    return `Unreadable file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`
  } finally {
    if (descriptor !== undefined) closeSync(descriptor)
  }
}
