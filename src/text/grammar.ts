/**
 * Section grammar: the second stage. It reads line tokens and builds the unist
 * tree (banner, date, title, nested sections, blocks, sign-off).
 *
 * ```
 * document = preamble? banner header body
 * header   = blank* date? blank* title*
 * title    = block of text lines that is centred, or that a heading follows
 * body     = (heading | block | signoff)*
 * heading  = text underline            (depth from the marker, `=` above `-`)
 *          | known-heading             (a lone line from the vocabulary, when
 *                                       underlines are absent or lost)
 * block    = paragraph | indented | quote | list | definition | changelog | break
 * ```
 *
 * Problems are reported as vfile messages with a place and a `ruleId`; only a
 * document without a banner is fatal.
 */
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { type Cursor, type Read, readChangelog, readDefinition, readList, readParagraph, readQuote } from './blocks.js'
import type { Token } from './tokenize.js'
import { recoverSections } from './recover.js'
import { sectionRole } from './vocabulary.js'
import type {
  Block,
  Heading,
  Point,
  Position,
  Root,
  Section,
  Title,
  UnderlineMarker,
} from './types.js'

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
const source = 'qsb'

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
  return new Builder(tokens, file, options ?? {}).build()
}

class Builder implements Cursor {
  private readonly toPoint: (offset: number) => Point | undefined
  private readonly depthOf = new Map<UnderlineMarker, number>()
  private readonly root: Root = { type: 'root', children: [] }
  private readonly stack: Section[] = []
  private readonly vocabularyHeadings: boolean
  end: number

  constructor(
    readonly tokens: Token[],
    private readonly file: VFile,
    private readonly options: Readonly<GrammarOptions>,
  ) {
    this.toPoint = location(file).toPoint
    this.end = tokens.length
    const lossy = options.lossy === true
    this.vocabularyHeadings = lossy || !tokens.some((token) => token.kind === 'underline')
    if (lossy) this.root.data = { lossy: true }
  }

  build(): Root {
    const bannerIndex = this.findBanner()
    this.assignDepths(bannerIndex)
    let index = this.header(bannerIndex)
    while (index < this.end) index = this.body(index)
    this.closeSections()
    if (this.options.lossy) {
      recoverSections(this.root, this.file)
      if (!this.root.children.some((node) => node.type === 'signoff')) {
        this.file.info('No `--` sign-off: the end of the document may have been lost', {
          place: this.span(this.tokens.at(-1)?.end ?? 0, this.tokens.at(-1)?.end ?? 0).start,
          ruleId: 'missing-signoff',
          source,
        })
      }
    }
    this.root.position = this.span(0, this.tokens.length > 0 ? (this.tokens.at(-1) as Token).lineEnd : 0)
    return this.root
  }

  // ---------------------------------------------------------------- banner --

  private findBanner(): number {
    const index = this.tokens.findIndex((token) => token.kind === 'banner')
    if (index < 0) {
      const nonBlank = this.tokens.some((token) => token.kind !== 'blank')
      this.file.fail(
        nonBlank
          ? 'Expected a banner such as `---===[ Qubes Security Bulletin 070 ]===---`, found none'
          : 'Unexpected empty document, expected a bulletin or canary',
        { place: { line: 1, column: 1 }, ruleId: 'missing-banner', source },
      )
    }
    const first = this.tokens.findIndex((token) => token.kind !== 'blank')
    if (first >= 0 && first < index) {
      this.message('Unexpected text before the banner', this.tokens[first] as Token, 'text-before-banner')
    }
    const second = this.tokens.findIndex((token, i) => i > index && token.kind === 'banner')
    if (second > 0) {
      this.message(
        'Unexpected second banner: only the first document is read',
        this.tokens[second] as Token,
        'second-banner',
      )
      this.end = second
    }
    for (let i = 0; i < this.end; i++) {
      const token = this.tokens[i] as Token
      if (token.kind !== 'blank' && /\bTODO\b/.test(token.text)) {
        const column = token.text.search(/\bTODO\b/)
        this.file.message('Unexpected placeholder `TODO`', {
          place: this.span(token.start + column, token.start + column + 4),
          ruleId: 'todo',
          source,
        })
      }
    }
    const banner = this.tokens[index] as Token
    const details = banner.banner as NonNullable<Token['banner']>
    this.root.children.push({
      type: 'banner',
      kind: details.kind,
      number: details.number,
      value: banner.text,
      position: this.span(banner.start, banner.end),
    })
    return index
  }

  /** Decide heading depths from the underline markers the document uses. */
  private assignDepths(from: number): void {
    const used = new Set<UnderlineMarker>()
    for (let i = from; i < this.end - 1; i++) {
      const next = this.tokens[i + 1] as Token
      if (next.kind === 'underline' && this.isHeadingText(this.tokens[i] as Token)) {
        used.add((next.underline as NonNullable<Token['underline']>).marker)
      }
    }
    const ordered = markerRank.filter((marker) => used.has(marker))
    ordered.forEach((marker, index) => this.depthOf.set(marker, index + 1))
    if (ordered.length > 0) this.root.data = { ...this.root.data, markers: ordered }
  }

  // ---------------------------------------------------------------- header --

  private header(bannerIndex: number): number {
    let index = this.skipBlank(bannerIndex + 1)
    const dateToken = this.tokens[index]
    if (index < this.end && dateToken && dateToken.kind === 'date') {
      this.root.children.push({
        type: 'date',
        value: dateToken.text,
        position: this.span(dateToken.start, dateToken.end),
      })
      index = this.skipBlank(index + 1)
    } else if ((this.tokens[bannerIndex] as Token).banner?.kind === 'bulletin') {
      const banner = this.tokens[bannerIndex] as Token
      this.message('Expected a date line under the banner, found none', dateToken ?? banner, 'missing-date')
    }
    const lines: Token[] = []
    while (index < this.end) {
      const blockEnd = this.blockEnd(index)
      if (!this.isTitleBlock(index, blockEnd)) break
      for (let i = index; i < blockEnd; i++) lines.push(this.tokens[i] as Token)
      index = this.skipBlank(blockEnd)
      // An unindented title is one block; centred titles may be several.
      if ((this.tokens[blockEnd - 1] as Token).indent < 4) break
    }
    if (lines.length > 0) this.pushTitle(lines)
    return index
  }

  private isTitleBlock(start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      const token = this.tokens[i] as Token
      if (token.kind !== 'text' && token.kind !== 'date') return false
      if (this.isHeadingAt(i)) return false
    }
    const centred = this.tokens.slice(start, end).every((token) => token.indent >= 4)
    if (centred) return true
    // A flush-left title: short, not a sentence, and a heading comes next.
    const last = this.tokens[end - 1] as Token
    const next = this.skipBlank(end)
    return end - start <= 3 && !/[.:;,]$/.test(last.text) && next < this.end && this.isHeadingAt(next)
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
      this.file.info(`Title wraps over ${lines.length} lines; read as one, joined with spaces`, {
        place: title.position,
        ruleId: 'wrapped-title',
        source,
      })
    }
    this.root.children.push(title)
  }

  // ------------------------------------------------------------------ body --

  private body(index: number): number {
    const token = this.tokens[index] as Token
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
        return this.place(readList(this, index))
      case 'reference':
        return this.place(readDefinition(this, index))
      case 'dated':
        return this.place(readChangelog(this, index))
      default:
        if (this.isHeadingAt(index)) return this.heading(index)
        return this.place(readParagraph(this, index))
    }
  }

  private heading(index: number): number {
    const token = this.tokens[index] as Token
    const next = this.tokens[index + 1]
    const underline = next?.kind === 'underline' ? next : undefined
    const marker = underline ? (underline.underline as NonNullable<Token['underline']>).marker : null
    const depth = marker ? (this.depthOf.get(marker) ?? 1) : 1
    const node: Heading = {
      type: 'heading',
      depth,
      marker,
      value: token.text,
      position: this.span(token.start, (underline ?? token).end),
    }
    if (underline && !this.options.lossy && underline.text.length < token.text.length) {
      this.file.message(
        `Unexpected underline of ${underline.text.length} characters under a heading of ${token.text.length}`,
        { place: this.span(underline.start, underline.end), ruleId: 'short-underline', source },
      )
    }
    if (!underline) {
      this.file.info(`Heading \`${token.text}\` has no underline; recognised by name`, {
        place: node.position,
        ruleId: 'missing-underline',
        source,
      })
    }
    this.openSection(node)
    return index + (underline ? 2 : 1)
  }

  private signoff(index: number): number {
    const token = this.tokens[index] as Token
    let end = index + 1
    let last = token
    const lines: string[] = []
    while (end < this.end && (this.tokens[end] as Token).kind !== 'blank') {
      last = this.tokens[end] as Token
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
    const token = this.tokens[index]
    if (!token || !this.isHeadingText(token)) return false
    const next = this.tokens[index + 1]
    if (next?.kind === 'underline') return true
    if (!this.vocabularyHeadings || token.indent > 3) return false
    const previous = this.tokens[index - 1]
    const alone = (!previous || previous.kind === 'blank') && (!next || next.kind === 'blank')
    return alone && sectionRole(token.text) !== undefined
  }

  private openSection(heading: Heading): void {
    while (this.stack.length > 0 && (this.stack.at(-1) as Section).depth >= heading.depth) this.closeSection()
    const section: Section = { type: 'section', depth: heading.depth, children: [heading] }
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
    if (first && last) section.position = this.span(this.offsetOf(first, 'start'), this.offsetOf(last, 'end'))
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

  skipBlank(index: number): number {
    while (index < this.end && (this.tokens[index] as Token).kind === 'blank') index++
    return index
  }

  /** End (exclusive) of the run of non-blank tokens starting at `index`. */
  blockEnd(index: number): number {
    let end = index
    while (end < this.end && (this.tokens[end] as Token).kind !== 'blank') end++
    return end
  }

  private offsetOf(node: { position?: Position | undefined }, edge: 'start' | 'end'): number {
    return node.position?.[edge].offset ?? 0
  }

  span(start: number, end: number): Position {
    return { start: this.point(start), end: this.point(end) }
  }

  private point(offset: number): Point {
    const point = this.toPoint(offset)
    if (point) return point
    // vfile-location answers `undefined` for the offset just past a final newline.
    const value = String(this.file.value)
    const lines = value.split(/\r\n|\r|\n/)
    return { line: lines.length, column: (lines.at(-1) as string).length + 1, offset: value.length }
  }

  private message(reason: string, token: Token, ruleId: string): void {
    this.file.message(reason, { place: this.span(token.start, token.end), ruleId, source })
  }
}
