/**
 * Whether a key speaks for the Qubes security team: certified by the pinned
 * master key, through a user id that names the security pack or team (see
 * `identity.ts`), with the master key's own validity, expiry and revocation
 * checked.
 *
 * Why not openpgp.js's `User#verifyCertificate`: it asks for the certifying
 * key "as of" the certification's date. The master key's only self-signature
 * is from 2021, so every certification it made earlier (Joanna's in 2015,
 * Simon's in 2018) is rejected and real team keys look uncertified. Here each
 * certification is checked at the packet level instead, against the master
 * key as its newest self-signature describes it.
 */
import { foldName, isTeamIdentity, ownerNames } from './identity.js'
import { checkRevocation, keySignatureProblem } from './key-signatures.js'
import type { BoundIdentity, KeyEvaluation } from './key-state.js'
import type { ParsedSignature } from './signature-packet.js'

/** How far a key is trusted to sign for the security team. */
export interface Trust {
  /** Whether the pinned master key certifies at least one of its user ids, unrevoked. */
  certified: boolean
  /** Whether it is a security-team key (by certified user id, or by the `team` list). */
  team: boolean
  /** Folded names it answers to as a signer (from certified user ids). */
  names: string[]
  /** The certified user ids. */
  userIds: string[]
  /** When the last certification expires, or null (never, or not certified). */
  certifiedUntil: Date | null
  /** Why it is not trusted, or null when it is. */
  reason: string | null
  /** The master key's standing certification of each certified user id: when it was made, and when it expires. */
  certifications: Array<{ userId: string; created: Date; expires: Date | null }>
}

/**
 * Certifications that count: generic (0x10), casual (0x12) and positive
 * (0x13). A persona certification (0x11) says the certifier did not check
 * the key's owner at all; GnuPG's `--min-cert-level 2` default discards it
 * too (RFC 9580 §5.2.1.5).
 */
const certificationTypes = new Set<number>([0x10, 0x12, 0x13])
const personaCertification = 0x11

/**
 * Judge a key against the pinned master key.
 *
 * @param key
 *   The key, evaluated.
 * @param master
 *   The pinned master key, evaluated, or null when the keyring lacks it.
 * @param team
 *   Fingerprints that alone count as team keys, or null to read the role off
 *   the certified user ids.
 * @param now
 *   The present.
 * @returns
 *   The trust.
 */
export async function evaluateTrust(
  key: KeyEvaluation,
  master: KeyEvaluation | null,
  team: ReadonlySet<string> | null,
  now: Date,
): Promise<Trust> {
  const untrusted = (reason: string): Trust => ({ certified: false, team: false, names: [], userIds: [], certifiedUntil: null, reason, certifications: [] })
  if (!master) return untrusted('the pinned master key is not in the keyring')
  if (key.fingerprint === master.fingerprint) {
    return untrusted('this is the master key itself: it certifies team keys, it does not sign documents')
  }
  if (master.problems.length > 0) return untrusted(`the pinned master key is unusable: ${master.problems.join('; ')}`)
  // Stricter than the per-signature rule for team keys: a master key that is
  // revoked (for any reason) or expired anchors nothing until a new one is pinned.
  if (master.revocation) {
    const by = master.revocation.by ? ` by its designated revoker ${master.revocation.by}` : ''
    return untrusted(`the pinned master key is revoked${by} (${master.revocation.reason})`)
  }
  if (master.expires && master.expires <= now) return untrusted(`the pinned master key expired on ${day(master.expires)}`)
  if (!master.certifies) return untrusted('the pinned master key may not certify keys (key flags)')
  const certified: Array<{ identity: BoundIdentity; until: Date | null; at: Date }> = []
  const refused: string[] = []
  for (const identity of key.identities) {
    const result = await certification(identity, key, master, now)
    if (typeof result === 'string') refused.push(result)
    else certified.push({ identity, until: result.until, at: result.at })
  }
  if (certified.length === 0) {
    const revoked = key.revokedIdentities[0]
    const owner = revoked ? `; its owner revoked \`${revoked.userId}\` on ${day(revoked.at)}` : ''
    return untrusted(`${refused[0] ?? 'no user id of this key is certified by the pinned master key'}${owner}`)
  }
  const names = [...new Set(certified.flatMap(({ identity }) => ownerNames(identity)))]
  const isTeam = team ? team.has(key.fingerprint) : certified.some(({ identity }) => isTeamIdentity(identity))
  const until = certified.some(({ until }) => until === null)
    ? null
    : new Date(Math.max(...certified.map(({ until }) => (until as Date).getTime())))
  return {
    certified: true,
    team: isTeam,
    names,
    userIds: certified.map(({ identity }) => identity.userId),
    certifiedUntil: until,
    certifications: certified.map(({ identity, until, at }) => ({ userId: identity.userId, created: at, expires: until })),
    reason: isTeam
      ? null
      : team
        ? 'the key is certified by the master key but is not in the given list of team keys'
        : `the key is certified by the master key but is not a security-team key (${certified[0]?.identity.userId})`,
  }
}

/**
 * The master key's standing certification of one user id: its newest valid,
 * exportable certification of a counting type, unless a newer certification
 * revocation by the master key withdrew it. The refusals say why none counts.
 */
async function certification(
  identity: BoundIdentity,
  key: KeyEvaluation,
  master: KeyEvaluation,
  now: Date,
): Promise<{ until: Date | null; at: Date } | string> {
  const data = { userID: identity.packet, key: key.packet }
  let latest: ParsedSignature | null = null
  let refusal: string | null = null
  for (const signature of byMaster(identity.certifications, master)) {
    const problem = await certificationProblem(signature, master, data, now)
    if (problem) refusal ??= problem
    else if (!latest || signature.created > latest.created) latest = signature
  }
  if (!latest) return `the pinned master key does not certify \`${identity.userId}\`${refusal ? ` (its certification does not count: ${refusal})` : ''}`
  for (const revocation of byMaster(identity.revocations, master)) {
    if (revocation.created < latest.created) continue
    if (await checkRevocation(revocation, master.packet, data)) {
      return `the master key revoked its certification of \`${identity.userId}\` on ${day(revocation.created)}`
    }
  }
  return { until: latest.expires, at: latest.created }
}

async function certificationProblem(signature: ParsedSignature, master: KeyEvaluation, data: object, now: Date): Promise<string | null> {
  if (signature.type === personaCertification) return 'it is a persona certification (0x11), which vouches for nobody'
  if (!certificationTypes.has(signature.type)) return `it is not a certification (type 0x${signature.type.toString(16).padStart(2, '0')})`
  if (!signature.exportable) return 'it is marked non-exportable (a local certification)'
  return keySignatureProblem(signature, master.packet, data, now)
}

function byMaster(signatures: ParsedSignature[], master: KeyEvaluation): ParsedSignature[] {
  return signatures.filter((signature) => signature.issuerKeyId === master.keyId && (signature.type === 0x30 || signature.type <= 0x13))
}

/**
 * Whether a signer name (a file suffix) names the key.
 *
 * @param signer
 *   The name (`marmarek`).
 * @param trust
 *   The key's trust.
 * @returns
 *   True when the folded name is one the key answers to.
 */
export function answersTo(signer: string, trust: Readonly<Trust>): boolean {
  return trust.names.includes(foldName(signer))
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10)
}
