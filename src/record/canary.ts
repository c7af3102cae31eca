/**
 * Canary fields read off the tree. Statements are the numbered items of the
 * Statements section; a block between two items (the fingerprint, set apart by
 * blank lines) belongs to the statement above it.
 */
import type { Position } from 'unist'
import { parseDate, parseMonth } from './dates.js'
import type { Canary, Statement } from './schema.js'
import { blockTexts, oneLine, type SectionView, withRole } from './sections.js'

/** The fields only canaries have, and the date read from statement 1. */
export type CanaryFields = Pick<
  Canary,
  'statements' | 'bulletinCount' | 'masterKeyFingerprint' | 'nextCanary' | 'specialAnnouncements' | 'proofOfFreshness'
> & { date: string | null }

/** A statement that says what a field holds, but in words this reader did not read: the field is null. */
export interface UnreadStatement {
  /** The statement's number. */
  number: number
  /** The field left null. */
  field: 'bulletinCount' | 'masterKeyFingerprint' | 'nextCanary.month'
  /** Where the statement is. */
  position: Position | undefined
}

const issuedOn = /\bdate of issue of this canary is ([^.]+?)\.?$/i
const anyDate = /\b([A-Z][a-z]+ {1,2}\d{1,2}(?:st|nd|rd|th)?, \d{4}|\d{4}-\d{2}-\d{2})\b/
// `104`, or `1,104` with thousands separated: every digit counts.
const count = /(?<![\d,])(\d{1,3}(?:,\d{3})+|\d+) Qubes Security Bulletins?\b/i
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
export function canaryFields(views: SectionView[], value: string): CanaryFields & { unread: UnreadStatement[] } {
  const places = new Map<Statement, Position | undefined>()
  const statements = readStatements(withRole(views, 'statements'), places)
  const numbered = (n: number): Statement | undefined => statements.find((statement) => statement.number === n)
  const text = (n: number): string => numbered(n)?.text ?? ''
  const first = text(1)
  const issued = issuedOn.exec(first)?.[1] ?? anyDate.exec(first)?.[1] ?? null
  const counted = count.exec(text(2))
  const printed = fingerprint.exec(text(3))
  const next = statements.find((statement) => /\bnext\b/i.test(statement.text) && /\bcanar/i.test(statement.text))
  const window = next ? plannedIn.exec(next.text)?.[1] : undefined
  const freshness = withRole(views, 'freshness')[0]
  const nextCanary = window ? { text: window, month: parseMonth(window) } : null
  const bulletinCount = counted ? Number((counted[1] as string).replace(/,/g, '')) : null
  const masterKeyFingerprint = printed ? (printed[1] as string).replace(/ /g, '').toUpperCase() : null
  // A statement that is about a field, whose value was not read, says so (the field alone would be a silent null).
  const unread: UnreadStatement[] = []
  const missed = (statement: Statement | undefined, about: RegExp, field: UnreadStatement['field']): void => {
    if (statement && about.test(statement.text)) unread.push({ number: statement.number, field, position: places.get(statement) })
  }
  if (bulletinCount === null) missed(numbered(2), /\bbulletins?\b/i, 'bulletinCount')
  if (masterKeyFingerprint === null) missed(numbered(3), /\bfingerprint\b/i, 'masterKeyFingerprint')
  if (!nextCanary?.month) missed(next, /./, 'nextCanary.month')
  return {
    date: issued ? parseDate(issued) : null,
    statements,
    bulletinCount,
    masterKeyFingerprint,
    nextCanary,
    unread,
    specialAnnouncements: withRole(views, 'announcements')
      .flatMap((view) => view.blocks.flatMap(blockTexts))
      .filter((announcement) => !/^none\.?$/i.test(announcement)),
    proofOfFreshness: freshness ? sliceBlocks(freshness, value) : null,
  }
}

function readStatements(views: SectionView[], places: Map<Statement, Position | undefined>): Statement[] {
  const statements: Statement[] = []
  for (const view of views) {
    let current: Statement | undefined
    for (const block of view.blocks) {
      if (block.type === 'list' && block.ordered) {
        for (const item of block.children) {
          current = { number: item.number ?? statements.length + 1, text: oneLine(item.value) }
          statements.push(current)
          places.set(current, item.position)
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
