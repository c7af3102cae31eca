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
  status: 'good' | 'bad' | 'unknown-key' | 'untrusted' | 'signer-mismatch' | 'error' | 'accepted'
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

/** What a {@link TagVerifier} says about one tag object's signature. */
export interface TagVerdict {
  /** The signer's name (from the key that verified), or null. */
  signer: string | null
  /** Fingerprint of the key (or subkey) that made the signature; null when none verified. */
  fingerprint: string | null
  /** When the signature was made, ISO 8601; null when unreadable. */
  created: string | null
  /** Digest algorithm (`SHA512`); null when unreadable. */
  hash: string | null
  /** The verdict, as for a signature file, or `unsigned`. */
  status: SignatureVerdict['status'] | 'unsigned'
  /** The signing key's role from its certified user ids (`security-team`, `code-signing`, …); null when unknown. */
  role: string | null
  /** Why the status, and caveats. */
  notes: string[]
}

/** Checks the signature of a tag object over its exact bytes. */
export type TagVerifier = (object: Uint8Array, name: string) => Promise<TagVerdict>

/** What a {@link CleartextVerifier} says about a file that may hold a cleartext-signed message. */
export interface CleartextVerdict {
  /** Whether the file holds a cleartext-signed message at all (a `BEGIN PGP SIGNED MESSAGE` line). */
  signed: boolean
  /** The signed text, dash-unescaped (only the signed part); null when unsigned or unreadable. */
  text: string | null
  /** The signed lines of the file, 1-based; null when none. */
  lines: { start: number; end: number } | null
  /** The verdict on its signature (none when unsigned or unreadable), with the SHA-256 of the signature's packets. */
  signatures: Array<SignatureVerdict & { sha256?: string | null | undefined }>
  /** Why the message could not be read, or null. */
  error: string | null
  /** The release whose key must sign the file (`4.2`), or null when none could be named. */
  release: string | null
}

/** Checks a cleartext-signed file (an ISO `DIGESTS` file) against the release key its name calls for. */
export type CleartextVerifier = (bytes: Uint8Array, file: string) => Promise<CleartextVerdict>
