/**
 * The cryptographic check of one signature packet, and nothing else: time,
 * digest policy and trust are judged by the callers.
 *
 * RSA (every Qubes key) goes to the platform's crypto (`#crypto`: Node's
 * `crypto`, or WebCrypto in a browser) with one key object per key: openpgp.js
 * would import a key for every signature, which costs several times the check
 * itself. The bytes that were hashed still come from openpgp.js. Legacy EdDSA
 * goes to the platform too: openpgp.js refuses it over a digest shorter than
 * 256 bits (RFC 9580 §5.2.3.3), where GnuPG checks it, and GnuPG's verdict is
 * the one this verifier gives. Other algorithms, and digests the platform
 * lacks, go through openpgp.js's own `SignaturePacket#verify`, with no date
 * (times are judged by the callers) and no digest refusals (the policy in
 * `policy.ts` is applied instead).
 */
import { backend } from '#crypto'
import type { AnyKeyPacket, config as Config, enums, SignaturePacket } from 'openpgp'
import type { DigestName, RsaKey } from './backend/types.js'
import { forgetVerdict, pairSignatureValue, rsaSignatureValue, signedData } from './openpgp-internals.js'
import { hashes, openpgp, publicKeys } from './openpgp.js'
import { hashName } from './policy.js'

const rsaKeys = new WeakMap<AnyKeyPacket, { key: RsaKey; size: number }>()
/** openpgp.js's configuration without its digest refusals (made on first use: openpgp.js loads late). */
let unrestricted: typeof Config | undefined
const platformDigests = new Set<string>(['SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512'])
const digestBits = new Map<number, number>([
  [hashes.md5, 128],
  [hashes.sha1, 160],
  [hashes.ripemd, 160],
  [hashes.sha224, 224],
  [hashes.sha256, 256],
  [hashes.sha384, 384],
  [hashes.sha512, 512],
  [hashes.sha3_256, 256],
  [hashes.sha3_512, 512],
])

/**
 * Why a digest is too short for a DSA or ECDSA key, or null. DSA signs a
 * digest truncated to q's size, so a shorter digest leaves bits unused and
 * GnuPG refuses it ("DSA key requires a 256 bit or larger hash"); ECDSA the
 * same against the curve's order (GnuPG caps the need at 512 bits for P-521).
 *
 * @param hashAlgorithm
 *   The signature's digest.
 * @param key
 *   The key packet.
 * @returns
 *   The reason, or null when it fits (or the algorithm has no such rule).
 */
export function digestTooShort(hashAlgorithm: number | null, key: AnyKeyPacket): string | null {
  const bits = digestBits.get(hashAlgorithm ?? -1)
  if (bits === undefined) return null
  let needed = 0
  if (key.algorithm === publicKeys.dsa) needed = bitLength((key.publicParams as { q?: Uint8Array }).q)
  if (key.algorithm === publicKeys.ecdsa) needed = Math.min(512, curveBits(key))
  if (bits >= needed) return null
  const what = key.algorithm === publicKeys.dsa ? `DSA key with a ${needed}-bit q` : `ECDSA key on a ${needed}-bit curve`
  return `a ${what} needs a digest of at least ${needed} bits; ${hashName(hashAlgorithm)} has ${bits} (GnuPG refuses it too)`
}

/**
 * Check a signature packet's cryptography.
 *
 * @param signature
 *   The signature packet.
 * @param key
 *   The key packet that should have made it.
 * @param type
 *   What kind of signature it should be (binary document, certification, …).
 * @param data
 *   What it signs, as openpgp.js's `SignaturePacket#verify` takes it.
 * @returns
 *   Whether `key` made `signature` over `data`.
 */
export async function verifyPacket(signature: SignaturePacket, key: AnyKeyPacket, type: enums.signature, data: object): Promise<boolean> {
  // Which key to try is the callers' choice (by the issuer hints); here only the mathematics decides.
  if (signature.publicKeyAlgorithm !== key.algorithm || signature.signatureType !== type) return false
  if (digestTooShort(signature.hashAlgorithm, key)) return false
  const digest = hashName(signature.hashAlgorithm)
  const rsa = key.algorithm === publicKeys.rsaEncryptSign || key.algorithm === publicKeys.rsaSign
  const s = rsa ? rsaSignatureValue(signature) : undefined
  if (rsa && s && platformDigests.has(digest)) {
    const { key: rsaKey, size } = rsaKeyOf(key)
    if (s.length > size) return false
    const padded = new Uint8Array(size)
    padded.set(s, size - s.length)
    const verdict = await backend.verifyRsa(rsaKey, digest as DigestName, signedData(signature, type, data), padded)
    if (verdict !== undefined) return verdict
  }
  if (key.algorithm === publicKeys.eddsaLegacy && platformDigests.has(digest)) {
    const verdict = await verifyEdDsa(signature, key, digest as DigestName, signedData(signature, type, data))
    if (verdict !== undefined) return verdict
  }
  // openpgp.js also wants the issuer key id it read (the last issuer subpacket, unsigned ones included) to be this key's.
  const issuer = signature.issuerKeyID
  try {
    signature.issuerKeyID = key.getKeyID()
    forgetVerdict(signature)
    unrestricted ??= { ...openpgp().config, rejectMessageHashAlgorithms: new Set<enums.hash>(), rejectHashAlgorithms: new Set<enums.hash>() }
    await signature.verify(key, type, data, null as unknown as Date, true, unrestricted)
    return true
  } catch {
    return false
  } finally {
    signature.issuerKeyID = issuer
  }
}

/** Legacy EdDSA (RFC 9580 §5.2.3.3): Ed25519 over the message digest, r and s as MPIs. */
async function verifyEdDsa(signature: SignaturePacket, key: AnyKeyPacket, digest: DigestName, data: Uint8Array): Promise<boolean | undefined> {
  const values = pairSignatureValue(signature)
  const point = (key.publicParams as { Q?: Uint8Array }).Q
  if (!values || !point || point.length !== 33 || point[0] !== 0x40) return false
  if (values.r.length > 32 || values.s.length > 32) return false
  const hashed = await backend.digest(digest, data)
  if (!hashed) return undefined
  const rs = new Uint8Array(64)
  rs.set(values.r, 32 - values.r.length)
  rs.set(values.s, 64 - values.s.length)
  return backend.verifyEd25519(point.subarray(1), hashed, rs)
}

function rsaKeyOf(packet: AnyKeyPacket): { key: RsaKey; size: number } {
  let found = rsaKeys.get(packet)
  if (!found) {
    const { n, e } = packet.publicParams as { n: Uint8Array; e: Uint8Array }
    const first = n.findIndex((byte) => byte !== 0)
    found = { key: { n, e }, size: first < 0 ? 0 : n.length - first }
    rsaKeys.set(packet, found)
  }
  return found
}

function bitLength(value: Uint8Array | undefined): number {
  if (!value) return 0
  const first = value.findIndex((byte) => byte !== 0)
  return first < 0 ? 0 : (value.length - first - 1) * 8 + (32 - Math.clz32(value[first] as number))
}

function curveBits(key: AnyKeyPacket): number {
  const oid = (key.publicParams as { oid?: { getName(): string } }).oid?.getName() ?? ''
  const sizes: Record<string, number> = { nistP256: 256, nistP384: 384, nistP521: 521, brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512 }
  return sizes[oid] ?? 0
}
