/**
 * Every use of openpgp.js's private members, in one file, so an upgrade that
 * changes them breaks here and in `test/openpgp-internals.test.ts`, not in a
 * verdict. openpgp is pinned to a patch range (`~6.3.x`) for the same reason.
 *
 * Why private members at all:
 * - `LiteralDataPacket#setBytes`: the public `setText`/`setBytes` of 6.x
 *   normalise or stream; the verifier needs the exact bytes as a binary
 *   literal, which is what a detached signature over a file signs.
 * - `SignaturePacket#toHash`: the exact bytes a signature hashed (data,
 *   hashed subpackets, trailer), so the RSA check can go to the platform's
 *   crypto with one key object per key instead of openpgp.js's per-call import.
 * - `SignaturePacket#params.s`: the RSA signature value for that check;
 *   `params.r` and `params.s` of a legacy EdDSA signature, which goes to the
 *   platform's Ed25519 (openpgp.js refuses it over a digest shorter than
 *   256 bits, where GnuPG checks it).
 * - `SignaturePacket#toSign` (and replacing `toHash` on one packet): a
 *   version 3 signature hashes the data and then only its type and creation
 *   time; openpgp.js 6 no longer reads v3 packets, but GnuPG honours v3
 *   revocations, so the verifier hashes them itself with openpgp.js's
 *   `toSign` (the bytes a signature type covers).
 * - `SignaturePacket[verified]`: `verify` remembers a success and skips the
 *   check next time for any signature but a document's, whatever key and
 *   data it is then given. A revocation standing alone is tried against
 *   several keys, so the memory is cleared before each check.
 */
import type { enums, LiteralDataPacket, SignaturePacket } from 'openpgp'
import { binaryLiteralFormat, openpgp } from './openpgp.js'

interface SignatureInternals {
  toHash(type: enums.signature, data: object, detached?: boolean): Uint8Array
  toSign(type: enums.signature, data: object): Uint8Array
  params: { s?: Uint8Array; r?: Uint8Array } | undefined
}

interface LiteralInternals {
  setBytes(bytes: Uint8Array, format: enums.literal): void
}

/**
 * A literal data packet holding exactly these bytes, as a binary literal.
 *
 * @param bytes
 *   The document's bytes.
 * @returns
 *   The packet, ready for `SignaturePacket#verify` or {@link signedData}.
 */
export function binaryLiteral(bytes: Uint8Array): LiteralDataPacket {
  const literal = new (openpgp().LiteralDataPacket)()
  ;(literal as unknown as LiteralInternals).setBytes(bytes, binaryLiteralFormat as enums.literal)
  return literal
}

/**
 * The bytes a signature hashed over some data: the data, the hashed
 * subpackets and the trailer.
 *
 * @param signature
 *   The signature packet.
 * @param type
 *   The signature type it is checked as.
 * @param data
 *   What it signs, as `SignaturePacket#verify` takes it.
 * @returns
 *   The bytes to digest.
 */
export function signedData(signature: SignaturePacket, type: enums.signature, data: object): Uint8Array {
  return (signature as unknown as SignatureInternals).toHash(type, data, true)
}

/**
 * The RSA signature value of a packet.
 *
 * @param signature
 *   The signature packet.
 * @returns
 *   `s`, or undefined for other algorithms.
 */
export function rsaSignatureValue(signature: SignaturePacket): Uint8Array | undefined {
  return (signature as unknown as SignatureInternals).params?.s
}


/**
 * Make a packet hash as a version 3 signature does (RFC 9580 §5.2.4): the
 * signed data, then the 5-byte trailer (type and creation time), nothing else.
 *
 * @param signature
 *   A packet read from the v3 signature's values (rewritten as v4).
 * @param trailer
 *   The v3 signature's type and creation time, as written in it.
 */
export function hashAsVersion3(signature: SignaturePacket, trailer: Uint8Array): void {
  const internals = signature as unknown as SignatureInternals
  const tail = Uint8Array.from(trailer)
  internals.toHash = (type: enums.signature, data: object) => {
    const signed = internals.toSign(type, data)
    const bytes = new Uint8Array(signed.length + tail.length)
    bytes.set(signed)
    bytes.set(tail, signed.length)
    return bytes
  }
  // The packet keeps version 4: `toSign` hashes a key with the v4 prefix (0x99), which v3 signatures use too.
}

/**
 * The values of a DSA, ECDSA or legacy EdDSA signature.
 *
 * @param signature
 *   The signature packet.
 * @returns
 *   `r` and `s` (big-endian MPI values), or undefined for other algorithms.
 */
export function pairSignatureValue(signature: SignaturePacket): { r: Uint8Array; s: Uint8Array } | undefined {
  const params = (signature as unknown as SignatureInternals).params
  return params?.r && params.s ? { r: params.r, s: params.s } : undefined
}

/**
 * Clear what openpgp.js remembers of an earlier successful check, so the
 * next `SignaturePacket#verify` really checks (against this key and data).
 *
 * @param signature
 *   The signature packet.
 */
export function forgetVerdict(signature: SignaturePacket): void {
  const record = signature as unknown as Record<symbol, unknown>
  for (const symbol of Object.getOwnPropertySymbols(signature)) if (symbol.description === 'verified') record[symbol] = null
}
