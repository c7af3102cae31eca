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
 * - `SignaturePacket#params.s`: the RSA signature value for that check.
 * - `Key#directSignatures`: direct-key self-signatures (0x1F), which carry
 *   key flags and expiry for keys that state them there; not in the public API.
 */
import { enums, type Key, LiteralDataPacket, type SignaturePacket } from 'openpgp'

interface SignatureInternals {
  toHash(type: enums.signature, data: object, detached?: boolean): Uint8Array
  params: { s?: Uint8Array } | undefined
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
  const literal = new LiteralDataPacket()
  ;(literal as unknown as LiteralInternals).setBytes(bytes, enums.literal.binary)
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
 * A key's direct-key signatures.
 *
 * @param key
 *   A key read by openpgp.js.
 * @returns
 *   Its 0x1F signatures (empty when none).
 */
export function directSignatures(key: Key): SignaturePacket[] {
  return (key as unknown as { directSignatures?: SignaturePacket[] }).directSignatures ?? []
}
