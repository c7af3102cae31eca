/**
 * Verifying a document that came in a container (a post, a page, a mail):
 * only the bytes recovered from it are checked, and the record says which part
 * of the input they were. A copy damaged on the way cannot match its
 * signatures; the verdicts say so plainly.
 */
import type { Keyring } from './keyring.js'
import type { Verification } from './schema.js'
import type { Verified } from './verified.js'
import { type SignatureInput, verifyDocument, type VerifyOptions } from './verify.js'

type Span = Verified['span']
type Within = NonNullable<Verified['within']>
/** A part of a container, as `sources/` describes it (`byteSpan` and `message` optional). */
export type EmbeddedPart = Omit<NonNullable<Verified['part']>, 'byteSpan' | 'message'> & {
  byteSpan?: { start: number; end: number } | undefined
  message?: NonNullable<Verified['part']>['message'] | undefined
}

/** What a container held, as the verifier needs it (`sources/`' `Unwrapped` has this shape). */
export interface EmbeddedDocument {
  /** The recovered bytes: what the secpack file would hold. */
  bytes: Uint8Array
  /** Other readings the container leaves open (blank lines at the edges), most likely first. */
  alternatives?: readonly Uint8Array[] | undefined
  /** Where each alternative came from, in the same order. */
  alternativeSpans?: ReadonlyArray<{ span: Span; byteSpan?: { start: number; end: number } | undefined; within?: Within | undefined }> | undefined
  /** `lossy` when the text was damaged on the way. */
  fidelity: 'exact' | 'lossy'
  /** The container. */
  format: string
  /** Where in the decoded input the bytes came from. */
  span: Span
  /** The same in input bytes, when known. */
  byteSpan?: { start: number; end: number } | undefined
  /** How the bytes under `span` decode to `bytes` (default `identity`). */
  encoding?: Verified['encoding'] | undefined
  /** Where the text lies in the decoded content under `span`, when that holds more. */
  within?: Within | undefined
  /** The part of the container the bytes are in. */
  part?: EmbeddedPart | undefined
  /** What a reader of the container sees that differs from the bytes. */
  warnings?: readonly string[] | undefined
  /** Other parts with readable text, not covered by the signatures. */
  others?: readonly EmbeddedPart[] | undefined
}

/** A verification of recovered bytes, with where they came from. */
export type EmbeddedVerification = Verification & {
  /** Which part of the input was verified: the container, its fidelity, the span, the part, and what a reader sees otherwise. */
  verified: Verified
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
  const where = reading === 0 ? document : (document.alternativeSpans?.[reading - 1] ?? { span: document.span })
  const [firstLine, lastLine] = edgeLines(readings[reading] as Uint8Array)
  return {
    ...chosen,
    verified: {
      format: document.format,
      fidelity: document.fidelity,
      span: where.span,
      byteSpan: where.byteSpan ?? null,
      reading,
      encoding: document.encoding ?? 'identity',
      within: where.within ?? null,
      part: document.part ? toPart(document.part) : null,
      firstLine,
      lastLine,
      warnings: [...(document.warnings ?? [])],
      unsigned: (document.others ?? []).map(toPart),
      traced: null,
    },
  }
}

function toPart(part: EmbeddedPart): NonNullable<Verified['part']> {
  return { kind: part.kind, name: part.name, span: part.span, byteSpan: part.byteSpan ?? null, message: part.message ?? null }
}

/** The first and last non-blank lines of a text, as written (trailing whitespace aside). */
function edgeLines(bytes: Uint8Array): [string, string] {
  const lines = new TextDecoder().decode(bytes).split(/\r?\n/).map((line) => line.trimEnd()).filter((line) => line.trim() !== '')
  return [lines[0] ?? '', lines.at(-1) ?? '']
}
