/**
 * Comparing a repost with a revision of the document it claims to copy,
 * tolerant of exactly the damage copying does and of nothing else.
 *
 * Tolerated silently: whitespace and indentation, line wrapping, underlines,
 * quote markers and empty quote lines, the `--` separator, curly quotes and
 * typographic dashes. Tolerated but reported as *lost*: whole heading lines,
 * the date line, and short lines (the last few words of a paragraph that a
 * scraper dropped). Everything else — a changed version number, a package
 * name, a sentence added or removed — is a difference of *substance*.
 *
 * Both texts become word sequences (remembering each word's line), the
 * sequences are diffed with `diff`'s Myers implementation, and each run of
 * removed or added words is classified by the revision lines it covers.
 */
import { diffArrays } from 'diff'
import { isKnownHeading, type Token, tokenize } from '../../text/index.js'

/** One difference between a revision and a repost. */
export interface Difference {
  /** `lost`: a line the copy dropped (tolerated); `changed`, `removed`, `added`: substance. */
  kind: 'lost' | 'changed' | 'removed' | 'added'
  /** For `lost`: what the line was. */
  line?: 'heading' | 'date' | 'short-line'
  /** Whether this difference changes what the text says. */
  substance: boolean
  /** The words on the revision's side, and the line where they start (1-based). */
  revision: { line: number; text: string } | null
  /** The words on the repost's side, and the line where they start (1-based). */
  repost: { line: number; text: string } | null
}

/** What a comparison found. */
export interface Comparison {
  differences: Difference[]
  /** Words on either side involved in differences of substance. */
  substantiveWords: number
  /** Words the repost lost in tolerated ways (headings, date, short lines). */
  lostWords: number
}

interface Word {
  text: string
  line: number
}

interface LineInfo {
  kind: 'heading' | 'date' | 'short-line' | 'text'
  words: number
}

/** Longest line (in characters) counted as a short line a scraper may drop. */
const SHORT_LINE = 24

/**
 * Compare a repost with one revision.
 *
 * @param revision
 *   The revision's text (exact).
 * @param repost
 *   The repost's bulletin text (possibly damaged).
 * @returns
 *   Differences in revision order, and word counts for ranking revisions.
 */
export function compareTexts(revision: string, repost: string): Comparison {
  const { words: before, lines } = readWords(revision)
  const { words: after } = readWords(repost)
  const changes = diffArrays(
    before.map((word) => word.text),
    after.map((word) => word.text),
  )
  const differences: Difference[] = []
  let substantiveWords = 0
  let lostWords = 0
  let i = 0
  let j = 0
  for (let index = 0; index < changes.length; index++) {
    const change = changes[index] as (typeof changes)[number]
    if (!change.added && !change.removed) {
      i += change.count ?? change.value.length
      j += change.count ?? change.value.length
      continue
    }
    if (change.removed) {
      const removed = before.slice(i, i + change.value.length)
      i += removed.length
      const next = changes[index + 1]
      if (next?.added) {
        const added = after.slice(j, j + next.value.length)
        j += added.length
        index++
        differences.push({ kind: 'changed', substance: true, revision: span(removed), repost: span(added) })
        substantiveWords += removed.length + added.length
        continue
      }
      const lost = lostLines(removed, lines) ?? slideToLines(before, i - removed.length, removed.length, lines)
      if (lost) {
        for (const entry of lost) differences.push(entry)
        lostWords += removed.length
      } else {
        differences.push({ kind: 'removed', substance: true, revision: span(removed), repost: null })
        substantiveWords += removed.length
      }
      continue
    }
    const added = after.slice(j, j + change.value.length)
    j += added.length
    differences.push({ kind: 'added', substance: true, revision: null, repost: span(added) })
    substantiveWords += added.length
  }
  return { differences, substantiveWords, lostWords }
}

/**
 * A removed run may stand anywhere among equal neighbours (`it. then crash`
 * and `then crash it.` delete the same words from `…it. then crash it.`):
 * slide it along them and take a place where it is whole droppable lines.
 */
function slideToLines(before: Word[], start: number, length: number, lines: Map<number, LineInfo>): Difference[] | undefined {
  let left = start
  while (left > 0 && (before[left - 1] as Word).text === (before[left + length - 1] as Word).text) left--
  let right = start
  while (right + length < before.length && (before[right] as Word).text === (before[right + length] as Word).text) right++
  for (let at = left; at <= right; at++) {
    if (at === start) continue
    const lost = lostLines(before.slice(at, at + length), lines)
    if (lost) return lost
  }
  return undefined
}

/** A run of removed words as lost lines, when it is exactly whole droppable lines. */
function lostLines(removed: Word[], lines: Map<number, LineInfo>): Difference[] | undefined {
  const byLine = new Map<number, Word[]>()
  for (const word of removed) byLine.set(word.line, [...(byLine.get(word.line) ?? []), word])
  const lost: Difference[] = []
  for (const [line, words] of byLine) {
    const info = lines.get(line)
    if (!info || info.kind === 'text' || info.words !== words.length) return undefined
    lost.push({ kind: 'lost', line: info.kind, substance: false, revision: span(words), repost: null })
  }
  return lost
}

function span(words: Word[]): { line: number; text: string } {
  return { line: words[0]?.line ?? 0, text: words.map((word) => word.text).join(' ') }
}

/** Words of a text with their lines, and what kind of line each one is. */
function readWords(text: string): { words: Word[]; lines: Map<number, LineInfo> } {
  const tokens = tokenize(text)
  const words: Word[] = []
  const lines = new Map<number, LineInfo>()
  tokens.forEach((token, index) => {
    const content = contentOf(token)
    if (content === null) return
    const parts = normalise(content).split(/\s+/).filter((part) => part.length > 0)
    for (const part of parts) words.push({ text: part, line: token.line })
    lines.set(token.line, { kind: lineKind(tokens, index), words: parts.length })
  })
  return { words, lines }
}

/** The words a line contributes, or null for lines copies drop without loss of meaning. */
function contentOf(token: Token): string | null {
  switch (token.kind) {
    case 'blank':
    case 'underline':
    case 'signoff':
    case 'break':
      return null
    case 'quote':
      return token.content ?? ''
    default:
      return token.text
  }
}

function lineKind(tokens: Token[], index: number): LineInfo['kind'] {
  const token = tokens[index] as Token
  if (token.kind === 'date') return 'date'
  if (token.kind !== 'text') return 'text'
  const next = tokens[index + 1]
  const previous = tokens[index - 1]
  const followedByBlank = !next || next.kind === 'blank'
  // A heading: underlined, or a known heading standing alone (a line of prose that names one is not).
  if (next?.kind === 'underline') return 'heading'
  if (followedByBlank && (!previous || previous.kind === 'blank') && isKnownHeading(token.text)) return 'heading'
  // A short line: the last few words of a flush-left paragraph, after a line of the same paragraph.
  // List items, their continuations, quotes and centred title lines are not short lines.
  const continuesProse = previous !== undefined && (previous.kind === 'text' || previous.kind === 'date') && previous.indent < 2
  if (token.indent < 2 && token.text.length <= SHORT_LINE && followedByBlank && continuesProse) return 'short-line'
  return 'text'
}

/** Undo the typography copies add: curly quotes, typographic dashes, no-break spaces. */
function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
}
