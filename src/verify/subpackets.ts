/**
 * Signature subpackets (RFC 9580 §5.2.3.7): the one table of those this
 * verifier implements, and the reader that refuses what it must.
 *
 * Critical bit. A subpacket marked critical that the verifier does not
 * implement makes the signature invalid (RFC 9580 §5.2.3.7). "Implements"
 * means the verifier reads it and knows what it does to a verdict: either it
 * is used (creation time, expiry, key flags, revocation key, …) or it has, by
 * its definition, no bearing on whether a signature counts (preferences for
 * encryption, features). The table follows GnuPG 2.2's list of subpackets it
 * handles as critical, except the Policy URI (26), which GnuPG accepts
 * unread and this verifier refuses: a policy nobody reads cannot be
 * "understood". Critical notations are refused whatever their name.
 *
 * Both areas. GnuPG refuses a critical unknown subpacket in the unhashed
 * area too, so the reader reports both; the callers apply the unhashed
 * refusal to every signature but a revocation, where anyone could add one
 * to hide the revocation.
 *
 * Single values. A signature holding two creation times is read differently
 * by GnuPG (the first) and openpgp.js (the last), so whoever made it picks
 * what each verifier sees. The same holds for every subpacket with one
 * value; a second copy of any of them in the hashed area refuses a signature
 * that grants anything (a data signature, a self-signature, a binding, a
 * certification). A revocation holding one is read as GnuPG reads it (the
 * first copy) and still counts: refusing it would let its maker hide it.
 */

/** One subpacket, as read. */
export interface Subpacket {
  /** Subpacket type id, without the critical bit. */
  type: number
  /** Whether the critical bit is set. */
  critical: boolean
  /** Its body. */
  body: Uint8Array
}

/** What the verifier knows of a subpacket type. */
export interface SubpacketRule {
  /** Its name in RFC 9580. */
  name: string
  /** Its section of RFC 9580. */
  section: string
  /** What it does here (documentation, and the test's table). */
  use: string
  /** Whether it holds one value, so a second copy in the hashed area is refused. */
  single: boolean
}

/** The subpackets this verifier implements: a critical one of any other type refuses the signature. */
export const implementedSubpackets: ReadonlyMap<number, SubpacketRule> = new Map<number, SubpacketRule>([
  [2, { name: 'signature creation time', section: '5.2.3.11', use: 'dates the signature; required', single: true }],
  [3, { name: 'signature expiration time', section: '5.2.3.18', use: 'an expired signature does not count', single: true }],
  [4, { name: 'exportable certification', section: '5.2.3.19', use: 'a non-exportable certification does not count', single: true }],
  [5, { name: 'trust signature', section: '5.2.3.21', use: 'read as a plain certification: no key but the pinned master key is ever an introducer', single: true }],
  [6, { name: 'regular expression', section: '5.2.3.22', use: 'limits a trust signature’s delegation, which is never used', single: false }],
  [7, { name: 'revocable', section: '5.2.3.20', use: 'read; a certification revocation counts even so (stricter)', single: true }],
  [9, { name: 'key expiration time', section: '5.2.3.13', use: 'a key or subkey expires', single: true }],
  [11, { name: 'preferred symmetric ciphers', section: '5.2.3.14', use: 'encryption preference, no bearing on a verdict', single: false }],
  [12, { name: 'revocation key', section: '5.2.3.23', use: 'names a designated revoker', single: false }],
  [16, { name: 'issuer key id', section: '5.2.3.12', use: 'finds the key (a hint, checked against the key that verifies)', single: true }],
  [21, { name: 'preferred hash algorithms', section: '5.2.3.16', use: 'encryption and signing preference, no bearing on a verdict', single: false }],
  [22, { name: 'preferred compression algorithms', section: '5.2.3.17', use: 'encryption preference, no bearing on a verdict', single: false }],
  [24, { name: 'preferred key server', section: '5.2.3.26', use: 'no bearing: keys are never fetched', single: false }],
  [25, { name: 'primary user id', section: '5.2.3.27', use: 'no bearing: every certified user id counts', single: false }],
  [27, { name: 'key flags', section: '5.2.3.29', use: 'whether a key may sign data or certify keys', single: true }],
  [29, { name: 'reason for revocation', section: '5.2.3.31', use: 'hard or soft revocation', single: true }],
  [30, { name: 'features', section: '5.2.3.32', use: 'encryption features, no bearing on a verdict', single: false }],
  [32, { name: 'embedded signature', section: '5.2.3.34', use: 'a signing subkey’s back-signature', single: true }],
  [33, { name: 'issuer fingerprint', section: '5.2.3.35', use: 'finds the key; must agree with the issuer key id', single: true }],
])

/** Names of the subpackets not implemented, for notes (RFC 9580 §5.2.3.8). */
const otherNames = new Map<number, string>([
  [20, 'notation data'],
  [23, 'key server preferences'],
  [26, 'policy URI'],
  [28, 'signer’s user id'],
  [31, 'signature target'],
  [34, 'preferred AEAD algorithms'],
  [35, 'intended recipient fingerprint'],
  [37, 'attested certifications'],
  [39, 'preferred AEAD ciphersuites'],
])

/**
 * Name a subpacket type.
 *
 * @param type
 *   Subpacket type id.
 * @returns
 *   `subpacket 27 (key flags)`, or `subpacket 100 (unknown)`.
 */
export function subpacketName(type: number): string {
  return `subpacket ${type} (${implementedSubpackets.get(type)?.name ?? otherNames.get(type) ?? 'unknown'})`
}

/**
 * Read a subpacket area (without its length field).
 *
 * @param area
 *   The subpackets, back to back.
 * @returns
 *   The subpackets, or a reason when the area is malformed.
 */
export function readSubpackets(area: Uint8Array): Subpacket[] | string {
  const found: Subpacket[] = []
  let offset = 0
  while (offset < area.length) {
    const first = area[offset] as number
    let length: number
    let start: number
    if (first < 192) [length, start] = [first, offset + 1]
    else if (first < 255) [length, start] = [((first - 192) << 8) + (area[offset + 1] ?? 0) + 192, offset + 2]
    else [length, start] = [(((area[offset + 1] ?? 0) << 24) >>> 0) + ((area[offset + 2] ?? 0) << 16) + ((area[offset + 3] ?? 0) << 8) + (area[offset + 4] ?? 0), offset + 5]
    if (length === 0 || start + length > area.length) return `a subpacket overruns its area (offset ${offset})`
    const type = area[start] as number
    found.push({ type: type & 0x7f, critical: (type & 0x80) !== 0, body: area.subarray(start + 1, start + length) })
    offset = start + length
  }
  return found
}

/**
 * Why a hashed area makes a signature invalid, or null.
 *
 * @param hashed
 *   The hashed subpackets.
 * @returns
 *   The reason, naming the subpacket: an unimplemented critical one, a
 *   critical notation, or no creation time.
 */
export function hashedAreaProblem(hashed: readonly Subpacket[]): string | null {
  const critical = criticalProblem(hashed)
  if (critical) return critical
  if (!firstOf(hashed, 2)) return 'no signature creation time in the signed part'
  return null
}

/**
 * Why a hashed area holds two copies of a single-valued subpacket, or null.
 *
 * @param hashed
 *   The hashed subpackets.
 * @returns
 *   The reason, naming the subpacket.
 */
export function duplicateProblem(hashed: readonly Subpacket[]): string | null {
  const seen = new Set<number>()
  for (const { type } of hashed) {
    if (!implementedSubpackets.get(type)?.single) continue
    if (seen.has(type)) return `two copies of ${subpacketName(type)} in the signed part (GnuPG reads the first, openpgp.js the last): refused rather than picking one`
    seen.add(type)
  }
  return null
}

/**
 * Why an area holds a critical subpacket this verifier does not implement, or null.
 *
 * @param area
 *   Subpackets (hashed or unhashed).
 * @returns
 *   The reason, naming the subpacket.
 */
export function criticalProblem(area: readonly Subpacket[]): string | null {
  for (const { type, critical, body } of area) {
    if (!critical) continue
    if (type === 20) return `critical notation \`${notationName(body)}\`, which this verifier does not implement`
    if (!implementedSubpackets.has(type)) return `critical ${subpacketName(type)}, which this verifier does not implement`
  }
  return null
}

function notationName(body: Uint8Array): string {
  const length = ((body[4] ?? 0) << 8) | (body[5] ?? 0)
  const name = new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(8, 8 + length))
  return name.replace(/[^\x20-\x7e]/g, '?').slice(0, 80)
}

/**
 * The first subpacket of a type in an area.
 *
 * @param area
 *   Subpackets.
 * @param type
 *   Subpacket type id.
 * @returns
 *   The subpacket, or undefined.
 */
export function firstOf(area: readonly Subpacket[], type: number): Subpacket | undefined {
  return area.find((subpacket) => subpacket.type === type)
}
