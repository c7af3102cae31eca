/**
 * Bulletins as Open Source Vulnerability (OSV) records.
 *
 * The Qubes security team runs no OSV database, so ids use the prefix the
 * OSV specification reserves for databases that are not aggregated by
 * OSV.dev: `x_` (`x_QSB-080`). Qubes has no OSV ecosystem either, so the
 * fixed packages go in `database_specific` rather than `affected` (whose
 * `package.ecosystem` must be a registered one).
 */
import type { Bulletin, Section } from '../../record/index.js'
import { coveredXsas } from './indexes.js'

/** The OSV schema version these records follow. */
export const OSV_SCHEMA_VERSION = '1.7.5'

/** An OSV record (the fields this export writes). */
export interface OsvRecord {
  schema_version: string
  id: string
  modified: string
  published?: string
  aliases: string[]
  related?: string[]
  summary: string
  details: string
  references: Array<{ type: 'ADVISORY' | 'WEB' | 'ARTICLE'; url: string }>
  credits?: Array<{ name: string; contact?: string[]; type?: 'FINDER' | 'REPORTER' | 'OTHER' }>
  database_specific: Record<string, unknown>
}

/** Options of {@link toOsv}. */
export interface OsvOptions {
  /** Last modification (RFC 3339, UTC): from the secpack history when known; else the changelog's last date. */
  modified?: string | null | undefined
  /** URL of the bulletin's text (e.g. in the qubes-secpack repository). */
  url?: string | null | undefined
  /** Id prefix; `x_QSB` by default. */
  prefix?: string | null | undefined
}

/**
 * The OSV id of a bulletin.
 *
 * @param number
 *   Bulletin number.
 * @param prefix
 *   Id prefix (default `x_QSB`).
 * @returns
 *   `x_QSB-080` and the like.
 */
export function osvId(number: number, prefix?: string | null): string {
  return `${prefix ?? 'x_QSB'}-${String(number).padStart(3, '0')}`
}

/**
 * Convert a bulletin to an OSV record.
 *
 * @param bulletin
 *   A bulletin record.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The OSV record.
 */
export function toOsv(bulletin: Bulletin, options?: Readonly<OsvOptions> | null): OsvRecord {
  const covered = coveredXsas(bulletin)
  const related = bulletin.xsas.filter((xsa) => !covered.includes(xsa)).map((xsa) => `XSA-${xsa}`)
  const published = bulletin.date ? `${bulletin.date}T00:00:00Z` : undefined
  const changed = bulletin.changelog
    .map((entry) => entry.date)
    .filter((date): date is string => date !== null)
    .sort()
    .at(-1)
  const modified = options?.modified ?? (changed ? `${changed}T00:00:00Z` : published) ?? '1970-01-01T00:00:00Z'
  const references: OsvRecord['references'] = []
  if (options?.url) references.push({ type: 'ADVISORY', url: options.url })
  for (const reference of bulletin.references) {
    if (!reference.url || references.some((known) => known.url === reference.url)) continue
    references.push({ type: /xsa\/advisory-\d+/.test(reference.url) ? 'ADVISORY' : 'WEB', url: reference.url })
  }
  const credits = bulletin.credits
    .flatMap(readCredit)
    .filter((entry, index, all) => all.findIndex((other) => other.name === entry.name) === index)
  const record: OsvRecord = {
    schema_version: OSV_SCHEMA_VERSION,
    id: osvId(bulletin.number, options?.prefix),
    modified,
    ...(published ? { published } : {}),
    aliases: [...covered.map((xsa) => `XSA-${xsa}`), ...bulletin.cves],
    ...(related.length > 0 ? { related } : {}),
    summary: bulletin.title ?? `Qubes Security Bulletin ${bulletin.number}`,
    details: details(bulletin.sections),
    references,
    ...(credits.length > 0 ? { credits } : {}),
    database_specific: {
      qsb: bulletin.number,
      user_action_required: bulletin.userActionRequired,
      patches: bulletin.patches,
      changelog: bulletin.changelog,
    },
  }
  return record
}

/** The Summary and Impact sections, or else the first section with text. */
function details(sections: Section[]): string {
  const all: Section[] = []
  const walk = (list: Section[]): void => {
    for (const section of list) {
      all.push(section)
      walk(section.children)
    }
  }
  walk(sections)
  const wanted = all.filter((section) => /^(?:quick )?summary$|^impact$/i.test(section.heading ?? '') && section.text)
  const chosen = wanted.length > 0 ? wanted : all.filter((section) => section.text).slice(0, 1)
  return chosen.map((section) => (section.heading ? `${section.heading}\n\n${section.text}` : section.text)).join('\n\n')
}

/** A person's or team's name: capitalised words, initials, a quoted nickname (`Vít 'v6ak' Šesták`, `HW42`). */
const word = String.raw`(?:\p{Lu}\.|\p{Lu}[\p{L}\d'’-]*)`
const name = String.raw`${word}(?: (?:${word}|'[^'\s]+'|van|von|de|der|da))*`
const contact = String.raw`(?:\s*\(aka [^)]*\))?(?:\s*<([^>]+)>)?`
const byPattern = new RegExp(
  String.raw`\b([Dd]iscovered|[Ff]ound|[Rr]eported|[Ii]dentified)(?: and (?:reported|fixed|patched))?(?: to us)? by (?:a Qubes core developer, )?(${name})${contact}`,
  'gu',
)
const subject = new RegExp(String.raw`^(${name}(?: and ${name})*) (discovered|found|reported)\b`, 'u')
const listed = new RegExp(String.raw`^(${name})\s*<([^>]+)>`, 'u')
const thanked = new RegExp(String.raw`\b[Tt]hank(?:s| you)?(?: to)? (${name})${contact}(?=\s+for\b|[.,;]|$)`, 'u')
const alone = new RegExp(String.raw`^(${name})(?: of (?:the )?\p{Lu}[^.]*)?\.?$`, 'u')

/** Names credited by one entry of the Credits section (only when the text plainly names someone). */
function readCredit(entry: string): NonNullable<OsvRecord['credits']> {
  const by = [...entry.matchAll(byPattern)]
  if (by.length > 0) {
    return by.map((match) => credit(match[2] as string, match[3], /^reported$/i.test(match[1] as string) ? 'REPORTER' : 'FINDER'))
  }
  const named = subject.exec(entry)
  if (named) {
    const type = named[2] === 'reported' ? 'REPORTER' : 'FINDER'
    return (named[1] as string).split(' and ').map((person) => credit(person, undefined, type))
  }
  const match = listed.exec(entry) ?? thanked.exec(entry) ?? alone.exec(entry)
  return match ? [credit(match[1] as string, match[2], 'OTHER')] : []
}

function credit(
  written: string,
  address: string | undefined,
  type: 'FINDER' | 'REPORTER' | 'OTHER',
): NonNullable<OsvRecord['credits']>[number] {
  // A sentence's full stop is not part of the name; an initial's is.
  const cleaned = written.replace(/(\p{L}{2,})\.$/u, '$1')
  return { name: cleaned, ...(address ? { contact: [address] } : {}), type }
}
