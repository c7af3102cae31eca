/**
 * `verifyInput`: whatever a file is — a secpack file, a news post, a web page,
 * a mail or mailbox, a paste — verify what it carries. A file with signature
 * files beside it is checked as it is; a container is unwrapped and only the
 * bytes recovered from it are checked, against its embedded signatures (or
 * the signature files given, or its siblings).
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { detectFormat } from '../sources/detect.js'
import type { Format } from '../sources/types.js'
import { findSignatures, verifyFile } from './files.js'
import type { Keyring } from './keyring.js'
import { signerOf } from './names.js'
import type { Verification } from './schema.js'
import type { SignatureInput, VerifyOptions } from './verify.js'

/** Options of {@link verifyInput}. */
export interface VerifyInputOptions extends VerifyOptions {
  /** Signature files to use instead of the embedded ones or the siblings. */
  signatures?: readonly string[] | null | undefined
  /** The container, when known (skips detection). */
  format?: Format | null | undefined
  /** Folder listings already read (a caller checking many files passes one map). */
  listings?: Map<string, string[]> | null | undefined
}

/**
 * Verify what a file carries.
 *
 * @param file
 *   The file's path.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional).
 * @returns
 *   One verification per document in the file (a mailbox may hold several;
 *   their \`file\` is \`FILE#n\`). Never throws for bad input: an unreadable file
 *   or one with no bulletin gives a verification with \`error\`.
 */
export async function verifyInput(file: string, keyring: Keyring, options?: Readonly<VerifyInputOptions> | null): Promise<Verification[]> {
  const given = options?.signatures && options.signatures.length > 0 ? options.signatures : null
  const settings = { ...options, file }
  let head: Uint8Array
  try {
    head = readHead(file)
  } catch {
    // verifyFile words the problem (missing, a folder, unreadable) the same way for every path.
    return [await verifyFile(file, keyring, { ...settings, signatures: given ?? [] })]
  }
  const format = options?.format ?? detectFormat(head, { path: file })
  // Signature files beside a file sign that file as it is (a bulletin, or any signed file such as a `.dot`).
  const besides = await findSignatures(file, options?.listings ?? null)
  if (format === 'secpack' || (format === 'plain' && !options?.format && besides.length > 0)) {
    return [await verifyFile(file, keyring, { ...settings, signatures: given ?? besides })]
  }
  // Containers need the unwrapping code: load it only for them.
  const { unwrap } = await import('../sources/unwrap.js')
  const { verifyEmbedded } = await import('./repost.js')
  let found: Awaited<ReturnType<typeof unwrap>>
  try {
    found = await unwrap(await readFile(file), { path: file, format })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return [{ file, authentic: false, sha256: null, signatures: [], error: `${file}: ${reason}` }]
  }
  const named = await readSignatures(given ?? [])
  const siblings = found.some((entry) => entry.signatures.length > 0) ? [] : await readSignatures(besides)
  const results: Verification[] = []
  for (const [index, unwrapped] of found.entries()) {
    const embedded = unwrapped.signatures.map((signature) => ({ source: signature.source, bytes: signature.bytes, signer: signature.signer }))
    const signatures = named.length > 0 ? named : embedded.length > 0 ? embedded : siblings
    const name = found.length > 1 ? `${file}#${index + 1}` : file
    results.push(await verifyEmbedded(unwrapped, signatures, keyring, { ...options, file: name }))
  }
  return results
}

/**
 * The first bytes of a file, enough to tell its container. Synchronous: a
 * thread-pool round trip costs more than reading a bulletin.
 */
function readHead(file: string): Uint8Array {
  const descriptor = openSync(file, 'r')
  try {
    const buffer = new Uint8Array(64 * 1024)
    const length = readSync(descriptor, buffer, 0, buffer.length, 0)
    return buffer.subarray(0, length)
  } finally {
    closeSync(descriptor)
  }
}

async function readSignatures(paths: readonly string[]): Promise<SignatureInput[]> {
  const read: SignatureInput[] = []
  for (const path of paths) {
    try {
      read.push({ source: path, bytes: await readFile(path), signer: signerOf(path) })
    } catch {
      // An unreadable signature file is a signature that cannot be checked: an empty one gets `error`.
      read.push({ source: path, bytes: new Uint8Array(), signer: signerOf(path) })
    }
  }
  return read
}
