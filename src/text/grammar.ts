/**
 * Section grammar: the second stage. It reads line tokens and builds the unist
 * tree (banner, date, title, nested sections, blocks, sign-off).
 *
 * ```
 * document = preamble? banner header body
 *          | preamble? announcement body   (lossy text only: a repost that names
 *                                           the document without its banner)
 * header   = blank* date? blank* title*
 * title    = block of text lines that is centred, or that a heading follows
 * body     = (heading | block | signoff)*
 * heading  = text underline            (depth from the marker, `=` above `-`)
 *          | known-heading             (a lone line from the vocabulary, when
 *                                       underlines are absent or lost)
 * block    = paragraph | indented | quote | release | list | definition
 *          | changelog | break
 * ```
 *
 * Layout never changes the tree beyond positions: blank lines between blocks
 * of different kinds are optional, a release line is a block wherever it
 * stands, list markers and indentation, underline style and length, trailing
 * whitespace, line endings and the width prose is wrapped at are not kept
 * anywhere but in `position`.
 *
 * Problems are reported as vfile messages with a place and a `ruleId`; only a
 * document without a banner (or, in lossy text, without an announcement) is
 * fatal.
 */
import type { VFile } from 'vfile'
import { announcementOf } from './announcement.js'
import {
  type Cursor,
  type Read,
  readChangelog,
  readDefinition,
  readList,
  readParagraph,
  readQuote,
  readRelease,
} from './blocks.js'
import { type Locator, locate } from './location.js'
import { fail, note, type RuleId, warn } from './messages.js'
import { recoverSections } from './recover.js'
import type { Token, UnderlineToken } from './tokenize.js'
import type { Announcement, Block, Heading, Position, Root, Section, Title, UnderlineMarker } from './types.js'
import { isKnownHeading, sectionRole } from './vocabulary.js'

/** Options of the grammar. */
export interface GrammarOptions {
  /**
   * The text was damaged in transit (a scrape): recognise headings by the
   * vocabulary even where other headings are underlined, and do not report
   * lost layout (short underlines, indentation) as problems of the document.
   */
  lossy?: boolean | null | undefined
}

const markerRank: readonly UnderlineMarker[] = ['=', '-', '~', '^', '+']
/** Longest flush-left block read as a title (three lines of a 72-column bulletin). */
const MAX_FLUSH_TITLE = 216
const origin = { line: 1, column: 1, offset: 0 }
/** Stands for the tokens past the end, so readers need no bounds checks. */
const pastEnd: Token = { kind: 'blank', line: 0, lineStart: 0, start: 0, end: 0, lineEnd: 0, indent: 0, text: '' }

/**
 * Build the syntax tree from tokens.
 *
 * @param tokens
 *   Tokens of `file.value`, from `tokenize`.
 * @param file
 *   The file being parsed; messages are added to it.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The tree. Throws a fatal `VFileMessage` when no banner is found.
 */
export function buildTree(tokens: Token[], file: VFile, options?: Readonly<GrammarOptions> | null): Root {
  const lossy = options?.lossy === true
  return new Builder(lossy ? tokens.map(unfenced) : tokens, file, options ?? {}).build()
}

const fence = /^(?:`{3,}|~{3,})[^`]*$/

/** A lossy copy of a post may keep its code fences (```` ``` ````): they are the post's layout, read as blank lines. */
function unfenced(token: Token): Token {
  if (token.kind === 'blank' || !fence.test(token.text)) return token
  return { kind: 'blank', line: token.line, lineStart: token.lineStart, start: token.lineEnd, end: token.lineEnd, lineEnd: token.lineEnd, indent: 0, text: '' }
}

class Builder implements Cursor {
  private readonly locator: Locator
  private readonly depthOf = new Map<UnderlineMarker, number>()
  private readonly root: Root = { type: 'root', children: [], position: { start: origin, end: origin } }
  private readonly stack: Section[] = []
  private readonly vocabularyHeadings: boolean
  end: number

  constructor(
    readonly tokens: Token[],
    private readonly file: VFile,
    private readonly options: Readonly<GrammarOptions>,
  ) {
    this.locator = locate(file)
    this.end = tokens.length
    const lossy = options.lossy === true
    this.vocabularyHeadings = lossy || !tokens.some((token) => token.kind === 'underline')
    if (lossy) this.root.data = { lossy: true }
  }

  build(): Root {
    const bannerIndex = this.findBanner()
    this.assignDepths(bannerIndex)
    const banner = this.token(bannerIndex)
    let index = banner.kind === 'banner' ? this.header(bannerIndex) : this.announcement()
    while (index < this.end) index = this.body(index)
    this.closeSections()
    if (this.options.lossy) {
      recoverSections(this.root, this.file)
      if (!this.root.children.some((node) => node.type === 'signoff')) {
        const end = this.tokens.at(-1)?.end ?? 0
        note(this.file, 'No `--` sign-off: the end of the document may have been lost', this.locator.point(end), 'missing-signoff')
      }
    }
    this.root.position = this.span(0, this.tokens.at(-1)?.lineEnd ?? 0)
    return this.root
  }

  // ---------------------------------------------------------------- banner --

  private findBanner(): number {
    let index = this.tokens.findIndex((token) => token.kind === 'banner')
    // A lossy repost may name the document without its banner (a stub, an update announcement).
    if (index < 0 && this.options.lossy) index = this.findAnnouncement()
    const banner = this.tokens[index]
    if (banner?.kind !== 'banner' && !this.announced) {
      const nonBlank = this.tokens.some((token) => token.kind !== 'blank')
      fail(
        this.file,
        nonBlank
          ? 'Expected a banner such as `---===[ Qubes Security Bulletin 070 ]===---`, found none'
          : 'Unexpected empty document, expected a bulletin or canary',
        origin,
        'missing-banner',
      )
    }
    const first = this.tokens.findIndex((token) => token.kind !== 'blank')
    if (first >= 0 && first < index) {
      this.message('Unexpected text before the banner', this.token(first), 'text-before-banner')
    }
    const second = this.tokens.findIndex((token, i) => i > index && token.kind === 'banner')
    if (second > 0) {
      this.message('Unexpected second banner: only the first document is read', this.token(second), 'second-banner')
      this.end = second
    }
    for (let i = 0; i < this.end; i++) {
      const token = this.token(i)
      const column = token.kind === 'blank' ? -1 : token.text.search(/\bTODO\b/)
      if (column >= 0) {
        warn(this.file, 'Unexpected placeholder `TODO`', this.span(token.start + column, token.start + column + 4), 'todo')
      }
    }
    if (banner?.kind === 'banner') {
      this.root.children.push({
        type: 'banner',
        kind: banner.banner.kind,
        number: banner.banner.number,
        value: banner.text,
        position: this.span(banner.start, banner.end),
      })
    }
    return index
  }

  /** What the first naming line says, found by {@link findAnnouncement}. */
  private announced: { node: Announcement; next: number } | undefined

  /**
   * The first line that names the document (a title line, or the start of
   * the sentence announcing it, read with the rest of its paragraph).
   */
  private findAnnouncement(): number {
    for (let index = 0; index < this.end; index++) {
      const token = this.token(index)
      if (token.kind !== 'text' && token.kind !== 'date') continue
      const line = announcementOf(token.text)
      const sentence = /^We have\b/i.test(token.text)
      // An announcement's title wraps onto the next lines of its paragraph; a title line stands alone.
      const end = sentence ? this.proseEnd(index) : index + 1
      const found = sentence ? announcementOf(this.joined(index, end)) : line
      if (!found) continue
      const last = this.token(end - 1)
      const node: Announcement = {
        type: 'announcement',
        kind: found.kind,
        number: found.number,
        action: found.action,
        title: found.title,
        value: this.joined(index, end),
        position: this.span(token.start, last.end),
      }
      this.announced = { node, next: end }
      return index
    }
    return -1
  }

  /** End (exclusive) of the lines of prose from `index` on. */
  private proseEnd(index: number): number {
    let end = index + 1
    while (end < this.end && (this.token(end).kind === 'text' || this.token(end).kind === 'date') && !this.isHeadingAt(end)) end++
    return end
  }

  private joined(start: number, end: number): string {
    return this.tokens
      .slice(start, end)
      .map((token) => token.text)
      .join(' ')
      .replace(/\s+/g, ' ')
  }

  private announcement(): number {
    const announced = this.announced as { node: Announcement; next: number }
    this.root.children.push(announced.node)
    return announced.next
  }

  /** Decide heading depths from the underline markers the document uses. */
  private assignDepths(from: number): void {
    const used = new Set<UnderlineMarker>()
    for (let i = from; i < this.end - 1; i++) {
      const next = this.token(i + 1)
      if (next.kind === 'underline' && this.isHeadingText(this.token(i))) used.add(next.underline.marker)
    }
    const ordered = markerRank.filter((marker) => used.has(marker))
    ordered.forEach((marker, index) => this.depthOf.set(marker, index + 1))
  }

  // ---------------------------------------------------------------- header --

  private header(bannerIndex: number): number {
    let index = this.skipBlank(bannerIndex + 1)
    const dateToken = this.token(index)
    const banner = this.token(bannerIndex)
    if (index < this.end && dateToken.kind === 'date') {
      this.root.children.push({ type: 'date', value: dateToken.text, position: this.span(dateToken.start, dateToken.end) })
      index = this.skipBlank(index + 1)
    } else if (banner.kind === 'banner' && banner.banner.kind === 'bulletin') {
      this.message('Expected a date line under the banner, found none', index < this.end ? dateToken : banner, 'missing-date')
    }
    const lines: Token[] = []
    while (index < this.end) {
      const blockEnd = this.titleEnd(index)
      if (!this.isTitleBlock(index, blockEnd)) break
      for (let i = index; i < blockEnd; i++) lines.push(this.token(i))
      index = this.skipBlank(blockEnd)
      // An unindented title is one block; centred titles may be several.
      if (this.token(blockEnd - 1).indent < 4) break
    }
    if (lines.length > 0) this.pushTitle(lines)
    return index
  }

  /** End (exclusive) of the title block from `index`: the next blank line, or a heading right under it. */
  private titleEnd(index: number): number {
    const end = this.blockEnd(index)
    for (let at = index + 1; at < end; at++) if (this.isHeadingAt(at)) return at
    return end
  }

  private isTitleBlock(start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      const token = this.token(i)
      if (token.kind !== 'text' && token.kind !== 'date') return false
      if (this.isHeadingAt(i)) return false
    }
    const centred = this.tokens.slice(start, end).every((token) => token.indent >= 4)
    if (centred) return true
    // A flush-left title: short (by its words, not by how it is wrapped), not a sentence, and a heading comes next.
    const last = this.token(end - 1)
    const next = this.skipBlank(end)
    return this.joined(start, end).length <= MAX_FLUSH_TITLE && !/[.:;,]$/.test(last.text) && next < this.end && this.isHeadingAt(next)
  }

  private pushTitle(lines: Token[]): void {
    const first = lines[0] as Token
    const last = lines.at(-1) as Token
    const texts = lines.map((token) => token.text.replace(/\s+/g, ' '))
    const title: Title = {
      type: 'title',
      value: texts.join(' '),
      lines: texts,
      position: this.span(first.start, last.end),
    }
    if (lines.length > 1 && !this.options.lossy) {
      note(this.file, `Title wraps over ${lines.length} lines; read as one, joined with spaces`, title, 'wrapped-title')
    }
    this.root.children.push(title)
  }

  // ------------------------------------------------------------------ body --

  private body(index: number): number {
    const token = this.token(index)
    switch (token.kind) {
      case 'blank':
        return index + 1
      case 'signoff':
        return this.signoff(index)
      case 'underline':
      case 'break':
        this.add({ type: 'thematicBreak', position: this.span(token.start, token.end) })
        return index + 1
      case 'quote':
        return this.place(readQuote(this, index))
      case 'item':
        return this.place(readList(this, token, index))
      case 'release':
        return this.place(readRelease(this, token, index))
      case 'reference':
        return this.place(readDefinition(this, token, index))
      case 'dated':
        return this.place(readChangelog(this, index))
      default:
        if (this.isHeadingAt(index)) return this.heading(index)
        return this.place(readParagraph(this, index))
    }
  }

  private heading(index: number): number {
    const token = this.token(index)
    const next = this.token(index + 1)
    const underline: UnderlineToken | undefined = index + 1 < this.end && next.kind === 'underline' ? next : undefined
    const marker = underline ? underline.underline.marker : null
    const depth = marker ? (this.depthOf.get(marker) ?? 1) : 1
    const node: Heading = {
      type: 'heading',
      depth,
      underlined: underline !== undefined,
      value: token.text,
      position: this.span(token.start, (underline ?? token).end),
    }
    if (!underline) note(this.file, `Heading \`${token.text}\` has no underline; recognised by name`, node, 'missing-underline')
    this.openSection(node)
    return index + (underline ? 2 : 1)
  }

  private signoff(index: number): number {
    const token = this.token(index)
    let end = index + 1
    let last = token
    const lines: string[] = []
    while (end < this.end && this.token(end).kind !== 'blank') {
      last = this.token(end)
      lines.push(last.text)
      end++
    }
    this.closeSections()
    this.root.children.push({ type: 'signoff', value: lines.join('\n'), position: this.span(token.start, last.end) })
    return end
  }

  // --------------------------------------------------------------- helpers --

  private isHeadingText(token: Token): boolean {
    return token.kind === 'text' || token.kind === 'date'
  }

  /** Whether a heading starts at `index`: underlined text, or a lone known heading. */
  isHeadingAt(index: number): boolean {
    if (index >= this.end) return false
    const token = this.token(index)
    if (!this.isHeadingText(token)) return false
    const next = index + 1 < this.end ? this.token(index + 1) : pastEnd
    if (next.kind === 'underline') return true
    if (!this.vocabularyHeadings || token.indent > 3) return false
    const previous = index > 0 ? this.token(index - 1) : pastEnd
    if (previous.kind !== 'blank') return false
    if (next.kind === 'blank') return sectionRole(token.text) !== undefined
    // A scrape may lose the blank line under a heading too: then only an exact heading name counts.
    return this.options.lossy === true && isKnownHeading(token.text)
  }

  private openSection(heading: Heading): void {
    while (this.stack.length > 0 && (this.stack.at(-1) as Section).depth >= heading.depth) this.closeSection()
    const section: Section = { type: 'section', depth: heading.depth, children: [heading], position: heading.position }
    const parent = this.stack.at(-1)
    if (parent) (parent.children as Section['children'][number][]).push(section)
    else this.root.children.push(section)
    this.stack.push(section)
  }

  private closeSection(): void {
    const section = this.stack.pop()
    if (!section) return
    const first = section.children[0]
    const last = section.children.at(-1)
    if (first && last) section.position = { start: first.position.start, end: last.position.end }
  }

  private closeSections(): void {
    while (this.stack.length > 0) this.closeSection()
  }

  private place(read: Read<Block>): number {
    this.add(read.node)
    return read.next
  }

  private add(node: Block): void {
    const parent = this.stack.at(-1)
    if (parent) (parent.children as Section['children'][number][]).push(node)
    else this.root.children.push(node)
  }

  token(index: number): Token {
    return this.tokens[index] ?? pastEnd
  }

  skipBlank(index: number): number {
    while (index < this.end && this.token(index).kind === 'blank') index++
    return index
  }

  /** End (exclusive) of the run of non-blank tokens starting at `index`. */
  blockEnd(index: number): number {
    let end = index
    while (end < this.end && this.token(end).kind !== 'blank') end++
    return end
  }

  span(start: number, end: number): Position {
    return this.locator.span(start, end)
  }

  private message(reason: string, token: Token, ruleId: RuleId): void {
    warn(this.file, reason, this.span(token.start, token.end), ruleId)
  }
}
