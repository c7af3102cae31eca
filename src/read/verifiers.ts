/**
 * The verifiers a checkout needs, bound to one keyring: detached signatures
 * of documents (team keys), tag objects (any certified key, role reported),
 * and ISO `DIGESTS` files (the release key their name calls for). `secpack/`
 * takes them injected; they are plain functions of bytes.
 */
import { digestsName } from '../names/secpack.js'
import {
  hasCleartext,
  type Keyring,
  releaseFor,
  releaseSigners,
  type Signature,
  type SignerPolicy,
  verifyCleartext,
  verifyTag,
  type VerifyOptions,
} from '../verify/index.js'

/** Options of the verifiers: the policy and the present. */
export type CheckoutVerifierOptions = Pick<VerifyOptions, 'policy' | 'now'>

/** A tag's verdict, in the shape `secpack/` takes. */
export interface TagCheck {
  signer: string | null
  fingerprint: string | null
  created: string | null
  hash: string | null
  status: Signature['status'] | 'unsigned'
  role: string | null
  notes: string[]
}

/** A `DIGESTS` file's verdict, in the shape `secpack/` takes. */
export interface DigestsCheck {
  signed: boolean
  text: string | null
  lines: { start: number; end: number } | null
  signatures: Array<Omit<Signature, 'issuer'>>
  error: string | null
  release: string | null
}

/**
 * A tag verifier bound to a keyring.
 *
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Policy (optional).
 * @returns
 *   `(object, name) → verdict`: the signature over the tag object's exact bytes.
 */
export function tagVerifier(keyring: Keyring, options?: Readonly<CheckoutVerifierOptions> | null): (object: Uint8Array, name: string) => Promise<TagCheck> {
  return async (object, name) => {
    const { signer, fingerprint, created, hash, status, role, notes } = await verifyTag(object, keyring, { ...options, file: name })
    return { signer, fingerprint, created, hash, status, role, notes }
  }
}

/**
 * A verifier of ISO `DIGESTS` files bound to a keyring: a file named
 * `Qubes-R<version>-….DIGESTS` must be signed by the release key that
 * vouches for that version (see `releaseFor`).
 *
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Policy (optional).
 * @returns
 *   `(bytes, file) → verdict`; an unsigned file gets `signed: false` and no signatures.
 */
export function digestsVerifier(keyring: Keyring, options?: Readonly<CheckoutVerifierOptions> | null): (bytes: Uint8Array, file: string) => Promise<DigestsCheck> {
  return async (bytes, file) => {
    const version = digestsName(file)?.version ?? null
    const release = version === null ? null : releaseFor(version, keyring)
    if (!hasCleartext(bytes)) return { signed: false, text: null, lines: null, signatures: [], error: null, release }
    const policy: SignerPolicy = version === null ? () => 'the file name gives no release, so no release key can vouch for it' : releaseSigners(version, keyring)
    // A release key's user id names no person: the signer shown is the certified user id itself.
    let owner: string | null = null
    const signers: SignerPolicy = (key) => {
      owner = key.userIds[0] ?? null
      return policy(key)
    }
    const result = await verifyCleartext(bytes, keyring, { ...options, file, signers })
    return {
      signed: true,
      text: result.signed?.text ?? null,
      lines: result.signed?.lines ?? null,
      signatures: result.signatures.map(({ issuer: _issuer, ...signature }) => ({ ...signature, signer: signature.signer ?? owner })),
      error: result.error?.message ?? null,
      release,
    }
  }
}
