/**
 * What the verifier accepts: the pinned master key, the hash algorithms, and
 * the SHA-1 cutoff. GnuPG parity by default; `strict` is Sequoia-like.
 */
import { enums } from 'openpgp'

/** Fingerprint of the Qubes Master Signing Key, the only default trust anchor. */
export const qubesMasterKeyFingerprint = '427F11FD0FAA4B080123F01CDDFA1A3E36879494'

/**
 * SHA-1 signatures made from this instant on are refused. It is GnuPG's date
 * for SHA-1 key signatures (after the first chosen-prefix collision work); we
 * apply it to data signatures too, where GnuPG would still accept them.
 */
export const sha1Cutoff = new Date('2019-01-19T00:00:00Z')

/** `gnupg`: accept what GnuPG accepts (legacy SHA-1 before the cutoff); `strict`: refuse SHA-1 data signatures. */
export type Policy = 'gnupg' | 'strict'

/** Digest algorithms by OpenPGP id, in GnuPG's spelling; anything not here is refused. */
const hashNames = new Map<number, string>([
  [enums.hash.md5, 'MD5'],
  [enums.hash.sha1, 'SHA1'],
  [enums.hash.ripemd, 'RIPEMD160'],
  [enums.hash.sha256, 'SHA256'],
  [enums.hash.sha384, 'SHA384'],
  [enums.hash.sha512, 'SHA512'],
  [enums.hash.sha224, 'SHA224'],
  [enums.hash.sha3_256, 'SHA3-256'],
  [enums.hash.sha3_512, 'SHA3-512'],
])

/** Names Node's `crypto` knows the usable digests by: GnuPG's, lowercased (MD5 and RIPEMD-160 are never used). */
export const nodeHashNames = new Map<number, string>(
  [...hashNames]
    .filter(([algorithm]) => algorithm !== enums.hash.md5 && algorithm !== enums.hash.ripemd)
    .map(([algorithm, name]) => [algorithm, name.toLowerCase()]),
)

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
 *   binding or certification.
 * @param policy
 *   `gnupg` or `strict`.
 * @returns
 *   The verdict.
 */
export function judgeHash(algorithm: number | null, created: Date, use: 'data' | 'key', policy: Policy): HashVerdict {
  const name = hashName(algorithm)
  if (algorithm === enums.hash.md5 || algorithm === enums.hash.ripemd) {
    return { accepted: false, note: `${name} is broken: signatures using it are never accepted` }
  }
  if (algorithm === enums.hash.sha1) {
    if (use === 'data' && policy === 'strict') {
      return { accepted: false, note: 'SHA1 data signatures are refused by the strict policy' }
    }
    if (created.getTime() >= sha1Cutoff.getTime()) {
      return { accepted: false, note: 'SHA1 signature made on or after 2019-01-19: refused (collision attacks)' }
    }
    return { accepted: true, note: use === 'data' ? 'legacy SHA1 signature made before 2019-01-19: accepted, as GnuPG does' : null }
  }
  if (!nodeHashNames.has(algorithm ?? -1)) return { accepted: false, note: `unsupported digest algorithm ${name}` }
  return { accepted: true, note: null }
}
