/**
 * What a key is for, read off the user ids that the pinned master key
 * certified — never off the folder a checkout keeps it in, which the
 * checkout controls. The master key certifies team keys, release keys, the
 * developers' code-signing keys and others; the words it vouched for say which:
 *
 * | role            | a certified user id (name or comment) saying        |
 * | --------------- | --------------------------------------------------- |
 * | `master`        | (the pinned fingerprint itself)                     |
 * | `security-team` | `security pack`, `secpack`, `security team`         |
 * | `release`       | `Release N[.M…] Signing Key`                        |
 * | `template`      | `template`                                          |
 * | `build-logs`    | `build log(s)`                                      |
 * | `doc-signing`   | `documentation`, `doc signing`, `website`           |
 * | `code-signing`  | `signing key` (`Qubes OS signing key`), `code signing` |
 * | `other`         | anything else                                       |
 *
 * The first row that matches wins. A key the master key does not certify has
 * no role (null); what its own user ids claim is shown apart, as a claim.
 */
import { isTeamIdentity } from './identity.js'
import type { Keyring, KeyringKey } from './keyring.js'
import type { SignerPolicy } from './verify.js'

/** What a key is for. */
export type KeyRole = 'master' | 'security-team' | 'release' | 'template' | 'build-logs' | 'doc-signing' | 'code-signing' | 'other'

const releasePattern = /\brelease\s+(\d+(?:\.\d+)*)\s+signing\s+key\b/i
const rules: Array<[Exclude<KeyRole, 'master' | 'security-team' | 'other'>, RegExp]> = [
  ['release', releasePattern],
  ['template', /\btemplates?\b/i],
  ['build-logs', /\bbuild[\s-]*logs?\b/i],
  ['doc-signing', /\bdocumentation\b|\bdocs?[\s-]+signing\b|\bwebsite\b/i],
  ['code-signing', /\bsigning\s+key\b|\bcode[\s-]+signing\b/i],
]

/**
 * The role a user id states.
 *
 * @param userId
 *   A user id (`Qubes OS Release 4.2 Signing Key`).
 * @returns
 *   Its role (`release`), `other` when it says none.
 */
export function roleOfUserId(userId: string): Exclude<KeyRole, 'master'> {
  const parts = /^(.*?)(?:\s*\(([^)]*)\))?(?:\s*<[^>]*>)?$/.exec(userId.trim())
  if (isTeamIdentity({ userId, name: parts?.[1] ?? userId, comment: parts?.[2] ?? '', email: '' })) return 'security-team'
  for (const [role, pattern] of rules) if (pattern.test(userId)) return role
  return 'other'
}

/**
 * The release a release key's user id names.
 *
 * @param userId
 *   A user id.
 * @returns
 *   `4.2` for `Qubes OS Release 4.2 Signing Key`, or null.
 */
export function releaseOfUserId(userId: string): string | null {
  return releasePattern.exec(userId)?.[1] ?? null
}

/**
 * A key's role, from its certified user ids (the first one with a role in the table's order).
 *
 * @param key
 *   The key's fingerprint and certified user ids.
 * @param master
 *   The pinned master key's fingerprint.
 * @returns
 *   The role, or null when the master key certifies no user id of it.
 */
export function roleOf(key: Readonly<{ fingerprint: string; userIds: readonly string[] }>, master: string): KeyRole | null {
  if (key.fingerprint === master) return 'master'
  const roles = key.userIds.map(roleOfUserId)
  if (roles.length === 0) return null
  const order: Array<Exclude<KeyRole, 'master'>> = ['security-team', 'release', 'template', 'build-logs', 'doc-signing', 'code-signing', 'other']
  return order.find((role) => roles.includes(role)) ?? 'other'
}

/**
 * The role of a keyring's key.
 *
 * @param keyring
 *   The keyring.
 * @param key
 *   One of its keys.
 * @returns
 *   Its role from its certified user ids, or null when uncertified.
 */
export function roleInKeyring(keyring: Keyring, key: Readonly<KeyringKey>): KeyRole | null {
  return roleOf({ fingerprint: key.fingerprint, userIds: key.certifications.map(({ userId }) => userId) }, keyring.master)
}

/** Who may sign a tag: any key the master key certifies (the tag's role says which). */
export const certifiedSigners: SignerPolicy = (key) => (key.certified ? null : (key.reason ?? 'not certified by the pinned master key'))

/**
 * The release whose key vouches for a version: the most specific release
 * that a certified release key of the keyring names and that the version
 * starts with (`4.2.0-rc1` → `4.2` when a Release 4.2 key is there, else `4`).
 *
 * @param version
 *   A release version (`4.2.0-rc1`, `4.1.2`, `3`).
 * @param keyring
 *   The keyring.
 * @returns
 *   The release (`4.2`), or null when no certified release key names one.
 */
export function releaseFor(version: string, keyring: Keyring): string | null {
  const wanted = numbers(version)
  let best: string | null = null
  for (const key of keyring.keys) {
    for (const { userId } of key.certifications) {
      const release = releaseOfUserId(userId)
      if (!release) continue
      const parts = numbers(release)
      const fits = parts.length <= wanted.length && parts.every((part, index) => part === wanted[index])
      if (fits && (best === null || parts.length > numbers(best).length)) best = release
    }
  }
  return best
}

/**
 * Who may sign a release's ISO digests: a release key that the master key
 * certifies through a user id naming exactly the release that vouches for
 * the version ({@link releaseFor}). A security-team key, a code-signing key
 * or another release's key is refused.
 *
 * @param version
 *   The release version of the ISO (`4.2.0-rc1`).
 * @param keyring
 *   The keyring (to know which release keys exist).
 * @returns
 *   The policy.
 */
export function releaseSigners(version: string, keyring: Keyring): SignerPolicy {
  const release = releaseFor(version, keyring)
  return (key) => {
    if (!key.certified) return key.reason ?? 'not certified by the pinned master key'
    const named = key.userIds.map(releaseOfUserId).filter((value): value is string => value !== null)
    if (release === null) return `no release key certified by the master key names a release that R${version} belongs to`
    if (named.includes(release)) return null
    if (named.length > 0) return `a release key of Release ${named.join(', ')}, not of Release ${release}, which vouches for R${version}`
    const role = roleOf({ fingerprint: key.fingerprint, userIds: key.userIds }, '')
    return `a ${role ?? 'certified'} key, not the Release ${release} signing key, which vouches for R${version}`
  }
}

function numbers(version: string): number[] {
  return (/^\d+(?:\.\d+)*/.exec(version)?.[0] ?? '').split('.').filter(Boolean).map(Number)
}

/** A key of a keyring, described: what it is for and how far it is trusted. */
export interface KeyReport {
  /** Primary key fingerprint. */
  fingerprint: string
  /** Every user id, as written. */
  userIds: string[]
  /** Where copies of it were read from. */
  sources: string[]
  /** Its role, from the user ids the pinned master key certifies; null when it certifies none. */
  role: KeyRole | null
  /** For a release key, the release its certified user id names (`4.2`). */
  release: string | null
  /** What its own user ids say it is for, vouched for by nobody (shown for uncertified keys). */
  claims: Exclude<KeyRole, 'master'> | null
  /** Whether the pinned master key certifies it. */
  certified: boolean
  /** The master key's certifications of its user ids (ISO 8601 dates). */
  certifications: Array<{ userId: string; created: string; expires: string | null }>
  /** When the key expires, or null. */
  expires: string | null
  /** Its revocation, or null. */
  revocation: { at: string; reason: string; hard: boolean } | null
  /** Why it cannot be used or trusted, or null. */
  problem: string | null
}

/**
 * Describe every key of a keyring.
 *
 * @param keyring
 *   The keyring.
 * @returns
 *   One report per key: the pinned master key first, then certified keys by
 *   role, then the others, each group by first user id.
 */
export function describeKeys(keyring: Keyring): KeyReport[] {
  const reports = keyring.keys.map((key): KeyReport => {
    const role = roleInKeyring(keyring, key)
    const release = key.certifications.map(({ userId }) => releaseOfUserId(userId)).find((value) => value !== null) ?? null
    const claimed = key.userIds.map(roleOfUserId)
    return {
      fingerprint: key.fingerprint,
      userIds: [...key.userIds],
      sources: [...key.sources],
      role,
      release: role === 'release' ? release : null,
      claims: claimed.find((value) => value !== 'other') ?? claimed[0] ?? null,
      certified: key.certified,
      certifications: key.certifications.map((certification) => ({ ...certification })),
      expires: key.expires,
      revocation: key.revocation ? { ...key.revocation } : null,
      problem: key.master ? (key.problems[0] ?? null) : key.problem,
    }
  })
  const rank = (report: KeyReport): number => (report.role === 'master' ? 0 : report.role ? 1 : 2)
  return reports.sort((a, b) => rank(a) - rank(b) || (a.role ?? '').localeCompare(b.role ?? '') || (a.userIds[0] ?? '').localeCompare(b.userIds[0] ?? ''))
}
