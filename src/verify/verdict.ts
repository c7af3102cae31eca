/**
 * A document's verdict from the verdicts on its signatures, apart from the
 * zod schema (`schema.ts`) so that verifying never loads zod.
 */

/** What a document is: see `Verdict` in `schema.ts` for each value. */
export type DocumentVerdict = 'authentic' | 'not-authentic' | 'cannot-check' | 'unsigned' | 'error'

/**
 * The verdict on a document from its signatures.
 *
 * @param signatures
 *   The verdicts on its signatures.
 * @param error
 *   Why the document could not be verified, or null.
 * @returns
 *   `error` with an error; `unsigned` without signatures; `authentic` when
 *   every signature is `good`; `cannot-check` when the rest are `good` but
 *   some key is missing (`unknown-key`); `not-authentic` otherwise.
 */
export function verdictOf(signatures: ReadonlyArray<{ status: string }>, error: unknown): DocumentVerdict {
  if (error) return 'error'
  if (signatures.length === 0) return 'unsigned'
  if (signatures.every((signature) => signature.status === 'good')) return 'authentic'
  if (signatures.every((signature) => signature.status === 'good' || signature.status === 'unknown-key')) return 'cannot-check'
  return 'not-authentic'
}
