/**
 * Comparing a repost with a revision of the document it copies: noise is
 * what a scraper may lose or add without the copy ceasing to be faithful;
 * everything else is substance (the rules, with examples, are in
 * docs/guides/repost.md).
 *
 * Noise: whitespace, indentation and blank lines; line wrapping; underlines,
 * the `--` and `***` lines; quote markers and list bullets; lone braces of a
 * code block; the URL under the sign-off `The Qubes Security Team` when the
 * copy lost it; typographic quotes, dashes and no-break spaces; site text
 * around the bulletin (words before its first word or after its last).
 * Substance: any other word, number, version, URL or sentence changed, added
 * or removed — including a heading, the date line or the short end of a
 * paragraph that the copy dropped (the difference says which it was).
 *
 * Both texts go through the tokenizer of `text/` (so a quote, an item, a
 * banner or an underline is read as the parser reads it), become sequences of
 * words, and the sequences are diffed with `diff`'s Myers implementation. Line
 * breaks never reach the word sequence, so re-wrapping is invisible, and the
 * structural markers are dropped wherever they stand, so a marker that
 * re-wrapping moved into the middle of a line is still a marker.
 */
import { isKnownHeading, type Token, tokenize } from '../../text/index.js'

/** One difference between a revision and a repost. */
export interface Difference {
  /**
   * `changed`, `removed`, `added`: words of the revision the copy changed,
   * dropped or added (substance); `noise`: words a copy may lose or add
   * without ceasing to be faithful (`line` says which).
   */
  kind: 'changed' | 'removed' | 'added' | 'noise'
  /**
   * What the words were, when they are whole lines of one kind: a `heading`,
   * the `date` line, a `short-line` (the last words of a paragraph), the
   * `signoff-url` under the team's name, or `site-text` around the bulletin.
   */
  line?: 'heading' | 'date' | 'short-line' | 'signoff-url' | 'site-text'
  /** Whether this difference changes what the text says (every kind but `noise`). */
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
  /** Words on either side involved in differences of noise (site text, a lost sign-off URL). */
  lostWords: number
}

interface Word {
  text: string
  line: number
}

/** What kind of line a word came from, and how many words the line has. */
interface LineInfo {
  kind: 'heading' | 'date' | 'short-line' | 'text'
  words: number
}

/** A text as words, its sign-off URL apart. */
interface Reading {
  words: Word[]
  signoffUrl: Word | null
  lines: Map<number, LineInfo>
}

/** Longest line (in characters) counted as the short end of a paragraph. */
const SHORT_LINE = 24
const team = ['The', 'Qubes', 'Security', 'Team']
/** A URL, or what is left of one after a typo (the sign-off URL's place is kept by position, not by shape). */
const url = /:\/\/|^<?www\./i
/**
 * Words that are only structure: quote markers and bullets, `--`, rules and
 * underlines, lone braces. Re-wrapping can move them into a line, so they are
 * noise wherever they stand.
 */
const marker = /^(?:[|*+•‣◦-]|[{}]+[;,]?|-{2,}|={2,}|~{3,}|\^{3,}|\+{3,}|\*{3,})$/u

/**
 * Compare a repost with one revision.
 *
 * @param revision
 *   The revision's text (exact).
 * @param repost
 *   The repost's bulletin text (possibly damaged).
 * @returns
 *   Differences in revision order, and word counts for ranking revisions.
 *   Async because the diff library loads on first use.
 */
export async function compareTexts(revision: string, repost: string): Promise<Comparison> {
  const { diffArrays } = await import('diff')
  const before = readWords(revision)
  const after = readWords(repost)
  const changes = diffArrays(
    before.words.map((word) => word.text),
    after.words.map((word) => word.text),
  )
  const differences: Difference[] = []
  let i = 0
  let j = 0
  for (let index = 0; index < changes.length; index++) {
    const change = changes[index] as (typeof changes)[number]
    const count = change.value.length
    if (!change.added && !change.removed) {
      i += count
      j += count
      continue
    }
    if (change.removed) {
      const removed = before.words.slice(i, (i += count))
      const next = changes[index + 1]
      if (next?.added) {
        index++
        const added = after.words.slice(j, (j += next.value.length))
        differences.push({ kind: 'changed', substance: true, revision: span(removed), repost: span(added) })
      } else {
        const lines = lineOf(before.words, i - count, count, before.lines)
        differences.push({ kind: 'removed', ...(lines ? { line: lines.kind } : {}), substance: true, revision: span(lines?.words ?? removed), repost: null })
      }
      continue
    }
    const added = after.words.slice(j, (j += count))
    // Words before the revision's first word or after its last are the site's, not the bulletin's.
    const around = (i === 0 && index === 0) || (i === before.words.length && index === changes.length - 1)
    differences.push(
      around
        ? { kind: 'noise', line: 'site-text', substance: false, revision: null, repost: span(added) }
        : { kind: 'added', substance: true, revision: null, repost: span(added) },
    )
  }
  const signoff = signoffDifference(before.signoffUrl, after.signoffUrl)
  if (signoff) differences.push(signoff)
  return { differences, ...tally(differences) }
}

/** A lost sign-off URL is noise; one the copy changed or added is substance. */
function signoffDifference(revision: Word | null, repost: Word | null): Difference | undefined {
  if (revision?.text === repost?.text) return undefined
  if (revision && !repost) return { kind: 'noise', line: 'signoff-url', substance: false, revision: span([revision]), repost: null }
  return {
    kind: revision ? 'changed' : 'added',
    line: 'signoff-url',
    substance: true,
    revision: revision ? span([revision]) : null,
    repost: repost ? span([repost]) : null,
  }
}

function tally(differences: readonly Difference[]): Omit<Comparison, 'differences'> {
  let substantiveWords = 0
  let lostWords = 0
  for (const difference of differences) {
    const words = count(difference.revision) + count(difference.repost)
    if (difference.substance) substantiveWords += words
    else lostWords += words
  }
  return { substantiveWords, lostWords }
}

function count(side: Difference['revision']): number {
  return side ? side.text.split(' ').length : 0
}

/**
 * What the removed run was, when it is whole lines of one kind. The run may
 * stand anywhere among equal neighbours (`it. then crash` and `then crash
 * it.` delete the same words from `…it. then crash it.`): slide it along them
 * and take a place where it is whole lines.
 */
function lineOf(
  words: readonly Word[],
  start: number,
  length: number,
  lines: ReadonlyMap<number, LineInfo>,
): { kind: NonNullable<Difference['line']>; words: Word[] } | undefined {
  let left = start
  while (left > 0 && (words[left - 1] as Word).text === (words[left + length - 1] as Word).text) left--
  let right = start
  while (right + length < words.length && (words[right] as Word).text === (words[right + length] as Word).text) right++
  for (const at of [start, ...Array.from({ length: right - left + 1 }, (_, offset) => left + offset)]) {
    const run = words.slice(at, at + length)
    const kind = wholeLines(run, lines)
    if (kind) return { kind, words: run }
  }
  return undefined
}

/** The kind of the lines a removed run consists of, when it is whole lines of one kind. */
function wholeLines(removed: readonly Word[], lines: ReadonlyMap<number, LineInfo>): Difference['line'] | undefined {
  const byLine = new Map<number, number>()
  for (const word of removed) byLine.set(word.line, (byLine.get(word.line) ?? 0) + 1)
  const kinds = new Set<LineInfo['kind']>()
  for (const [line, words] of byLine) {
    const info = lines.get(line)
    if (!info || info.words !== words) return undefined
    kinds.add(info.kind)
  }
  const [kind] = kinds
  return kinds.size === 1 && kind !== 'text' ? kind : undefined
}

function span(words: readonly Word[]): { line: number; text: string } {
  return { line: words[0]?.line ?? 0, text: words.map((word) => word.text).join(' ') }
}

/** The words of a text, with their lines; the sign-off URL apart. */
function readWords(text: string): Reading {
  const tokens = tokenize(text)
  const words: Word[] = []
  const lines = new Map<number, LineInfo>()
  tokens.forEach((token, index) => {
    const content = contentOf(token)
    if (content === null) return
    const parts = normalise(content)
      .split(/\s+/)
      .filter((part) => part.length > 0 && !marker.test(part))
    for (const part of parts) words.push({ text: part, line: token.line })
    if (parts.length > 0) lines.set(token.line, { kind: lineKind(tokens, index), words: parts.length })
  })
  return { words, signoffUrl: takeSignoffUrl(words), lines }
}

/** Remove and return the URL right after the last `The Qubes Security Team`, if any. */
function takeSignoffUrl(words: Word[]): Word | null {
  for (let at = words.length - team.length; at >= 0; at--) {
    if (!team.every((part, offset) => words[at + offset]?.text === part)) continue
    const candidate = words[at + team.length]
    if (candidate && url.test(candidate.text)) {
      words.splice(at + team.length, 1)
      return candidate
    }
    return null
  }
  return null
}

/** The text a line contributes: markers and structural lines give none. */
function contentOf(token: Token): string | null {
  switch (token.kind) {
    case 'blank':
    case 'underline':
    case 'signoff':
    case 'break':
      return null
    case 'quote':
      return token.content
    case 'item':
      return token.item.ordered ? token.text : token.content
    case 'banner':
      // The banner's words, its decoration and the zero padding of its number aside.
      return `Qubes ${token.banner.kind === 'canary' ? 'Canary' : 'Security Bulletin'} ${Number.parseInt(token.banner.number.replace(/\D/g, ''), 10)}`
    default:
      return token.text
  }
}

function lineKind(tokens: readonly Token[], index: number): LineInfo['kind'] {
  const token = tokens[index] as Token
  if (token.kind === 'date') return 'date'
  if (token.kind !== 'text') return 'text'
  const next = tokens[index + 1]
  const previous = tokens[index - 1]
  const followedByBlank = !next || next.kind === 'blank'
  if (next?.kind === 'underline') return 'heading'
  if (followedByBlank && (!previous || previous.kind === 'blank') && isKnownHeading(token.text)) return 'heading'
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

/**
 * The words of a text as the comparison reads them (noise dropped), for a
 * quick measure of how alike two texts are before diffing them.
 *
 * @param text
 *   A bulletin or canary.
 * @returns
 *   Its words, in order.
 */
export function wordsOf(text: string): string[] {
  return readWords(text).words.map((word) => word.text)
}
