/**
 * The cryptographic check of one signature packet, and nothing else: time,
 * digest policy and trust are judged by the callers.
 *
 * RSA (every Qubes key) goes to the platform's crypto (`#crypto`: Node's
 * `crypto`, or WebCrypto in a browser) with one key object per key: openpgp.js
 * would import a key for every signature, which costs several times the check
 * itself. The bytes that were hashed still come from openpgp.js. Other
 * algorithms, and digests the platform lacks, go through openpgp.js's own
 * `SignaturePacket#verify`, with no date (times are judged by the callers) and
 * no digest refusals (the policy in `policy.ts` is applied instead).
 */
import { backend } from '#crypto'
import { type AnyKeyPacket, config as defaultConfig, enums, type SignaturePacket } from 'openpgp'
import type { DigestName, RsaKey } from './backend/types.js'
import { rsaSignatureValue, signedData } from './openpgp-internals.js'
import { hashName } from './policy.js'

const rsaKeys = new WeakMap<AnyKeyPacket, { key: RsaKey; size: number }>()
const unrestricted = { ...defaultConfig, rejectMessageHashAlgorithms: new Set<enums.hash>(), rejectHashAlgorithms: new Set<enums.hash>() }
const platformDigests = new Set<string>(['SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512'])

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
  if (signature.publicKeyAlgorithm !== key.algorithm || signature.signatureType !== type) return false
  const issuer = signature.issuerKeyID
  if (!/^0+$/.test(issuer.toHex()) && !issuer.equals(key.getKeyID())) return false
  const rsa = key.algorithm === enums.publicKey.rsaEncryptSign || key.algorithm === enums.publicKey.rsaSign
  const digest = hashName(signature.hashAlgorithm)
  const s = rsaSignatureValue(signature)
  if (rsa && signature.version === 4 && s && platformDigests.has(digest)) {
    const { key: rsaKey, size } = rsaKeyOf(key)
    if (s.length > size) return false
    const padded = new Uint8Array(size)
    padded.set(s, size - s.length)
    const verdict = await backend.verifyRsa(rsaKey, digest as DigestName, signedData(signature, type, data), padded)
    if (verdict !== undefined) return verdict
  }
  try {
    await signature.verify(key, type, data, null as unknown as Date, true, unrestricted)
    return true
  } catch {
    return false
  }
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
