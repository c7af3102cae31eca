/**
 * Checking one signature over a key (self-signature, binding, certification)
 * or one revocation, each with the reason it does not count.
 *
 * A revocation is judged more leniently than a signature that grants trust,
 * because it only takes trust away (and GnuPG honours it so too): any digest
 * that can be computed counts, MD5 and SHA-1 after the cutoff included; its
 * own expiry is ignored ("an attacker can generate all kinds of signatures",
 * GnuPG's getkey.c); a critical subpacket in its unhashed area, which anyone
 * could add to hide it, is ignored; two copies of a subpacket are read as
 * GnuPG reads them (the first). A critical subpacket in its signed part
 * still voids it (RFC 9580 §5.2.3.7): only its maker could have put it there.
 */
import type { AnyKeyPacket, enums } from 'openpgp'
import { verifyPacket } from './crypto.js'
import { revocationReasons } from './openpgp.js'
import { hashName, judgeHash } from './policy.js'
import type { ParsedSignature } from './signature-packet.js'

/** A revocation of a key or subkey, as it takes effect. */
export interface Revocation {
  /** When the revocation says it was made. */
  at: Date
  /**
   * Hard (no reason, compromised, or any other code): the key is void for
   * all time. Soft (superseded, retired): signatures made before `at` keep
   * counting (RFC 9580 §5.2.3.31).
   */
  hard: boolean
  /** Reason code and text, as stated. */
  reason: string
  /** Fingerprint of the designated revoker that made it, or null when the key revoked itself. */
  by: string | null
}

const reasonNames = new Map<number, string>([
  [revocationReasons.noReason, 'no reason specified'],
  [revocationReasons.keySuperseded, 'key superseded'],
  [revocationReasons.keyCompromised, 'key compromised'],
  [revocationReasons.keyRetired, 'key retired'],
  [revocationReasons.userIDInvalid, 'user id no longer valid'],
])
const softReasons = new Set<number>([revocationReasons.keySuperseded, revocationReasons.keyRetired])

/**
 * Why a key signature (self-signature, binding, certification) does not
 * count, or null when it does.
 *
 * @param signature
 *   The signature.
 * @param signer
 *   The key packet that should have made it.
 * @param data
 *   What it signs, as openpgp.js's `SignaturePacket#verify` takes it.
 * @param now
 *   The present.
 * @returns
 *   The reason in plain words, or null.
 */
export async function keySignatureProblem(signature: ParsedSignature, signer: AnyKeyPacket, data: object, now: Date): Promise<string | null> {
  if (signature.problem !== null) return signature.problem
  if (signature.duplicate) return signature.duplicate
  if (signature.unhashedProblem) return `${signature.unhashedProblem} (in its unsigned part)`
  const created = signature.created
  if (created > now) return `it is dated ${day(created)}, in the future`
  if (created < signer.created) return `it is dated ${day(created)}, before its key was made`
  if (signature.expires && signature.expires <= now) return `it expired on ${day(signature.expires)}`
  const hash = judgeHash(signature.hashAlgorithm, created, 'key', 'gnupg')
  if (!hash.accepted) return hash.note ?? `its digest ${hashName(signature.hashAlgorithm)} is refused`
  // No "as of" date: openpgp.js would judge the signer as of the signature; times are checked above instead.
  if (!(await verifyPacket(signature.packet, signer, signature.type as enums.signature, data))) return 'it does not verify'
  return null
}

/**
 * Check one key signature (self-signature, binding, certification).
 *
 * @param signature
 *   The signature.
 * @param signer
 *   The key packet that should have made it.
 * @param data
 *   What it signs, as openpgp.js's `SignaturePacket#verify` takes it.
 * @param now
 *   The present.
 * @returns
 *   Whether it counts.
 */
export async function checkKeySignature(signature: ParsedSignature, signer: AnyKeyPacket, data: object, now: Date): Promise<boolean> {
  return (await keySignatureProblem(signature, signer, data, now)) === null
}

/**
 * Check a revocation (0x20, 0x28, 0x30) by a given key.
 *
 * @param signature
 *   The revocation.
 * @param signer
 *   The key packet that should have made it (the key itself, its primary,
 *   or a designated revoker).
 * @param data
 *   What it revokes, as openpgp.js's `SignaturePacket#verify` takes it.
 * @returns
 *   Whether it counts.
 */
export async function checkRevocation(signature: ParsedSignature, signer: AnyKeyPacket, data: object): Promise<boolean> {
  if (signature.problem !== null) return false
  // GnuPG: a revocation older than the key that made it is a time conflict, and does not count.
  if (signature.created < signer.created) return false
  if (!judgeHash(signature.hashAlgorithm, signature.created, 'revocation', 'gnupg').accepted) return false
  return verifyPacket(signature.packet, signer, signature.type as enums.signature, data)
}

/**
 * What a valid revocation does.
 *
 * @param signature
 *   A revocation that counts.
 * @param by
 *   The designated revoker's fingerprint, or null for a self-revocation.
 * @returns
 *   Its effect: date, hard or soft, and the reason in words.
 */
export function revocationOf(signature: ParsedSignature, by: string | null): Revocation {
  const code = signature.reason?.code ?? null
  const text = signature.reason?.text ?? ''
  const reason = `${code === null ? 'no reason given' : (reasonNames.get(code) ?? `reason ${code}`)}${text ? `: ${text}` : ''}`
  return { at: signature.created, hard: code === null || !softReasons.has(code), reason, by }
}

/**
 * Of two revocations, the one that takes effect first: a hard one wins over
 * any soft one, then the earlier.
 *
 * @param a
 *   A revocation, or null.
 * @param b
 *   Another.
 * @returns
 *   The stronger.
 */
export function strongerRevocation(a: Revocation | null, b: Revocation | null): Revocation | null {
  if (!a || !b) return a ?? b
  if (a.hard !== b.hard) return a.hard ? a : b
  return a.at <= b.at ? a : b
}

/**
 * The newest of some signatures.
 *
 * @param signatures
 *   Signatures.
 * @returns
 *   The one made last, or undefined.
 */
export function newest<T extends { created: Date }>(signatures: readonly T[]): T | undefined {
  let found: T | undefined
  for (const signature of signatures) if (!found || signature.created > found.created) found = signature
  return found
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10)
}
