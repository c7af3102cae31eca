/**
 * Who a key belongs to and whether it speaks for the security team, read off
 * the user ids that the pinned master key certified.
 *
 * Owner names. A signature file names its signer in its suffix
 * (`qsb-099-2024.txt.sig.marmarek`). The secpack's own convention is the
 * local part of the signer's email (`marmarek@…`, `simon@…`, `joanna@…`), and
 * people also write the first name, so a key answers to exactly these names
 * from each certified user id: the email's local part (without a `+tag`) and
 * the first word of the name, both lowercased with accents removed
 * (`Marek Marczykowski-Górecki` → `marek`). Nothing else — not a comment, not
 * a substring, not the issuer key id in the signature (it is not signed).
 *
 * Security-team role. The master key also certifies release, code-signing and
 * other keys, so certification alone does not make a team key. The role is
 * read from the same certified user id: its name or comment must say
 * `security pack`, `secpack` or `security team` (the Qubes team keys say
 * `(Qubes security pack)`, `(Qubes Security Pack Signing Key)`, `Qubes OS
 * Security Team`). The master key vouched for those words when it certified
 * the user id, which a folder name in a checkout cannot do: a fake checkout
 * controls its folders. Callers who want an exact list pass team fingerprints
 * instead (`team` option), and then only those keys count.
 */

/** The parts of a user id that identity rules read. */
export interface Identity {
  /** The whole user id (`Name (comment) <email>`). */
  userId: string
  /** The name part. */
  name: string
  /** The email address. */
  email: string
  /** The comment part. */
  comment: string
}

const teamPattern = /\bsecurity[\s-]*pack\b|\bsecpack\b|\bsecurity[\s-]+team\b/i

/**
 * Fold a name for comparison: NFKD, accents removed, lowercase.
 *
 * @param value
 *   A name or file-name suffix.
 * @returns
 *   The folded name.
 */
export function foldName(value: string): string {
  // ASCII is its own NFKD form and holds no combining mark: skip Unicode normalization, whose first
  // use costs a cold `qsb verify` about 6 ms (signer names are nearly always ASCII).
  if (ascii.test(value)) return value.toLowerCase().trim()
  return value.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().trim()
}

const ascii = /^[\x00-\x7f]*$/

/**
 * The names a user id answers to as a signer.
 *
 * @param identity
 *   A certified user id.
 * @returns
 *   Folded names, unique: the email's local part and the first word of the name.
 */
export function ownerNames(identity: Readonly<Identity>): string[] {
  const names = new Set<string>()
  const local = identity.email.split('@')[0]?.split('+')[0] ?? ''
  if (identity.email.includes('@') && local) names.add(foldName(local))
  const first = identity.name.trim().split(/\s+/)[0] ?? ''
  if (first) names.add(foldName(first))
  return [...names]
}

/**
 * Whether a certified user id says that its key is a security-team key.
 *
 * @param identity
 *   A user id certified by the master key.
 * @returns
 *   True when its name or comment names the security pack or team.
 */
export function isTeamIdentity(identity: Readonly<Identity>): boolean {
  return teamPattern.test(`${identity.name} (${identity.comment})`)
}
