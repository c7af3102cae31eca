/**
 * Readers of what stands above a document's body: the title under the banner
 * and date, and, in a repost without a banner, the line that names the
 * document instead (see `announcement.ts`).
 *
 * ```
 * title        = block of text lines that is centred (several blocks may be),
 *                or one short flush-left block that a heading follows
 * announcement = naming-line                        (a title line stands alone)
 *              | "We have" … naming-sentence …      (read with its paragraph)
 * ```
 */
import { announcementOf } from './announcement.js'
import type { Cursor, Read } from './blocks.js'
import type { Token } from './tokenize.js'
import type { Announcement, Title } from './types.js'

/** Longest flush-left block read as a title (three lines of a 72-column bulletin). */
const MAX_FLUSH_TITLE = 216

/**
 * The text of tokens `start` to `end` (exclusive) on one line.
 *
 * @param c
 *   The grammar.
 * @param start
 *   First token.
 * @param end
 *   Token after the last.
 * @returns
 *   Their texts joined, runs of whitespace as one space.
 */
export function joinedText(c: Cursor, start: number, end: number): string {
  return c.tokens
    .slice(start, end)
    .map((token) => token.text)
    .join(' ')
    .replace(/\s+/g, ' ')
}

/**
 * Read the title from `index` (the first line after the banner and date).
 *
 * @param c
 *   The grammar.
 * @param index
 *   Where the title would start.
 * @returns
 *   The title and where the body starts, or undefined when there is no title.
 */
export function readTitle(c: Cursor, index: number): Read<Title> | undefined {
  const lines: Token[] = []
  let at = index
  while (at < c.end) {
    const blockEnd = titleEnd(c, at)
    if (!isTitleBlock(c, at, blockEnd)) break
    for (let i = at; i < blockEnd; i++) lines.push(c.token(i))
    at = c.skipBlank(blockEnd)
    // An unindented title is one block; centred titles may be several.
    if (c.token(blockEnd - 1).indent < 4) break
  }
  const first = lines[0]
  const last = lines.at(-1)
  if (!first || !last) return undefined
  const texts = lines.map((token) => token.text.replace(/\s+/g, ' '))
  return { node: { type: 'title', value: texts.join(' '), lines: texts, position: c.span(first.start, last.end) }, next: at }
}

/** End (exclusive) of the title block from `index`: the next blank line, or a heading right under it. */
function titleEnd(c: Cursor, index: number): number {
  const end = c.blockEnd(index)
  for (let at = index + 1; at < end; at++) if (c.isHeadingAt(at)) return at
  return end
}

function isTitleBlock(c: Cursor, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const token = c.token(i)
    if (token.kind !== 'text' && token.kind !== 'date') return false
    if (c.isHeadingAt(i)) return false
  }
  if (c.tokens.slice(start, end).every((token) => token.indent >= 4)) return true
  // A flush-left title: short (by its words, not by how it is wrapped), not a sentence, and a heading comes next.
  const next = c.skipBlank(end)
  return (
    joinedText(c, start, end).length <= MAX_FLUSH_TITLE &&
    !/[.:;,]$/.test(c.token(end - 1).text) &&
    next < c.end &&
    c.isHeadingAt(next)
  )
}

/**
 * Find the first line that names the document where there is no banner: a
 * title line, or the start of the sentence announcing it, read with the rest
 * of its paragraph.
 *
 * @param c
 *   The grammar.
 * @returns
 *   The announcement, its first token's index, and where the body starts; or undefined.
 */
export function findAnnouncement(c: Cursor): (Read<Announcement> & { index: number }) | undefined {
  for (let index = 0; index < c.end; index++) {
    const token = c.token(index)
    if (token.kind !== 'text' && token.kind !== 'date') continue
    const sentence = /^We have\b/i.test(token.text)
    // An announcement's title wraps onto the next lines of its paragraph; a title line stands alone.
    const end = sentence ? proseEnd(c, index) : index + 1
    const found = announcementOf(sentence ? joinedText(c, index, end) : token.text)
    if (!found) continue
    const node: Announcement = {
      type: 'announcement',
      kind: found.kind,
      number: found.number,
      action: found.action,
      title: found.title,
      value: joinedText(c, index, end),
      position: c.span(token.start, c.token(end - 1).end),
    }
    return { node, next: end, index }
  }
  return undefined
}

/** End (exclusive) of the lines of prose from `index` on. */
function proseEnd(c: Cursor, index: number): number {
  let end = index + 1
  while (end < c.end && (c.token(end).kind === 'text' || c.token(end).kind === 'date') && !c.isHeadingAt(end)) end++
  return end
}
