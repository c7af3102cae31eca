/**
 * `verifyRepost`: whatever container some bytes are — a news post, a web page,
 * a mail or mailbox, a paste — unwrap it and verify only what was recovered,
 * against the signatures it embeds or the ones given. A paste (plain text,
 * even one that starts with the bulletin's own banner) that holds a
 * cleartext-signed block (`BEGIN PGP SIGNED MESSAGE`) is read as one: the
 * strict reader takes out the signed block, and only it is verified and
 * shown as signed.
 * Browser-safe: bytes in, verdicts out, no files.
 */
import type { VFileMessage } from 'vfile-message'
import type { Format, Unwrapped } from '../sources/index.js'
import { detectFormat, unwrap } from '../sources/index.js'
import { locate } from '../text/index.js'
import {
  type EmbeddedVerification,
  hasCleartext,
  type Keyring,
  type SignatureInput,
  type Verification,
  verifyCleartext,
  verifyEmbedded,
  type VerifyOptions,
} from '../verify/index.js'

/** Options of {@link verifyRepost}. */
export interface VerifyRepostOptions extends VerifyOptions {
  /** Name of the input, for messages and the record's `file`; detection ties are broken by its extension. */
  path?: string | null | undefined
  /** The container, when known (skips detection). */
  format?: Format | null | undefined
  /** Signatures to use instead of the embedded ones. */
  signatures?: readonly SignatureInput[] | null | undefined
  /** Signatures to use when the input embeds none (a file's siblings). */
  fallback?: readonly SignatureInput[] | null | undefined
}

/**
 * Verify what a container carries.
 *
 * @param input
 *   The container's bytes, as read.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional).
 * @returns
 *   One verification per document in the input (a mailbox may hold several;
 *   their `file` is `NAME#n`). Never throws for bad input: an input with no
 *   bulletin, or a post that only redirects, gives a verification with `error`.
 */
export async function verifyRepost(
  input: Uint8Array,
  keyring: Keyring,
  options?: Readonly<VerifyRepostOptions> | null,
): Promise<Array<Verification | EmbeddedVerification>> {
  const file = options?.path ?? null
  const given = options?.signatures && options.signatures.length > 0 ? options.signatures : null
  // A paste (plain text, or text that starts with the banner) holding a cleartext-signed block: that block is what was signed.
  const format = options?.format ?? detectFormat(input, { path: file })
  if (!given && (format === 'plain' || format === 'secpack') && hasCleartext(input)) {
    return [await cleartextRepost(input, keyring, { ...options, file })]
  }
  let found: Unwrapped[]
  try {
    found = await unwrap(input, { path: file, format })
  } catch (error) {
    return [{ file, authentic: false, sha256: null, signatures: [], verdict: 'error', error: documentError(file, error), master: keyring.master }]
  }
  const embeddedAny = found.some((entry) => entry.signatures.length > 0)
  const results: Array<Verification | EmbeddedVerification> = []
  for (const [index, unwrapped] of found.entries()) {
    const name = found.length > 1 && file ? `${file}#${index + 1}` : file
    if (unwrapped.redirect !== undefined) {
      const message = `${file ?? 'input'}: no bulletin text: this post only redirects to ${unwrapped.redirect}`
      results.push({ file: name, authentic: false, sha256: null, signatures: [], verdict: 'error', error: { message, ruleId: 'redirect', line: null, column: null }, master: keyring.master })
      continue
    }
    const embedded = unwrapped.signatures.map((signature) => ({ source: signature.source, bytes: signature.bytes, signer: signature.signer }))
    const signatures = given ?? (embedded.length > 0 ? embedded : embeddedAny ? [] : (options?.fallback ?? []))
    results.push(withDigests(await verifyEmbedded(unwrapped, signatures, keyring, { ...options, file: name }), await digestsOf(signatures)))
  }
  return results
}

/** Why the input holds nothing to verify, naming it once (`post.md:1:1: No bulletin found: …`). */
function documentError(file: string | null, error: unknown): NonNullable<Verification['error']> {
  const name = file ?? 'input'
  const message = error as Partial<VFileMessage> | null
  if (error instanceof Error && typeof message?.reason === 'string') {
    const line = message.line ?? null
    const column = line === null ? null : (message.column ?? null)
    const at = line === null ? '' : `:${line}${column === null ? '' : `:${column}`}`
    return { message: `${name}${at}: ${message.reason}`, ruleId: message.ruleId ?? 'no-bulletin', line, column }
  }
  return { message: `${name}: ${error instanceof Error ? error.message : String(error)}`, ruleId: 'no-bulletin', line: null, column: null }
}

/** The verification of a cleartext-signed block, with the place of the signed lines in the input. */
async function cleartextRepost(input: Uint8Array, keyring: Keyring, options: Readonly<VerifyOptions>): Promise<Verification> {
  const result = await verifyCleartext(input, keyring, options)
  const { signed, ...verification } = result
  if (!signed) return verification
  // Places come from the one table of lines every reader uses (CR, LF and CRLF alike).
  const decoder = new TextDecoder()
  const places = locate(decoder.decode(input))
  const offset = (byte: number): number => decoder.decode(input.subarray(0, byte)).length
  const span = { start: places.point(offset(signed.byteSpan.start)), end: places.point(offset(signed.byteSpan.end)) }
  const lines = signed.text.split('\n').filter((line) => line.trim() !== '')
  const verified = {
    format: 'cleartext',
    fidelity: 'exact' as const,
    span,
    byteSpan: signed.byteSpan,
    reading: 0,
    encoding: 'cleartext' as const,
    within: null,
    part: null,
    firstLine: lines[0] ?? '',
    lastLine: lines.at(-1) ?? '',
    warnings: [],
    unsigned: [],
    traced: null,
  }
  return { ...verification, verified }
}

async function digestsOf(signatures: readonly SignatureInput[]): Promise<Map<string, string>> {
  const digests = new Map<string, string>()
  for (const signature of signatures) {
    const bytes = typeof signature.bytes === 'string' ? new TextEncoder().encode(signature.bytes) : signature.bytes
    // WebCrypto, on Node and in browsers alike: this module stays browser-safe.
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
    digests.set(signature.source, [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join(''))
  }
  return digests
}

/** The verification with each signature's `sha256` (of its bytes, for an accept list). */
function withDigests<T extends Verification>(result: T, digests: ReadonlyMap<string, string>): T {
  return { ...result, signatures: result.signatures.map((signature) => ({ ...signature, sha256: digests.get(signature.source) ?? null })) }
}
