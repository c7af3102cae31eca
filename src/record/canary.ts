/**
 * Canary fields read off the tree. Statements are the numbered items of the
 * Statements section; a block between two items (the fingerprint, set apart by
 * blank lines) belongs to the statement above it.
 */
import { parseDate, parseMonth } from './dates.js'
import type { Canary, Statement } from './schema.js'
import { blockTexts, oneLine, type SectionView, withRole } from './sections.js'

/** The fields only canaries have, and the date read from statement 1. */
export type CanaryFields = Pick<
  Canary,
  'statements' | 'bulletinCount' | 'masterKeyFingerprint' | 'nextCanary' | 'specialAnnouncements' | 'proofOfFreshness'
> & { date: string | null }

const issuedOn = /\bdate of issue of this canary is ([^.]+?)\.?$/i
const anyDate = /\b([A-Z][a-z]+ {1,2}\d{1,2}(?:st|nd|rd|th)?, \d{4}|\d{4}-\d{2}-\d{2})\b/
const count = /\b(\d+) Qubes Security Bulletins?\b/i
const fingerprint = /\b((?:[0-9A-F]{4} ?){10})\b/i
const plannedIn = /\b(?:published|publish|planned)\b.*?\b(?:in|within|by) (the .+?|[A-Z][a-z]+ \d{4})\.(?: |$)/

/**
 * Read the canary-only fields.
 *
 * @param views
 *   The canary's sections.
 * @param value
 *   The text the tree was parsed from (proof of freshness is sliced from it).
 * @returns
 *   The fields.
 */
export function canaryFields(views: SectionView[], value: string): CanaryFields {
  const statements = readStatements(withRole(views, 'statements'))
  const text = (n: number): string => statements.find((statement) => statement.number === n)?.text ?? ''
  const first = text(1)
  const issued = issuedOn.exec(first)?.[1] ?? anyDate.exec(first)?.[1] ?? null
  const counted = count.exec(text(2))
  const printed = fingerprint.exec(text(3))
  const next = statements.find((statement) => /\bnext\b/i.test(statement.text) && /\bcanar/i.test(statement.text))
  const window = next ? plannedIn.exec(next.text)?.[1] : undefined
  const freshness = withRole(views, 'freshness')[0]
  return {
    date: issued ? parseDate(issued) : null,
    statements,
    bulletinCount: counted ? Number(counted[1]) : null,
    masterKeyFingerprint: printed ? (printed[1] as string).replace(/ /g, '').toUpperCase() : null,
    nextCanary: window ? { text: window, month: parseMonth(window) } : null,
    specialAnnouncements: withRole(views, 'announcements')
      .flatMap((view) => view.blocks.flatMap(blockTexts))
      .filter((announcement) => !/^none\.?$/i.test(announcement)),
    proofOfFreshness: freshness ? sliceBlocks(freshness, value) : null,
  }
}

function readStatements(views: SectionView[]): Statement[] {
  const statements: Statement[] = []
  for (const view of views) {
    let current: Statement | undefined
    for (const block of view.blocks) {
      if (block.type === 'list' && block.ordered) {
        for (const item of block.children) {
          current = { number: item.number ?? statements.length + 1, text: oneLine(item.value) }
          statements.push(current)
        }
      } else if (current) {
        current.text = oneLine(`${current.text} ${blockTexts(block).join(' ')}`)
      }
    }
  }
  return statements
}

function sliceBlocks(view: SectionView, value: string): string | null {
  const first = view.blocks[0]?.position
  const last = view.blocks.at(-1)?.position
  if (!first || !last) return null
  return value.slice(first.start.offset ?? 0, last.end.offset ?? 0)
}
