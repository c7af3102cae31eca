/**
 * One signature packet read into what the verifier judges it by: type,
 * times, issuer, the subpackets that matter, and why it cannot count (a
 * critical subpacket not implemented, two creation times). The facts are read
 * here from the raw subpackets, the way GnuPG reads them; openpgp.js's
 * `SignaturePacket` is kept only for the cryptography.
 *
 * Version 3 signatures (RFC 9580 §5.2.2) carry no subpackets: the type and
 * creation time are hashed in a 5-byte trailer, the issuer key id stands
 * unhashed. openpgp.js no longer reads them, but GnuPG still honours them,
 * and a revocation in that form must not vanish. They are rewritten into a
 * v4 body that openpgp.js can parse (for the algorithm-specific values), and
 * their hashing is set back to the v3 rule.
 */
import type { SignaturePacket } from 'openpgp'
import { toHex } from '../encoding/bytes.js'
import { hashAsVersion3 } from './openpgp-internals.js'
import { loadOpenpgp } from './openpgp.js'
import { readUint32 } from './packets.js'
import { criticalProblem, duplicateProblem, firstOf, hashedAreaProblem, readSubpackets, type Subpacket } from './subpackets.js'

/** A reason for revocation, as stated in the signed part. */
export interface RevocationReason {
  /** Reason code (RFC 9580 §5.2.3.31): 0 none, 1 superseded, 2 compromised, 3 retired, 32 user id no longer valid. */
  code: number
  /** The reason in words, as written. */
  text: string
}

/** What the verifier reads off a signature packet. */
export interface SignatureFacts {
  /** 3 or 4. */
  version: number
  /** Signature type id (0x00 binary document, 0x13 positive certification, 0x20 key revocation, …). */
  type: number
  /** Public-key algorithm id. */
  publicKeyAlgorithm: number
  /** Hash algorithm id. */
  hashAlgorithm: number
  /** When it says it was made (epoch for none; then `problem` says so). */
  created: Date
  /** When it expires, or null (never). */
  expires: Date | null
  /** Issuer key id (16 uppercase hex digits) from the issuer subpacket or the v3 field, or null. */
  issuer: string | null
  /** Issuer fingerprint from its subpacket (uppercase hex), or null. */
  issuerFingerprint: string | null
  /** The key id it claims to be made by, read in GnuPG's order (signed issuer fingerprint, signed issuer key id, then the unsigned ones), or null. */
  issuerKeyId: string | null
  /** Hashed (signed) subpackets; empty for v3. */
  hashed: Subpacket[]
  /** Unhashed subpackets (anyone may change them); empty for v3. */
  unhashed: Subpacket[]
  /** Why the unhashed area makes it invalid for GnuPG (a critical subpacket not implemented), or null. */
  unhashedProblem: string | null
  /** Why it holds two copies of a single-valued subpacket (refused, except in a revocation), or null. */
  duplicate: string | null
  /** False when marked non-exportable (in either area, as GnuPG reads it). */
  exportable: boolean
  /** Fingerprints of designated revokers it names (hashed, class bit 0x80 set). */
  revocationKeys: string[]
  /** The reason for revocation in the signed part, or null. */
  reason: RevocationReason | null
  /** Key flags (first octet), or null when absent. */
  keyFlags: number | null
  /** Key expiration, seconds after the key's creation; null when absent, 0 never. */
  keyExpiration: number | null
  /** An embedded signature (a signing subkey's back-signature), read the same way. */
  embedded: ParsedSignature | null
  /** The packet body, as read. */
  body: Uint8Array
}

/**
 * A signature packet as read: `problem` null and the packet ready for the
 * cryptography, or `problem` saying why it cannot count.
 */
export type ParsedSignature = SignatureFacts &
  ({ problem: null; packet: SignaturePacket } | { problem: string; packet: SignaturePacket | null })

/** Why a signature packet could not be read at all. */
export class SignaturePacketError extends Error {
  override name = 'SignaturePacketError'
}

/**
 * Read a signature packet body.
 *
 * @param body
 *   The packet body (after the header).
 * @param nested
 *   Whether it is embedded in another signature (its own embedded one is not read).
 * @returns
 *   The signature. Throws a `SignaturePacketError` when the bytes are not a
 *   signature packet at all (unknown version, truncated).
 */
export async function parseSignature(body: Uint8Array, nested = false): Promise<ParsedSignature> {
  const version = body[0]
  if (version === 3) return parseVersion3(body)
  if (version !== 4) throw new SignaturePacketError(`Unexpected signature packet version ${String(version)}, expected 4 (or 3)`)
  if (body.length < 6) throw new SignaturePacketError('Unexpected end of a signature packet (truncated?)')
  const hashedLength = ((body[4] as number) << 8) | (body[5] as number)
  const unhashedStart = 6 + hashedLength
  const unhashedLength = ((body[unhashedStart] ?? 0) << 8) | (body[unhashedStart + 1] ?? 0)
  if (unhashedStart + 2 + unhashedLength + 2 > body.length) throw new SignaturePacketError('Unexpected end of a signature packet (truncated?)')
  const hashed = readSubpackets(body.subarray(6, unhashedStart))
  const unhashed = readSubpackets(body.subarray(unhashedStart + 2, unhashedStart + 2 + unhashedLength))
  if (typeof hashed === 'string' || typeof unhashed === 'string') {
    throw new SignaturePacketError(`Unexpected malformed signature packet: ${typeof hashed === 'string' ? hashed : unhashed}`)
  }
  const created = number(firstOf(hashed, 2))
  const lifetime = number(firstOf(hashed, 3))
  const embeddedBody = (firstOf(hashed, 32) ?? firstOf(unhashed, 32))?.body
  const issuer = issuerOf(hashed, unhashed)
  const issuerFingerprint = fingerprintOf(hashed, unhashed)
  const facts: SignatureFacts = {
    version,
    type: body[1] as number,
    publicKeyAlgorithm: body[2] as number,
    hashAlgorithm: body[3] as number,
    created: new Date((created ?? 0) * 1000),
    expires: lifetime ? new Date(((created ?? 0) + lifetime) * 1000) : null,
    issuer,
    issuerFingerprint,
    issuerKeyId: issuerKeyIdOf(hashed, unhashed),
    hashed,
    unhashed,
    unhashedProblem: criticalProblem(unhashed),
    duplicate: duplicateProblem(hashed),
    exportable: [...hashed, ...unhashed].every(({ type, body: value }) => type !== 4 || value[0] !== 0),
    revocationKeys: hashed
      .filter(({ type, body: value }) => type === 12 && value.length === 22 && ((value[0] as number) & 0x80) !== 0)
      .map(({ body: value }) => toHex(value.subarray(2)).toUpperCase()),
    reason: reasonOf(firstOf(hashed, 29)),
    keyFlags: firstOf(hashed, 27)?.body[0] ?? null,
    keyExpiration: number(firstOf(hashed, 9)),
    embedded: null,
    body,
  }
  let problem = hashedAreaProblem(hashed)
  let packet: SignaturePacket | null = null
  try {
    packet = new (await loadOpenpgp()).SignaturePacket()
    packet.read(body)
  } catch (error) {
    // An algorithm openpgp.js does not know, or values that do not parse: the signature cannot be checked.
    problem ??= `its values are malformed or of an unsupported algorithm (${(error as Error).message})`
    packet = null
  }
  if (!nested && embeddedBody) {
    try {
      facts.embedded = await parseSignature(embeddedBody, true)
    } catch {
      facts.embedded = null
    }
  }
  // The facts gain their last two fields in place: copying twenty fields into a new object cost more than reading them.
  const parsed = facts as SignatureFacts & { problem: string | null; packet: SignaturePacket | null }
  parsed.problem = problem
  parsed.packet = packet
  return parsed as ParsedSignature
}

/**
 * A v3 signature: `3, 5, type, created(4), issuer(8), algorithm, hash,
 * left16(2), values`. Rewritten as a v4 body for openpgp.js's parser, then
 * hashed as v3 (the data, then type and creation time).
 */
async function parseVersion3(body: Uint8Array): Promise<ParsedSignature> {
  if (body.length < 19) throw new SignaturePacketError('Unexpected end of a v3 signature packet (truncated?)')
  if (body[1] !== 5) throw new SignaturePacketError(`Unexpected v3 signature with ${String(body[1])} hashed bytes, expected 5`)
  const type = body[2] as number
  const created = readUint32(body, 3)
  const issuer = toHex(body.subarray(7, 15)).toUpperCase()
  // 24 bytes of v4 head: version, type, algorithms, a hashed creation time, an unhashed issuer.
  const rewritten = new Uint8Array(24 + body.length - 17)
  rewritten.set([4, type, body[15] as number, body[16] as number, 0, 6, 5, 2, ...body.subarray(3, 7), 0, 10, 9, 16, ...body.subarray(7, 15)])
  rewritten.set(body.subarray(17), 24)
  const packet = new (await loadOpenpgp()).SignaturePacket()
  try {
    packet.read(rewritten)
  } catch (error) {
    throw new SignaturePacketError(`Unexpected malformed v3 signature packet: ${(error as Error).message}`)
  }
  hashAsVersion3(packet, body.subarray(2, 7))
  return {
    version: 3,
    type,
    publicKeyAlgorithm: body[15] as number,
    hashAlgorithm: body[16] as number,
    created: new Date(created * 1000),
    expires: null,
    issuer: /^0+$/.test(issuer) ? null : issuer,
    issuerFingerprint: null,
    issuerKeyId: /^0+$/.test(issuer) ? null : issuer,
    hashed: [],
    unhashed: [],
    unhashedProblem: null,
    duplicate: null,
    exportable: true,
    revocationKeys: [],
    reason: null,
    keyFlags: null,
    keyExpiration: null,
    embedded: null,
    body,
    problem: null,
    packet,
  }
}

function number(subpacket: Subpacket | undefined): number | null {
  return subpacket && subpacket.body.length >= 4 ? readUint32(subpacket.body, 0) : null
}

function issuerOf(hashed: Subpacket[], unhashed: Subpacket[]): string | null {
  const found = firstOf(hashed, 16) ?? firstOf(unhashed, 16)
  if (!found || found.body.length !== 8) return null
  const id = toHex(found.body).toUpperCase()
  return /^0+$/.test(id) ? null : id
}

/** GnuPG's order: the signed issuer fingerprint, the signed issuer key id, then the unsigned ones. */
function issuerKeyIdOf(hashed: Subpacket[], unhashed: Subpacket[]): string | null {
  for (const [area, type] of [[hashed, 33], [hashed, 16], [unhashed, 16], [unhashed, 33]] as const) {
    const found = firstOf(area, type)
    if (!found) continue
    const id = type === 33 ? fingerprintKeyId(found.body.length > 1 ? toHex(found.body.subarray(1)).toUpperCase() : null) : found.body.length === 8 ? toHex(found.body).toUpperCase() : null
    if (id && !/^0+$/.test(id)) return id
  }
  return null
}

function fingerprintOf(hashed: Subpacket[], unhashed: Subpacket[]): string | null {
  const found = firstOf(hashed, 33) ?? firstOf(unhashed, 33)
  return found && found.body.length > 1 ? toHex(found.body.subarray(1)).toUpperCase() : null
}

/**
 * The key id an issuer fingerprint implies (v4: its last 8 bytes; v6: its first 8).
 *
 * @param fingerprint
 *   Uppercase hex, or null.
 * @returns
 *   16 hex digits, or null.
 */
export function fingerprintKeyId(fingerprint: string | null): string | null {
  if (!fingerprint) return null
  return fingerprint.length === 64 ? fingerprint.slice(0, 16) : fingerprint.length === 40 ? fingerprint.slice(-16) : null
}

function reasonOf(subpacket: Subpacket | undefined): RevocationReason | null {
  if (!subpacket || subpacket.body.length === 0) return null
  return { code: subpacket.body[0] as number, text: new TextDecoder('utf-8', { fatal: false }).decode(subpacket.body.subarray(1)) }
}
