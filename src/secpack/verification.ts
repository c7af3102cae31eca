/**
 * Calling the injected verifier safely and once per question: a verifier
 * that throws or leaves a signature out yields `error` verdicts rather than
 * stopping the batch, its verdicts are cut to the contract's fields, and a
 * signature already checked against the same text (the same blobs) is not
 * checked again.
 */
import { reasonOf } from './errors.js'
import type { HistoryState } from './schema.js'
import type { CheckoutSignature, SignatureVerdict, Verifier } from './types.js'

/** A signature to check, whose bytes are read only when needed. */
export interface PendingSignature {
  /** Path of the signature file. */
  source: string
  /** The name in its suffix, or null. */
  signer: string | null
  /** Its content's identity (a blob id), for the cache. */
  id: string
  /** Read its bytes. */
  read: () => Promise<Uint8Array>
}

/**
 * A verdict for a signature that could not be checked.
 *
 * @param source
 *   Path of the signature file.
 * @param signer
 *   The name in its suffix, or null.
 * @param note
 *   Why it could not be checked.
 * @returns
 *   An `error` verdict.
 */
export function errorVerdict(source: string, signer: string | null, note: string): SignatureVerdict {
  return { source, signer, fingerprint: null, created: null, hash: null, status: 'error', notes: [note] }
}

/**
 * Ask a verifier about a document's signatures, without letting it stop the batch.
 *
 * @param verify
 *   The injected verifier.
 * @param document
 *   The document's exact bytes.
 * @param signatures
 *   The signatures.
 * @returns
 *   One verdict per signature, in the order given.
 */
export async function askVerifier(
  verify: Verifier,
  document: Uint8Array,
  signatures: readonly CheckoutSignature[],
): Promise<SignatureVerdict[]> {
  if (signatures.length === 0) return []
  let verdicts: readonly SignatureVerdict[]
  try {
    verdicts = (await verify(document, [...signatures])).signatures
  } catch (error) {
    const note = `verification failed: ${reasonOf(error)}`
    return signatures.map((signature) => errorVerdict(signature.source, signature.signer, note))
  }
  const bySource = new Map(verdicts.map((verdict) => [verdict.source, verdict]))
  return signatures.map((signature) => {
    const verdict = bySource.get(signature.source)
    if (!verdict) return errorVerdict(signature.source, signature.signer, 'the verifier gave no verdict')
    // Only the contract's fields: a verifier may say more (`issuer`), which the record schemas do not allow.
    const { source, signer, fingerprint, created, hash, status, notes } = verdict
    return { source, signer, fingerprint, created, hash, status, notes: [...notes] }
  })
}

/**
 * The state of a document at a commit, from its signatures' verdicts.
 *
 * @param verdicts
 *   One verdict per signature file present.
 * @returns
 *   `unsigned` without signatures, `signed` when all are good, `stale` otherwise.
 */
export function stateOf(verdicts: readonly SignatureVerdict[]): HistoryState {
  if (verdicts.length === 0) return 'unsigned'
  return verdicts.every((verdict) => verdict.status === 'good') ? 'signed' : 'stale'
}

/** Checks signatures through a verifier, remembering each verdict by document and signature content. */
export class VerdictCache {
  readonly #verify: Verifier
  readonly #verdicts = new Map<string, SignatureVerdict>()

  /**
   * Wrap a verifier.
   *
   * @param verify
   *   The injected verifier.
   */
  constructor(verify: Verifier) {
    this.#verify = verify
  }

  /**
   * Verdicts on a document's signatures.
   *
   * @param documentId
   *   The document text's identity (a blob id).
   * @param readDocument
   *   Read the document's bytes (only called when some verdict is not known yet).
   * @param signatures
   *   The signatures present.
   * @returns
   *   One verdict per signature, in the order given.
   */
  async check(
    documentId: string,
    readDocument: () => Promise<Uint8Array>,
    signatures: readonly PendingSignature[],
  ): Promise<SignatureVerdict[]> {
    const keyOf = (signature: PendingSignature): string => `${documentId}\0${signature.id}\0${signature.source}`
    const missing = signatures.filter((signature) => !this.#verdicts.has(keyOf(signature)))
    if (missing.length > 0) {
      const document = await readDocument()
      const inputs = await Promise.all(
        missing.map(async (signature) => ({ source: signature.source, signer: signature.signer, bytes: await signature.read() })),
      )
      const verdicts = await askVerifier(this.#verify, document, inputs)
      missing.forEach((signature, index) => this.#verdicts.set(keyOf(signature), verdicts[index] as SignatureVerdict))
    }
    return signatures.map((signature) => structuredClone(this.#verdicts.get(keyOf(signature)) as SignatureVerdict))
  }
}
