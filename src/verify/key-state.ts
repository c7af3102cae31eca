/**
 * What a key says about itself, checked packet by packet: its valid
 * self-signatures, user ids, expiry, revocations and signing subkeys.
 *
 * Why not openpgp.js's `Key#verifyPrimaryKey` or `getSigningKey`: they judge a
 * key "as of" a date and look for a self-signature made before it. The
 * security team refreshed its keys' self-signatures in 2021, after most of
 * the secpack was signed, so as of those signatures' dates the keys have no
 * self-signature at all and every old signature fails. GnuPG instead takes
 * the key as its newest valid self-signature describes it, and only compares
 * the signature's date with the key's creation, expiry and revocation. That is
 * what this module does, once per key.
 */
import { type AnyKeyPacket, enums, type SignaturePacket, type UserIDPacket } from 'openpgp'
import { verifyPacket } from './crypto.js'
import type { Identity } from './identity.js'
import { judgeHash } from './policy.js'

/** A revocation of a key or subkey. */
export interface Revocation {
  /** When the revocation says it was made. */
  at: Date
  /**
   * Hard (no reason, or compromised): the key is void for all time. Soft
   * (superseded, retired): signatures made before `at` keep counting.
   */
  hard: boolean
  /** Reason code and text, as stated. */
  reason: string
}

/** A key packet that may make data signatures, with its life span. */
export interface SigningKey {
  packet: AnyKeyPacket
  fingerprint: string
  keyId: string
  created: Date
  expires: Date | null
  revocation: Revocation | null
  /** Fingerprint of the primary key it belongs to (its own when primary). */
  primary: string
}

/** A self-signed, unrevoked user id, with the signatures others made on it. */
export interface BoundIdentity extends Identity {
  packet: UserIDPacket
  /** Certifications by other keys (0x10–0x13). */
  certifications: SignaturePacket[]
  /** Certification revocations (0x30) by any key. */
  revocations: SignaturePacket[]
}

/** Every copy of one primary key's packets, merged by fingerprint. */
export interface KeyMaterial {
  packet: AnyKeyPacket
  users: Map<string, { packet: UserIDPacket; self: SignaturePacket[]; others: SignaturePacket[]; revocations: SignaturePacket[] }>
  direct: SignaturePacket[]
  revocations: SignaturePacket[]
  subkeys: Map<string, { packet: AnyKeyPacket; bindings: SignaturePacket[]; revocations: SignaturePacket[] }>
}

/** A primary key as its own signatures describe it. */
export interface KeyEvaluation {
  fingerprint: string
  keyId: string
  packet: AnyKeyPacket
  created: Date
  expires: Date | null
  revocation: Revocation | null
  /** Whether the key may certify others (key flags, or no flags at all). */
  certifies: boolean
  identities: BoundIdentity[]
  signingKeys: SigningKey[]
  /** Why the key is unusable; empty when usable. */
  problems: string[]
}

const reasonNames = new Map<number, string>([
  [enums.reasonForRevocation.noReason, 'no reason specified'],
  [enums.reasonForRevocation.keySuperseded, 'key superseded'],
  [enums.reasonForRevocation.keyCompromised, 'key compromised'],
  [enums.reasonForRevocation.keyRetired, 'key retired'],
])
const softReasons = new Set<number>([enums.reasonForRevocation.keySuperseded, enums.reasonForRevocation.keyRetired])

/**
 * Check one key signature (self-signature, binding, certification,
 * revocation): the digest policy, its time, and the cryptography.
 *
 * @param signature
 *   The signature packet.
 * @param signer
 *   The key packet that should have made it.
 * @param data
 *   What it signs, as openpgp.js's `SignaturePacket#verify` takes it.
 * @param now
 *   The present.
 * @returns
 *   Whether it is valid (its own expiry is left to the caller).
 */
export async function checkKeySignature(
  signature: SignaturePacket,
  signer: AnyKeyPacket,
  data: object,
  now: Date,
): Promise<boolean> {
  const created = signature.created
  if (!created || created > now || created < signer.created) return false
  if (!judgeHash(signature.hashAlgorithm, created, 'key', 'gnupg').accepted) return false
  if (signature.unknownSubpackets.some((subpacket) => subpacket.critical)) return false
  // No "as of" date: openpgp.js would judge the signer as of the signature,
  // the very check this module replaces; times are checked above instead.
  return verifyPacket(signature, signer, signature.signatureType as enums.signature, data)
}

/**
 * Describe a primary key from its own signatures.
 *
 * @param material
 *   The key's packets (all copies merged).
 * @param now
 *   The present.
 * @returns
 *   The evaluation; `problems` says why it cannot be used, if so.
 */
export async function evaluateKey(material: KeyMaterial, now: Date): Promise<KeyEvaluation> {
  const packet = material.packet
  const keyId = packet.getKeyID().toHex().toUpperCase()
  const problems: string[] = []
  const selfSignatures: SignaturePacket[] = []
  const identities: BoundIdentity[] = []
  for (const user of material.users.values()) {
    const data = { userID: user.packet, key: packet }
    const valid = await validSignatures(user.self, packet, data, now)
    const latest = newest(valid)
    if (!latest) continue
    const revoked = newest(await validSignatures(user.revocations, packet, data, now, keyId))
    if (revoked && created(revoked) >= created(latest)) continue
    selfSignatures.push(latest)
    identities.push({
      userId: user.packet.userID,
      name: user.packet.name,
      email: user.packet.email,
      comment: user.packet.comment,
      packet: user.packet,
      certifications: user.others,
      revocations: user.revocations,
    })
  }
  selfSignatures.push(...(await validSignatures(material.direct, packet, { key: packet }, now, keyId)))
  const latest = newest(selfSignatures)
  if (!latest) problems.push('the key has no valid self-signature')
  const revocation = await revocationOf(material.revocations, packet, { key: packet }, now, keyId)
  const expires = expiry(packet, latest)
  const flags = latest?.keyFlags?.[0]
  const signingKeys: SigningKey[] = []
  const fingerprint = packet.getFingerprint().toUpperCase()
  if (latest && (flags === undefined || (flags & enums.keyFlags.signData) !== 0)) {
    signingKeys.push({ packet, fingerprint, keyId, created: packet.created, expires, revocation, primary: fingerprint })
  }
  if (latest) signingKeys.push(...(await signingSubkeys(material, fingerprint, now)))
  const bits = rsaBits(packet)
  if (bits !== null && bits < 1024) problems.push(`the key is RSA with ${bits} bits, fewer than 1024`)
  return {
    fingerprint,
    keyId,
    packet,
    created: packet.created,
    expires,
    revocation,
    certifies: flags === undefined || (flags & enums.keyFlags.certifyKeys) !== 0,
    identities,
    signingKeys: problems.length > 0 ? [] : signingKeys,
    problems,
  }
}

async function signingSubkeys(material: KeyMaterial, primary: string, now: Date): Promise<SigningKey[]> {
  const found: SigningKey[] = []
  const primaryPacket = material.packet
  for (const subkey of material.subkeys.values()) {
    const data = { key: primaryPacket, bind: subkey.packet }
    const binding = newest(await validSignatures(subkey.bindings, primaryPacket, data, now))
    const flags = binding?.keyFlags?.[0] ?? 0
    if (!binding || (flags & enums.keyFlags.signData) === 0) continue
    // A signing subkey must sign its primary back (0x19), or anyone could
    // bind someone else's signing key to their own primary.
    const back = binding.embeddedSignature
    if (!back || back.signatureType !== enums.signature.keyBinding) continue
    if (!(await checkKeySignature(back, subkey.packet, data, now))) continue
    found.push({
      packet: subkey.packet,
      fingerprint: subkey.packet.getFingerprint().toUpperCase(),
      keyId: subkey.packet.getKeyID().toHex().toUpperCase(),
      created: subkey.packet.created,
      expires: expiry(subkey.packet, binding),
      revocation: await revocationOf(subkey.revocations, primaryPacket, data, now),
      primary,
    })
  }
  return found
}

/** The signatures by `signer` that check out and have not expired. */
async function validSignatures(
  signatures: SignaturePacket[],
  signer: AnyKeyPacket,
  data: object,
  now: Date,
  issuer: string = signer.getKeyID().toHex().toUpperCase(),
): Promise<SignaturePacket[]> {
  const valid: SignaturePacket[] = []
  for (const signature of signatures) {
    if (signature.issuerKeyID.toHex().toUpperCase() !== issuer) continue
    if (signature.isExpired(now)) continue
    if (await checkKeySignature(signature, signer, data, now)) valid.push(signature)
  }
  return valid
}

/** The revocation that takes effect first: a hard one wins over any soft one. */
async function revocationOf(
  signatures: SignaturePacket[],
  signer: AnyKeyPacket,
  data: object,
  now: Date,
  issuer?: string,
): Promise<Revocation | null> {
  let found: Revocation | null = null
  for (const signature of await validSignatures(signatures, signer, data, now, issuer)) {
    const code = signature.reasonForRevocationFlag
    const hard = code === null || !softReasons.has(code)
    const reason = `${code === null ? 'no reason given' : (reasonNames.get(code) ?? `reason ${code}`)}${
      signature.reasonForRevocationString ? `: ${signature.reasonForRevocationString}` : ''
    }`
    const at = created(signature)
    if (!found || (hard && !found.hard) || (hard === found.hard && at < found.at)) found = { at, hard, reason }
  }
  return found
}

function expiry(packet: AnyKeyPacket, signature: SignaturePacket | undefined): Date | null {
  if (!signature || signature.keyNeverExpires !== false || !signature.keyExpirationTime) return null
  return new Date(packet.created.getTime() + signature.keyExpirationTime * 1000)
}

function newest(signatures: SignaturePacket[]): SignaturePacket | undefined {
  let found: SignaturePacket | undefined
  for (const signature of signatures) if (!found || created(signature) > created(found)) found = signature
  return found
}

function created(signature: SignaturePacket): Date {
  return signature.created ?? new Date(0)
}

function rsaBits(packet: AnyKeyPacket): number | null {
  const modulus = (packet.publicParams as { n?: Uint8Array }).n
  if (!modulus) return null
  const first = modulus.findIndex((byte) => byte !== 0)
  if (first < 0) return 0
  return (modulus.length - first - 1) * 8 + (32 - Math.clz32(modulus[first] as number))
}
