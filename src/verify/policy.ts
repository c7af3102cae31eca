/**
 * What the verifier accepts: the pinned master key, the digest algorithms,
 * the SHA-1 cutoff and the key sizes. GnuPG parity by default, stricter where
 * `docs/verification.md` says so; `strict` is Sequoia-like.
 */
import { hashes } from './openpgp.js'

/** Fingerprint of the Qubes Master Signing Key, the only default trust anchor. */
export const qubesMasterKeyFingerprint = '427F11FD0FAA4B080123F01CDDFA1A3E36879494'

/**
 * SHA-1 signatures made from this instant on are refused. It is GnuPG's date
 * for SHA-1 key signatures (after the first chosen-prefix collision work); we
 * apply it to data signatures and self-signatures too, where GnuPG would
 * still accept them.
 */
export const sha1Cutoff = new Date('2019-01-19T00:00:00Z')

/** `gnupg`: accept what GnuPG accepts (legacy SHA-1 before the cutoff); `strict`: refuse SHA-1 data signatures. */
export type Policy = 'gnupg' | 'strict'

/**
 * Key sizes, in bits. Keys outside them are refused before any math: the
 * upper bounds keep the work of checking a signature bounded (a hostile
 * 16384-bit DSA key would cost minutes), the lower ones refuse keys too weak
 * to vouch for anything (768-bit RSA has been factored; 1024-bit RSA and DSA
 * are within reach). GnuPG 2.2 checks all of these; here they are `untrusted`.
 */
export const keyLimits = {
  rsa: { min: 2048, max: 8192, exponent: 64 },
  dsa: { min: 2048, max: 3072, subgroup: { min: 224, max: 256 } },
} as const

/** Digest algorithms by OpenPGP id (RFC 9580 §9.5), in GnuPG's spelling. */
const hashNames = new Map<number, string>([
  [hashes.md5, 'MD5'],
  [hashes.sha1, 'SHA1'],
  [hashes.ripemd, 'RIPEMD160'],
  [hashes.sha256, 'SHA256'],
  [hashes.sha384, 'SHA384'],
  [hashes.sha512, 'SHA512'],
  [hashes.sha224, 'SHA224'],
  [hashes.sha3_256, 'SHA3-256'],
  [hashes.sha3_512, 'SHA3-512'],
])

/** The digests a data signature or a certification may use: GnuPG 2.2's, SHA-1 and RIPEMD-160 only before the cutoff. */
export const acceptedHashes: ReadonlySet<number> = new Set([
  hashes.sha1,
  hashes.ripemd,
  hashes.sha224,
  hashes.sha256,
  hashes.sha384,
  hashes.sha512,
])
/** 160-bit digests: accepted only before {@link sha1Cutoff}. */
const legacyHashes: ReadonlySet<number> = new Set([hashes.sha1, hashes.ripemd])

/**
 * Name a digest algorithm.
 *
 * @param algorithm
 *   OpenPGP hash algorithm id.
 * @returns
 *   GnuPG's name (`SHA256`), or `unknown (N)`.
 */
export function hashName(algorithm: number | null): string {
  return hashNames.get(algorithm ?? -1) ?? `unknown (${String(algorithm)})`
}

/** Whether a digest may be used, and what to say about it. */
export interface HashVerdict {
  /** Whether the signature may count. */
  accepted: boolean
  /** Why it was refused, or a caveat when accepted. */
  note: string | null
}

/**
 * Judge the digest of a signature.
 *
 * @param algorithm
 *   OpenPGP hash algorithm id.
 * @param created
 *   The signature's creation time.
 * @param use
 *   `data` for a signature over a document, `key` for a self-signature,
 *   binding or certification, `revocation` for a revocation (any digest that
 *   can be computed: a revocation only takes trust away).
 * @param policy
 *   `gnupg` or `strict`.
 * @returns
 *   The verdict.
 */
export function judgeHash(algorithm: number | null, created: Date, use: 'data' | 'key' | 'revocation', policy: Policy): HashVerdict {
  const name = hashName(algorithm)
  if (use === 'revocation') {
    return hashNames.has(algorithm ?? -1) ? { accepted: true, note: null } : { accepted: false, note: `unknown digest algorithm ${name}` }
  }
  if (algorithm === hashes.md5) return { accepted: false, note: `${name} is broken: signatures using it are never accepted` }
  if (algorithm === hashes.sha3_256 || algorithm === hashes.sha3_512) {
    return { accepted: false, note: `${name} is not accepted: GnuPG cannot check it, so neither does this verifier` }
  }
  if (!acceptedHashes.has(algorithm ?? -1)) return { accepted: false, note: `unsupported digest algorithm ${name}` }
  if (legacyHashes.has(algorithm as number)) {
    if (use === 'data' && policy === 'strict') {
      return { accepted: false, note: `${name} data signatures are refused by the strict policy` }
    }
    if (created.getTime() >= sha1Cutoff.getTime()) {
      return { accepted: false, note: `${name} signature made on or after 2019-01-19: refused (collision attacks)` }
    }
    return { accepted: true, note: use === 'data' ? `legacy ${name} signature made before 2019-01-19: accepted, as GnuPG does` : null }
  }
  return { accepted: true, note: null }
}
