/**
 * Verifying a document that came in a container (a post, a page, a mail):
 * only the bytes recovered from it are checked, and the record says which part
 * of the input they were. A copy damaged on the way cannot match its
 * signatures; the verdicts say so plainly.
 */
import type { Keyring } from './keyring.js'
import type { Verification } from './schema.js'
import { type SignatureInput, verifyDocument, type VerifyOptions } from './verify.js'

/** What a container held, as the verifier needs it (`sources/`' `Unwrapped` has this shape). */
export interface EmbeddedDocument {
  /** The recovered bytes: what the secpack file would hold. */
  bytes: Uint8Array
  /** Other readings the container leaves open (blank lines at the edges), most likely first. */
  alternatives?: readonly Uint8Array[] | undefined
  /** `lossy` when the text was damaged on the way. */
  fidelity: 'exact' | 'lossy'
  /** The container. */
  format: string
  /** Where in the decoded input the bytes came from. */
  span: { start: { line: number; column: number; offset: number }; end: { line: number; column: number; offset: number } }
  /** The same in input bytes, when known. */
  byteSpan?: { start: number; end: number } | undefined
}

/** A verification of recovered bytes, with where they came from. */
export type EmbeddedVerification = Verification & {
  /** Which part of the input was verified: the container, its fidelity, and the span. */
  verified: {
    format: string
    fidelity: 'exact' | 'lossy'
    span: EmbeddedDocument['span']
    byteSpan: { start: number; end: number } | null
    /** Which reading verified: 0 for the recovered bytes, n for the n-th alternative. */
    reading: number
  }
}

const damaged =
  'the text was damaged in transit (a lossy copy: underlines, indentation or line breaks lost), so it cannot match ' +
  'what was signed; trace it to the signed revision with `qsb match --secpack DIR`'

/**
 * Verify recovered bytes against signatures (embedded ones, or others).
 *
 * @param document
 *   What the container held.
 * @param signatures
 *   The signatures to check.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The verification of the first reading that is authentic, else of the
 *   recovered bytes; `verified` says which bytes of the input those were.
 *   Never throws for bad input.
 */
export async function verifyEmbedded(
  document: Readonly<EmbeddedDocument>,
  signatures: readonly SignatureInput[],
  keyring: Keyring,
  options?: Readonly<VerifyOptions> | null,
): Promise<EmbeddedVerification> {
  const readings = [document.bytes, ...(document.fidelity === 'exact' ? (document.alternatives ?? []) : [])]
  let chosen = await verifyDocument(document.bytes, signatures, keyring, options)
  let reading = 0
  for (let index = 1; !chosen.authentic && index < readings.length && signatures.length > 0; index++) {
    const attempt = await verifyDocument(readings[index] as Uint8Array, signatures, keyring, options)
    if (attempt.authentic) {
      chosen = attempt
      reading = index
    }
  }
  if (document.fidelity === 'lossy') {
    chosen = {
      ...chosen,
      signatures: chosen.signatures.map((signature) =>
        signature.status === 'bad' ? { ...signature, notes: [...signature.notes, damaged] } : signature,
      ),
    }
  }
  return {
    ...chosen,
    verified: {
      format: document.format,
      fidelity: document.fidelity,
      span: document.span,
      byteSpan: reading === 0 ? (document.byteSpan ?? null) : null,
      reading,
    },
  }
}
