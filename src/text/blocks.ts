/**
 * Block readers of the section grammar: each reads one block (paragraph,
 * indented block, quote, release line, list, reference, changelog) starting
 * at a token and says where the next one starts. The grammar places the block
 * in its section.
 *
 * A block ends at a blank line, or at the first line that cannot continue it:
 * a line of another kind (a release line, a list item under prose, a quote, a
 * heading), or a line less indented than a list item's marker. So blank lines
 * between blocks that the lines themselves tell apart are optional.
 */
import type { DatedToken, ItemToken, ReferenceToken, ReleaseToken, Token } from './tokenize.js'
import type {
  Changelog,
  ChangelogEntry,
  Definition,
  Indented,
  List,
  ListItem,
  Paragraph,
  Position,
  Quote,
  Release,
} from './types.js'

/** What a block reader needs of the grammar. */
export interface Cursor {
  readonly tokens: readonly Token[]
  /** The token at `index` (callers stay below `end`). */
  token(index: number): Token
  /** Index just past the last token of the document. */
  readonly end: number
  /** Whether a heading starts at this token. */
  isHeadingAt(index: number): boolean
  /** The first token at or after `index` that is not blank. */
  skipBlank(index: number): number
  /** End (exclusive) of the run of non-blank tokens starting at `index`. */
  blockEnd(index: number): number
  /** The position of a span of offsets. */
  span(start: number, end: number): Position
}

/** A block read, and the index of the token after it. */
export interface Read<T> {
  node: T
  next: number
}

const urlPattern = /https?:\/\/[^\s<>"']+/

/**
 * The first URL in a text, without the punctuation that closes the sentence
 * or bracket around it.
 *
 * @param text
 *   Any text.
 * @returns
 *   The URL, or null.
 */
export function firstUrl(text: string): string | null {
  return urlPattern.exec(text)?.[0].replace(/[).,;:>\]]+$/, '') ?? null
}

function offsetOf(node: { position: Position }, edge: 'start' | 'end'): number {
  return node.position[edge].offset ?? 0
}

/** Lines of prose as one line: where they were wrapped, and runs of whitespace, are layout. */
function joinProse(lines: readonly string[]): string {
  // The lines are trimmed already; most hold no run of whitespace, and then there is nothing to replace.
  const joined = lines.join(' ')
  return /\s\s|[^\S ]/.test(joined) ? joined.replace(/\s+/g, ' ').trim() : joined
}

export function readParagraph(c: Cursor, index: number): Read<Paragraph | Indented> {
  const first = c.token(index)
  const indented = first.indent >= 2
  let end = index + 1
  while (end < c.end) {
    const token = c.token(end)
    // `[5] While …` inside prose is a citation that wrapped to the line start.
    const prose = token.kind === 'text' || token.kind === 'date' || token.kind === 'reference'
    if (!prose) break
    if (token.indent >= 2 !== indented || c.isHeadingAt(end)) break
    end++
  }
  const lines = c.tokens.slice(index, end)
  const position = c.span(first.start, c.token(end - 1).end)
  if (indented) {
    // A loop, not `Math.min(...)`: a block may hold more lines than a call takes arguments.
    let indent = Number.POSITIVE_INFINITY
    for (const token of lines) indent = Math.min(indent, token.indent)
    const value = lines.map((token) => ' '.repeat(token.indent - indent) + token.text).join('\n')
    return { node: { type: 'indented', indent, value, position }, next: end }
  }
  return { node: { type: 'paragraph', value: joinProse(lines.map((token) => token.text)), position }, next: end }
}

export function readQuote(c: Cursor, index: number): Read<Quote> {
  const lines: string[] = []
  let end = index
  for (let token = c.token(end); end < c.end && token.kind === 'quote'; token = c.token(++end)) {
    lines.push(token.content.trimEnd())
  }
  const node: Quote = { type: 'quote', value: lines.join('\n'), position: c.span(c.token(index).start, c.token(end - 1).end) }
  return { node, next: end }
}

export function readList(c: Cursor, first: ItemToken, index: number): Read<List> {
  const children: ListItem[] = []
  const shape = { ordered: first.item.ordered, indent: first.indent }
  let at = index
  for (let token = c.token(at); isSiblingItem(token, shape); token = c.token(at)) {
    const { item, next } = readListItem(c, token, at, shape.indent)
    children.push(item)
    at = next
    // Items separated by blank lines still form one list.
    const resume = c.skipBlank(at)
    if (resume < c.end && isSiblingItem(c.token(resume), shape)) at = resume
    else break
  }
  const last = children.at(-1) as ListItem
  const node: List = { type: 'list', ordered: shape.ordered, children, position: c.span(first.start, offsetOf(last, 'end')) }
  return { node, next: at }
}

export function readRelease(c: Cursor, token: ReleaseToken, index: number): Read<Release> {
  const node: Release = {
    type: 'release',
    releases: token.release.releases,
    scope: token.release.scope,
    note: token.release.note,
    value: joinProse([token.text]),
    position: c.span(token.start, token.end),
  }
  return { node, next: index + 1 }
}

function isSiblingItem(token: Token, list: { ordered: boolean; indent: number }): token is ItemToken {
  return token.kind === 'item' && token.item.ordered === list.ordered && Math.abs(token.indent - list.indent) <= 1
}

function readListItem(c: Cursor, token: ItemToken, index: number, indent: number): { item: ListItem; next: number } {
  const lines = [token.content]
  let end = index + 1
  let last: Token = token
  while (end < c.end) {
    const next = c.token(end)
    if (!continues(c, next, end) || (next.kind === 'item' && next.indent <= indent + 1)) break
    // A line less indented than the marker is not the item's: the list is over.
    if (next.indent < indent) break
    lines.push(next.text)
    last = next
    end++
  }
  return {
    item: {
      type: 'listItem',
      marker: token.item.ordered ? token.item.marker : null,
      number: token.item.number,
      value: joinProse(lines),
      position: c.span(token.start, last.end),
    },
    next: end,
  }
}

/** Whether a token continues the item or definition above it (lazy continuation). */
function continues(c: Cursor, token: Token, index: number): boolean {
  switch (token.kind) {
    case 'text':
    case 'date':
    case 'item':
      return !c.isHeadingAt(index)
    default:
      return false
  }
}

export function readDefinition(c: Cursor, token: ReferenceToken, index: number): Read<Definition> {
  const lines = [token.content]
  let end = index + 1
  let last: Token = token
  while (end < c.end) {
    const next = c.token(end)
    if (next.kind === 'item' || !continues(c, next, end)) break
    lines.push(next.text)
    last = next
    end++
  }
  // A reference whose URL stands in its own paragraph below it (`[1] The commit…`, blank, URL).
  const after = c.skipBlank(end)
  const below = after < c.end ? c.token(after) : undefined
  if (!urlPattern.test(lines.join(' ')) && below && below.kind === 'text' && /^https?:\/\/\S+$/.test(below.text)) {
    // The URL stands alone: nothing of prose follows it on the next line (the next reference may).
    const following = c.token(after + 1)
    if (after + 1 >= c.end || (following.kind !== 'text' && following.kind !== 'date')) {
      lines.push('', below.text)
      last = below
      end = after + 1
    }
  }
  const value = lines.join('\n')
  const url = firstUrl(value)
  const node: Definition = {
    type: 'definition',
    label: token.label,
    url,
    value,
    position: c.span(token.start, last.end),
  }
  return { node, next: end }
}

export function readChangelog(c: Cursor, index: number): Read<Changelog> {
  const children: ChangelogEntry[] = []
  let at = index
  for (let token = c.token(at); at < c.end && token.kind === 'dated'; token = c.token(at)) {
    const lines = [token.content]
    let last: Token = token
    at++
    while (at < c.end) {
      const next = c.token(at)
      if (next.kind === 'dated' || next.kind === 'item' || !continues(c, next, at)) break
      lines.push(next.text)
      last = next
      at++
    }
    children.push(entryOf(c, token, lines, last))
    const resume = c.skipBlank(at)
    if (resume < c.end && c.token(resume).kind === 'dated') at = resume
  }
  const first = children[0] as ChangelogEntry
  const last = children.at(-1) as ChangelogEntry
  const node: Changelog = { type: 'changelog', children, position: c.span(offsetOf(first, 'start'), offsetOf(last, 'end')) }
  return { node, next: at }
}

function entryOf(c: Cursor, token: DatedToken, lines: string[], last: Token): ChangelogEntry {
  return { type: 'changelogEntry', date: token.date, value: lines.join('\n'), position: c.span(token.start, last.end) }
}
