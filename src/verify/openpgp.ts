/**
 * openpgp.js, loaded on first use: importing it costs more than all of
 * `qubes-secpack/parse`, so the package does not load it until a key or a
 * signature is read. Every async step that makes openpgp.js objects awaits
 * {@link loadOpenpgp}; the synchronous helpers that work on those objects
 * afterwards call {@link openpgp}, which cannot be reached before.
 *
 * The OpenPGP numbers the verifier names (digests, key algorithms, signature
 * types, revocation reasons) are written out here as in RFC 9580, so that
 * tables built at import time need no openpgp.js; `test/openpgp-internals.test.ts`
 * checks them against openpgp.js's `enums`.
 */
import type * as OpenPgp from 'openpgp'

/** The openpgp.js module. */
export type OpenPgpModule = typeof OpenPgp

let loaded: OpenPgpModule | undefined

/**
 * Load openpgp.js (once per process).
 *
 * @returns
 *   The module.
 */
export async function loadOpenpgp(): Promise<OpenPgpModule> {
  loaded ??= await import('openpgp')
  return loaded
}

/**
 * openpgp.js, already loaded by an earlier {@link loadOpenpgp}.
 *
 * @returns
 *   The module.
 * @throws
 *   When nothing loaded it: a bug in this package, not in the input.
 */
export function openpgp(): OpenPgpModule {
  if (loaded === undefined) throw new Error('internal error: openpgp.js used before it was loaded')
  return loaded
}

/** Digest algorithms (RFC 9580 §9.5). */
export const hashes = { md5: 1, sha1: 2, ripemd: 3, sha256: 8, sha384: 9, sha512: 10, sha224: 11, sha3_256: 12, sha3_512: 14 } as const

/** Public-key algorithms (RFC 9580 §9.1). */
export const publicKeys = { rsaEncryptSign: 1, rsaSign: 3, dsa: 17, ecdsa: 19, eddsaLegacy: 22 } as const

/** Signature types over a document (RFC 9580 §5.2.1). */
export const signatureTypes = { binary: 0x00, text: 0x01 } as const

/** The binary format of a literal data packet (`b`, RFC 9580 §5.9). */
export const binaryLiteralFormat = 0x62

/** Reasons for revocation (RFC 9580 §5.2.3.31). */
export const revocationReasons = { noReason: 0, keySuperseded: 1, keyCompromised: 2, keyRetired: 3, userIDInvalid: 32 } as const
