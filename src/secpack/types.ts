/**
 * The shapes that cross the room's borders: verification is injected (the
 * `verify/` room provides the real verifier), so only its contract lives here.
 */

/** A detached signature handed to a {@link Verifier}. */
export interface CheckoutSignature {
  /** Path of the signature file (`QSBs/qsb-080-2022.txt.sig.marmarek`), or where it was embedded. */
  source: string
  /** The name in the file suffix (`marmarek`), or null when there is none. */
  signer: string | null
  /** The signature file's bytes, armored or binary. */
  bytes: Uint8Array
}

/** What a {@link Verifier} says about one signature. */
export interface SignatureVerdict {
  /** The signature's `source`, as given. */
  source: string
  /** The name in the file suffix, or the key owner's; null when unknown. */
  signer: string | null
  /** Fingerprint of the key that made the signature, 40 hex digits; null when unreadable. */
  fingerprint: string | null
  /** When the signature was made, ISO 8601; null when unreadable. */
  created: string | null
  /** Digest algorithm (`SHA256`); null when unreadable. */
  hash: string | null
  /** The verdict: `good`, or why not. */
  status: 'good' | 'bad' | 'unknown-key' | 'untrusted' | 'signer-mismatch' | 'error'
  /** Remarks (legacy SHA-1, why the signature could not be read). */
  notes: string[]
}

/** What a {@link Verifier} says about a document and all its signatures. */
export interface DocumentVerification {
  /** At least one signature, and every signature `good`. */
  authentic: boolean
  /** One verdict per signature given. */
  signatures: SignatureVerdict[]
}

/** Checks detached signatures over a document's exact bytes. */
export type Verifier = (document: Uint8Array, signatures: CheckoutSignature[]) => Promise<DocumentVerification>
