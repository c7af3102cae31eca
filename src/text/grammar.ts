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
import { findAnnouncement, readTitle } from './header.js'
import { type Locator, locate } from './location.js'
import { fail, note, type RuleId, warn } from './messages.js'
import { recoverSections } from './recover.js'
import type { Token, UnderlineToken } from './tokenize.js'
import type { Announcement, Block, Heading, Position, Root, Section, UnderlineMarker } from './types.js'
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
  /** What names a repost that has no banner (lossy text only). */
  private announced: Read<Announcement> | undefined
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
    if (index < 0 && this.options.lossy) {
      const found = findAnnouncement(this)
      this.announced = found
      index = found?.index ?? -1
    }
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

  private announcement(): number {
    const announced = this.announced as Read<Announcement>
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
    const title = readTitle(this, index)
    if (!title) return index
    if (title.node.lines.length > 1 && !this.options.lossy) {
      note(this.file, `Title wraps over ${title.node.lines.length} lines; read as one, joined with spaces`, title.node, 'wrapped-title')
    }
    this.root.children.push(title.node)
    return title.next
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
