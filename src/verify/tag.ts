/**
 * The signature of a git tag object, checked over the object's exact bytes.
 *
 * What is signed is what git signs: the object up to the last line that starts
 * a signature (git's `parse_signed_buffer`: a line beginning
 * `-----BEGIN PGP SIGNATURE-----`, `-----BEGIN PGP MESSAGE-----`,
 * `-----BEGIN SIGNED MESSAGE-----` or `-----BEGIN SSH SIGNATURE-----`); the
 * rest is the signature. The bytes are taken as they are: no newline
 * normalisation and no text decoding, which would let a changed object pass
 * for the one that was signed (isomorphic-git's `readTag().payload` does
 * both, so it is not used for this).
 *
 * A tag may be signed by any key the pinned master key certifies; its role
 * (security team, code signing, …) is reported, and deciding what a tag by
 * that role authenticates is the caller's business.
 */
import { latin1 } from '../encoding/bytes.js'
import type { Keyring } from './keyring.js'
import { certifiedSigners, type KeyRole, roleOf } from './roles.js'
import type { Signature } from './schema.js'
import { type SignerKey, verifyDocument, type VerifyOptions } from './verify.js'

/** A tag object taken apart as git does it. */
export interface SignedTag {
  /** The bytes the signature covers (the whole object when unsigned). */
  payload: Uint8Array
  /** The signature's bytes, or null when the tag is unsigned. */
  signature: Uint8Array | null
  /** The kind of signature: `openpgp`, `x509`, `ssh`, or null. */
  format: 'openpgp' | 'x509' | 'ssh' | null
}

/** The verdict on a tag's signature. */
export interface TagSignature extends Omit<Signature, 'status'> {
  /** As for files, plus `unsigned` (no signature in the object). */
  status: Signature['status'] | 'unsigned'
  /** The role of the key that signed, from its certified user ids; null when unknown or uncertified. */
  role: KeyRole | null
}

const markers: Array<[string, SignedTag['format']]> = [
  ['-----BEGIN PGP SIGNATURE-----', 'openpgp'],
  ['-----BEGIN PGP MESSAGE-----', 'openpgp'],
  ['-----BEGIN SIGNED MESSAGE-----', 'x509'],
  ['-----BEGIN SSH SIGNATURE-----', 'ssh'],
]

/**
 * Split a tag object into what is signed and the signature, as git does.
 *
 * @param object
 *   The tag object's content (without git's `tag SIZE\0` header).
 * @returns
 *   The payload and the signature.
 */
export function splitTag(object: Uint8Array): SignedTag {
  const text = latin1(object)
  let match = -1
  let format: SignedTag['format'] = null
  for (let start = 0; start < text.length; ) {
    const found = markers.find(([marker]) => text.startsWith(marker, start))
    if (found) [match, format] = [start, found[1]]
    const newline = text.indexOf('\n', start)
    start = newline < 0 ? text.length : newline + 1
  }
  if (match < 0) return { payload: object, signature: null, format: null }
  return { payload: object.subarray(0, match), signature: object.subarray(match), format }
}

/**
 * Verify a tag object's signature.
 *
 * @param object
 *   The tag object's content.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional); `file` names the tag in the verdict's `source`.
 * @returns
 *   The verdict: `good` when a key the master key certifies signed exactly
 *   these bytes (its `role` says which kind), `unsigned` without a signature.
 *   Never throws for bad input.
 */
export async function verifyTag(object: Uint8Array, keyring: Keyring, options?: Readonly<VerifyOptions> | null): Promise<TagSignature> {
  const source = options?.file ?? 'tag'
  const { payload, signature, format } = splitTag(object)
  const blank = { source, signer: null, fingerprint: null, issuer: null, created: null, hash: null, role: null }
  if (!signature) return { ...blank, status: 'unsigned', notes: ['an annotated tag without a signature'] }
  if (format !== 'openpgp') return { ...blank, status: 'error', notes: [`an ${format === 'ssh' ? 'SSH' : 'X.509'} signature: only OpenPGP signatures are checked`] }
  let signer: Readonly<SignerKey> | null = null
  const result = await verifyDocument(payload, [{ source, bytes: signature }], keyring, {
    ...options,
    signers: (key) => {
      signer = key
      return (options?.signers ?? certifiedSigners)(key)
    },
  })
  const verdict = result.signatures[0] ?? { ...blank, status: 'error' as const, notes: [result.error?.message ?? 'not checked'] }
  const key = signer as Readonly<SignerKey> | null
  return { ...verdict, signer: verdict.signer ?? key?.userIds[0] ?? null, role: key ? roleOf(key, keyring.master) : null }
}
