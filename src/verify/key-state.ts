/**
 * What a key says about itself, checked packet by packet: its valid
 * self-signatures, user ids, expiry, revocations (its own and its designated
 * revokers'), and which of its key packets may sign data — or why not.
 *
 * Why not openpgp.js's `Key#verifyPrimaryKey` or `getSigningKey`: they judge a
 * key "as of" a date and look for a self-signature made before it. The
 * security team refreshed its keys' self-signatures in 2021, after most of
 * the secpack was signed, so as of those signatures' dates the keys have no
 * self-signature at all and every old signature fails. GnuPG instead takes
 * the key as its newest valid self-signature describes it, and only compares
 * the signature's date with the key's creation, expiry and revocation. That is
 * what this module does, once per key.
 *
 * A key packet that is present but may not sign (flags, no binding, no
 * back-signature, refused size or algorithm, no valid self-signature) is kept
 * with its reason in `refusedKeys`, so that a signature by it is `untrusted`
 * with that reason, never "no key in the keyring".
 */
import type { AnyKeyPacket, UserIDPacket } from 'openpgp'
import type { Identity } from './identity.js'
import type { KeyPacketInfo } from './key-packet.js'
import {
  checkKeySignature,
  checkRevocation,
  keySignatureProblem,
  newest,
  type Revocation,
  revocationOf,
  strongerRevocation,
} from './key-signatures.js'
import type { ParsedSignature } from './signature-packet.js'

export type { Revocation } from './key-signatures.js'

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

/** A key packet that is present but may not sign data, with why. */
export interface RefusedKey {
  /** Its fingerprint, or null when it cannot be computed. */
  fingerprint: string | null
  keyId: string
  /** Fingerprint of its primary key (its own when primary), or null. */
  primary: string | null
  /** openpgp.js's packet when it may still be used to check (so a signature by it is told apart from a forgery), else null. */
  packet: AnyKeyPacket | null
  /** Why it may not sign, in plain words. */
  reason: string
}

/** A self-signed, unrevoked user id, with the signatures others made on it. */
export interface BoundIdentity extends Identity {
  packet: UserIDPacket
  /** Signatures on it by other keys (certifications 0x10–0x13, and any others). */
  certifications: ParsedSignature[]
  /** Certification revocations (0x30) by any key. */
  revocations: ParsedSignature[]
}

/** Every copy of one primary key's packets, merged by fingerprint. */
export interface KeyMaterial {
  /** The primary key packet, usable. */
  key: KeyPacketInfo & { packet: AnyKeyPacket; fingerprint: string; keyId: string }
  /** Signatures right after the key packet (direct-key, key revocations, revocation certificates). */
  direct: ParsedSignature[]
  /** User ids by text, with every signature on them. */
  users: Map<string, { packet: UserIDPacket; signatures: ParsedSignature[] }>
  /** Subkeys by fingerprint (or key id), with their signatures. */
  subkeys: Map<string, { key: KeyPacketInfo; signatures: ParsedSignature[] }>
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
  /** User ids its owner revoked, with when. */
  revokedIdentities: Array<{ userId: string; at: Date }>
  /** Key packets that may sign data. */
  signingKeys: SigningKey[]
  /** Key packets present that may not, with why. */
  refusedKeys: RefusedKey[]
  /** Fingerprints of the designated revokers its self-signatures name. */
  revokers: string[]
  /** Caveats for every signature by it (a revocation that could not be checked). */
  caveats: string[]
  /** Why the key is unusable; empty when usable. */
  problems: string[]
}

const certificationTypes = new Set([0x10, 0x11, 0x12, 0x13])
const signData = 0x02
const certifyKeys = 0x01

/**
 * Describe a primary key from its own signatures.
 *
 * @param material
 *   The key's packets (all copies merged).
 * @param now
 *   The present.
 * @param revoker
 *   Looks a designated revoker's key up by fingerprint (any key in the keyring).
 * @returns
 *   The evaluation; `problems` says why it cannot be used, if so.
 */
export async function evaluateKey(
  material: KeyMaterial,
  now: Date,
  revoker: (fingerprint: string) => KeyPacketInfo | null = () => null,
): Promise<KeyEvaluation> {
  const { packet, fingerprint, keyId } = material.key
  const problems: string[] = []
  const users = await readUsers(material, now)
  const direct: ParsedSignature[] = []
  const refusals: string[] = [...users.refusals]
  for (const signature of material.direct) {
    if (signature.type !== 0x1f || signature.issuerKeyId !== keyId) continue
    const problem = await keySignatureProblem(signature, packet, { key: packet }, now)
    if (problem) refusals.push(problem)
    else direct.push(signature)
  }
  const latest = newest([...users.current, ...direct]) ?? newest(users.revokedSelf)
  if (!latest) problems.push(`the key has no valid self-signature${refusals[0] ? ` (${refusals[0]})` : ''}`)
  const revokers = [...new Set([...direct, ...users.current, ...users.revokedSelf].flatMap((signature) => signature.revocationKeys))]
  const caveats: string[] = []
  const revocation = await keyRevocation(material, revokers, revoker, caveats)
  const flags = latest?.keyFlags ?? null
  const expires = expiry(packet, latest)
  const evaluation: KeyEvaluation = {
    fingerprint,
    keyId,
    packet,
    created: packet.created,
    expires,
    revocation,
    certifies: flags === null || (flags & certifyKeys) !== 0,
    identities: users.identities,
    revokedIdentities: users.revoked,
    signingKeys: [],
    refusedKeys: [],
    revokers,
    caveats,
    problems,
  }
  const primary: SigningKey = { packet, fingerprint, keyId, created: packet.created, expires, revocation, primary: fingerprint }
  if (flags === null || (flags & signData) !== 0) evaluation.signingKeys.push(primary)
  else evaluation.refusedKeys.push({ fingerprint, keyId, primary: fingerprint, packet, reason: `its key flags do not allow signing data (${flagWords(flags)})` })
  for (const subkey of material.subkeys.values()) await addSubkey(evaluation, material, subkey, now)
  if (problems.length > 0) {
    // A key that is not valid as a whole signs nothing: every packet of it is refused with the key's reason.
    const reason = problems.join('; ')
    evaluation.refusedKeys = [
      ...evaluation.signingKeys.map((key) => ({ fingerprint: key.fingerprint, keyId: key.keyId, primary: fingerprint, packet: key.packet, reason })),
      ...evaluation.refusedKeys,
    ]
    evaluation.signingKeys = []
  }
  return evaluation
}

interface Users {
  identities: BoundIdentity[]
  revoked: Array<{ userId: string; at: Date }>
  /** The newest valid self-signature of each unrevoked user id. */
  current: ParsedSignature[]
  /** The same for user ids the owner revoked (they still say what the key is). */
  revokedSelf: ParsedSignature[]
  refusals: string[]
}

async function readUsers(material: KeyMaterial, now: Date): Promise<Users> {
  const { packet, keyId } = material.key
  const found: Users = { identities: [], revoked: [], current: [], revokedSelf: [], refusals: [] }
  for (const [text, user] of material.users) {
    const data = { userID: user.packet, key: packet }
    const valid: ParsedSignature[] = []
    const revocations: ParsedSignature[] = []
    for (const signature of user.signatures) {
      if (signature.issuerKeyId !== keyId) continue
      if (certificationTypes.has(signature.type)) {
        const problem = await keySignatureProblem(signature, packet, data, now)
        if (problem) found.refusals.push(`its self-signature on \`${text}\`: ${problem}`)
        else valid.push(signature)
      } else if (signature.type === 0x30 && (await checkRevocation(signature, packet, data))) revocations.push(signature)
    }
    const latest = newest(valid)
    if (!latest) continue
    const revoked = newest(revocations)
    if (revoked && revoked.created >= latest.created) {
      found.revoked.push({ userId: text, at: revoked.created })
      found.revokedSelf.push(latest)
      continue
    }
    found.current.push(latest)
    const others = user.signatures.filter((signature) => signature.issuerKeyId !== keyId)
    found.identities.push({
      userId: text,
      name: user.packet.name,
      email: user.packet.email,
      comment: user.packet.comment,
      packet: user.packet,
      certifications: others.filter((signature) => signature.type !== 0x30),
      revocations: user.signatures.filter((signature) => signature.type === 0x30),
    })
  }
  return found
}

/** The key's revocation: by itself, or by a designated revoker whose key is in the keyring. */
async function keyRevocation(
  material: KeyMaterial,
  revokers: readonly string[],
  revoker: (fingerprint: string) => KeyPacketInfo | null,
  caveats: string[],
): Promise<Revocation | null> {
  const { packet, keyId } = material.key
  let found: Revocation | null = null
  for (const signature of material.direct) {
    const issuer = signature.issuerKeyId
    if (signature.type !== 0x20 || !issuer) continue
    if (issuer === keyId) {
      if (await checkRevocation(signature, packet, { key: packet })) found = strongerRevocation(found, revocationOf(signature, null))
      continue
    }
    const named = revokers.find((fingerprint) => fingerprint.endsWith(issuer))
    if (!named) continue
    const key = revoker(named)
    if (!key?.packet) {
      const why = key ? `its key is refused: ${key.problem}` : 'its key is not in the keyring'
      caveats.push(`a revocation by the designated revoker ${named} could not be checked (${why}), as GnuPG could not`)
      continue
    }
    if (await checkRevocation(signature, key.packet, { key: packet })) found = strongerRevocation(found, revocationOf(signature, named))
  }
  return found
}

async function addSubkey(
  evaluation: KeyEvaluation,
  material: KeyMaterial,
  subkey: { key: KeyPacketInfo; signatures: ParsedSignature[] },
  now: Date,
): Promise<void> {
  const { packet: primary, keyId: primaryId, fingerprint } = material.key
  const info = subkey.key
  const refuse = (reason: string, usable: AnyKeyPacket | null = info.packet) => {
    if (info.keyId) evaluation.refusedKeys.push({ fingerprint: info.fingerprint, keyId: info.keyId, primary: fingerprint, packet: usable, reason })
  }
  if (!info.packet) return refuse(`the subkey is refused: ${info.problem}`, null)
  const data = { key: primary, bind: info.packet }
  const bindings: ParsedSignature[] = []
  let revocation: Revocation | null = null
  for (const signature of subkey.signatures) {
    if (signature.issuerKeyId !== primaryId) continue
    if (signature.type === 0x18 && (await checkKeySignature(signature, primary, data, now))) bindings.push(signature)
    if (signature.type === 0x28 && (await checkRevocation(signature, primary, data))) revocation = strongerRevocation(revocation, revocationOf(signature, null))
  }
  const binding = newest(bindings)
  if (!binding) return refuse('the subkey is not bound to its primary key by a valid binding signature')
  if (!info.signs) return
  if (((binding.keyFlags ?? 0) & signData) === 0) return refuse(`the subkey's flags do not allow signing data (${flagWords(binding.keyFlags)})`)
  // A signing subkey must sign its primary back (0x19), or anyone could bind someone else's signing key to their own primary.
  const back = binding.embedded
  if (!back || back.type !== 0x19 || !(await checkKeySignature(back, info.packet, data, now))) {
    return refuse('the signing subkey has no valid back-signature (0x19) on its primary key')
  }
  evaluation.signingKeys.push({
    packet: info.packet,
    fingerprint: info.fingerprint as string,
    keyId: info.keyId as string,
    created: info.created,
    expires: expiry(info.packet, binding),
    revocation,
    primary: fingerprint,
  })
}

function expiry(packet: AnyKeyPacket, signature: ParsedSignature | undefined): Date | null {
  if (!signature?.keyExpiration) return null
  return new Date(packet.created.getTime() + signature.keyExpiration * 1000)
}

function flagWords(flags: number | null): string {
  if (flags === null) return 'none'
  const words = [[0x01, 'certify'], [0x02, 'sign'], [0x04, 'encrypt communications'], [0x08, 'encrypt storage'], [0x20, 'authenticate']] as const
  const named = words.filter(([bit]) => (flags & bit) !== 0).map(([, word]) => word)
  return named.length > 0 ? `${named.join(', ')} only` : 'no usage at all'
}
