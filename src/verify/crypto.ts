/**
 * The cryptographic check of one signature packet, and nothing else: time,
 * digest policy and trust are judged by the callers.
 *
 * RSA (every Qubes key) goes straight to Node's `crypto`, with a key object
 * made once per key: openpgp.js would import a WebCrypto key for every
 * signature, which costs several times the check itself. The bytes that were
 * hashed still come from openpgp.js (`toHash`: the signed data, the hashed
 * subpackets and the trailer). Other algorithms go through openpgp.js's own
 * `SignaturePacket#verify`, with no date (times are judged by the callers)
 * and no digest refusals (the policy in `policy.ts` is applied instead).
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto'
import { type AnyKeyPacket, config as defaultConfig, enums, type SignaturePacket } from 'openpgp'
import { nodeHashNames } from './policy.js'

interface PacketInternals {
  toHash(type: enums.signature, data: object, detached?: boolean): Uint8Array
  params: { s?: Uint8Array }
}

const rsaKeys = new WeakMap<AnyKeyPacket, { key: KeyObject; size: number }>()
const unrestricted = { ...defaultConfig, rejectMessageHashAlgorithms: new Set<enums.hash>(), rejectHashAlgorithms: new Set<enums.hash>() }

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
  const internals = signature as unknown as PacketInternals
  const rsa = key.algorithm === enums.publicKey.rsaEncryptSign || key.algorithm === enums.publicKey.rsaSign
  const hash = nodeHashNames.get(signature.hashAlgorithm ?? -1)
  if (rsa && signature.version === 4 && internals.params.s && hash) {
    const { key: keyObject, size } = rsaKey(key)
    const s = internals.params.s
    if (s.length > size) return false
    const padded = new Uint8Array(size)
    padded.set(s, size - s.length)
    try {
      return verify(hash, internals.toHash(type, data, true), keyObject, padded)
    } catch {
      return false
    }
  }
  try {
    await signature.verify(key, type, data, null as unknown as Date, true, unrestricted)
    return true
  } catch {
    return false
  }
}

function rsaKey(packet: AnyKeyPacket): { key: KeyObject; size: number } {
  let found = rsaKeys.get(packet)
  if (!found) {
    const { n, e } = packet.publicParams as { n: Uint8Array; e: Uint8Array }
    const key = createPublicKey({ key: { kty: 'RSA', n: base64url(n), e: base64url(e) }, format: 'jwk' })
    found = { key, size: Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? n.length * 8) / 8) }
    rsaKeys.set(packet, found)
  }
  return found
}

function base64url(bytes: Uint8Array): string {
  const first = bytes.findIndex((byte) => byte !== 0)
  return Buffer.from(first > 0 ? bytes.subarray(first) : bytes).toString('base64url')
}
