/**
 * The heading vocabulary of bulletins and canaries: names the security team
 * has used for sections, lowercased. Used to recognise headings whose
 * underline was lost (scrapes, mail bodies) and to give sections a role.
 */

/** What a section is for, whatever its exact heading. */
export type SectionRole =
  | 'userAction'
  | 'summary'
  | 'details'
  | 'impact'
  | 'affected'
  | 'patching'
  | 'credits'
  | 'references'
  | 'changelog'
  | 'statements'
  | 'announcements'
  | 'disclaimers'
  | 'freshness'
  | 'footnotes'
  | 'commentary'
  | 'recovery'

const roles: Record<SectionRole, readonly string[]> = {
  userAction: ['user action', 'user action required', 'what you should do', 'suggested actions after patching'],
  summary: ['summary', 'quick summary', 'overview'],
  details: [
    'details',
    'technical details',
    'description',
    'problem description',
    'description of the bug',
    'details of the bug',
    'discussion',
    'technical discussion',
  ],
  impact: ['impact', 'impact on qubes os', 'impact for qubes', 'discussion of practical impact', 'mitigating factors'],
  affected: ['affected systems', 'vulnerable systems', 'affected hardware'],
  patching: ['patching', 'resolution', 'solution', 'availability of patches', 'patching approach', 'workaround'],
  credits: ['credits', 'acknowledgements', 'acknowledgments'],
  references: ['references', 'footnotes and references'],
  changelog: ['changelog', 'history', 'timeline', 'revision history'],
  statements: ['statements'],
  announcements: ['special announcements'],
  disclaimers: ['disclaimers and notes', 'disclaimers & notes', 'disclaimers'],
  freshness: ['proof of freshness', 'proof of date'],
  footnotes: ['footnotes'],
  commentary: ['commentary', 'commentary from the qubes security team'],
  recovery: ['compromise recovery'],
}

const byName = new Map<string, SectionRole>()
for (const [role, names] of Object.entries(roles) as Array<[SectionRole, readonly string[]]>) {
  for (const name of names) byName.set(name, role)
}

/** Normalise a heading for lookup: lowercase, single spaces, no trailing colon. */
export function headingKey(heading: string): string {
  return heading.toLowerCase().replace(/\s+/g, ' ').trim().replace(/:$/, '')
}

/**
 * Whether a heading is one the vocabulary names exactly (no keyword guess).
 *
 * @param heading
 *   Heading text as written.
 * @returns
 *   True for `Patching`, `User action required` and the like.
 */
export function isKnownHeading(heading: string): boolean {
  return byName.has(headingKey(heading))
}

/**
 * The role of a section with this heading, if the heading is in the vocabulary.
 *
 * @param heading
 *   Heading text as written.
 * @returns
 *   Its role, or `undefined` when the heading is not a known one.
 */
export function sectionRole(heading: string): SectionRole | undefined {
  const key = headingKey(heading)
  const known = byName.get(key)
  if (known) return known
  // Headings about packages or patching, however worded (`Non-vulnerable GUI packages`).
  if (/\bpatch(?:es|ing)?\b|\bpackages?\b/.test(key)) return 'patching'
  return undefined
}
