/**
 * Damage for property tests: edits of signed bytes, and scrapes — what
 * third-party sites do to a bulletin they copy.
 */
import fc from 'fast-check'
import { type BulletinModel, dictionary, type RenderedLine } from './render-bulletin.js'

// ------------------------------------------------------------ byte edits --

/** One edit of a document's bytes; positions are taken modulo the length, so any edit applies to any document. */
export type ByteEdit =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'insert'; at: number; byte: number }
  | { kind: 'delete'; at: number }
  | { kind: 'crlf'; line: number }
  | { kind: 'trailing'; line: number; space: string }

/** Non-empty edits: each changes the bytes. */
export const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('crlf' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('trailing' as const), line: fc.nat(), space: fc.constantFrom(' ', '\t', '  ', '\u00a0') }),
)

/**
 * Apply an edit.
 *
 * @param bytes
 *   A document (not empty, with at least one line feed for line edits to bite).
 * @param edit
 *   The edit.
 * @returns
 *   New bytes.
 */
export function applyEdit(bytes: Uint8Array, edit: ByteEdit): Uint8Array {
  const splice = (at: number, remove: number, insert: Uint8Array): Uint8Array => {
    const out = new Uint8Array(bytes.length - remove + insert.length)
    out.set(bytes.subarray(0, at))
    out.set(insert, at)
    out.set(bytes.subarray(at + remove), at + insert.length)
    return out
  }
  switch (edit.kind) {
    case 'flip': {
      const out = bytes.slice()
      const at = edit.at % out.length
      out[at] = (out[at] as number) ^ edit.mask
      return out
    }
    case 'insert':
      return splice(edit.at % (bytes.length + 1), 0, Uint8Array.of(edit.byte))
    case 'delete':
      return splice(edit.at % bytes.length, 1, new Uint8Array())
    case 'crlf':
    case 'trailing': {
      const feeds = bytes.reduce<number[]>((found, byte, index) => (byte === 10 && bytes[index - 1] !== 13 ? [...found, index] : found), [])
      const at = feeds[edit.line % feeds.length] as number
      return splice(at, 0, edit.kind === 'crlf' ? Uint8Array.of(13) : new TextEncoder().encode(edit.space))
    }
  }
}

// --------------------------------------------------------------- scrapes --

/** What a scraper does; the masks pick which headings and short lines it loses. */
export interface ScrapeOptions {
  dropUnderlines: boolean
  dropIndentation: boolean
  dropDate: boolean
  dropSignoffDashes: boolean
  collapseSpaces: boolean
  curlyQuotes: boolean
  dropEmptyQuoteLines: boolean
  /** Bit `i`: lose the `i`th heading (and its underline). */
  dropHeadings: number
  /** Bit `i`: lose the `i`th short last line of a paragraph. */
  dropShortLines: number
  siteText: boolean
  dropFinalNewline: boolean
  /** Lose the URL under `The Qubes Security Team`. */
  dropSignoffUrl: boolean
  /** Lose the `| ` of quote lines (keeping their text). */
  dropQuoteMarkers: boolean
  /** Bit `i % 31`: join the `i`th line to the line before (re-wrapping; never the banner). */
  joinLines: number
  /** Break lines longer than 40 characters at a space after column 30. */
  splitLongLines: boolean
  /** Bit `i % 31`: lose the `i`th blank line. */
  dropBlankLines: number
}

/** Every kind of noise, each on or off: what a scraper may do without the copy ceasing to be faithful. */
export const noiseOptions: fc.Arbitrary<ScrapeOptions> = fc.record({
  dropUnderlines: fc.boolean(),
  dropIndentation: fc.boolean(),
  dropDate: fc.constant(false),
  dropSignoffDashes: fc.boolean(),
  collapseSpaces: fc.boolean(),
  curlyQuotes: fc.boolean(),
  dropEmptyQuoteLines: fc.boolean(),
  dropHeadings: fc.constant(0),
  dropShortLines: fc.constant(0),
  siteText: fc.boolean(),
  dropFinalNewline: fc.boolean(),
  dropSignoffUrl: fc.boolean(),
  dropQuoteMarkers: fc.boolean(),
  joinLines: fc.oneof(fc.constant(0), fc.nat({ max: 2 ** 31 - 1 })),
  splitLongLines: fc.boolean(),
  dropBlankLines: fc.oneof(fc.constant(0), fc.nat({ max: 2 ** 31 - 1 })),
})

/** Noise, and lines with words lost too: a heading, the date line, the short end of a paragraph (substance). */
export const scrapeOptions: fc.Arbitrary<ScrapeOptions> = fc.record({
  dropUnderlines: fc.boolean(),
  dropIndentation: fc.boolean(),
  dropDate: fc.boolean(),
  dropSignoffDashes: fc.boolean(),
  collapseSpaces: fc.boolean(),
  curlyQuotes: fc.boolean(),
  dropEmptyQuoteLines: fc.boolean(),
  dropHeadings: fc.nat({ max: 127 }),
  dropShortLines: fc.nat({ max: 255 }),
  siteText: fc.boolean(),
  dropFinalNewline: fc.boolean(),
  dropSignoffUrl: fc.boolean(),
  dropQuoteMarkers: fc.boolean(),
  joinLines: fc.constant(0),
  splitLongLines: fc.constant(false),
  dropBlankLines: fc.constant(0),
})

/** A line the copy lost that carried words: the kind `compareTexts` should call it. */
export interface LostLine {
  /** 1-based line of the rendering. */
  line: number
  kind: 'heading' | 'date' | 'short-line'
}

/** Longest line a scraper drops as the short end of a paragraph (as `compareTexts` counts it). */
export const SHORT_LINE = 24

/**
 * Copy a rendered bulletin the way a scraper does.
 *
 * A short line is lost only where its loss is unambiguous for a word diff: a
 * run of lost lines that holds the word just before or just after it may be
 * aligned as a run that cuts through kept lines. `compareTexts` slides a single
 * such run back onto whole lines, but with several lost lines among repeated
 * words (`a a a`, which this generator's dictionary makes common and real
 * bulletins do not) the alignment can still cut through a kept line: a known
 * limit, reported as substance (the safe side).
 *
 * @param lines
 *   The rendering, from `renderLines`.
 * @param options
 *   What the scraper loses.
 * @returns
 *   The page text, and the lines with words that it lost.
 */
export function scrape(lines: readonly RenderedLine[], options: Readonly<ScrapeOptions>): { text: string; lost: LostLine[] } {
  const drop = lines.map(() => false)
  const kinds = new Map<number, LostLine['kind']>()
  let headings = 0
  let shortLines = 0
  let droppedHeading = false
  lines.forEach((entry, index) => {
    if (entry.role === 'heading') {
      droppedHeading = ((options.dropHeadings >> headings++) & 1) === 1
      if (droppedHeading) kinds.set(index, 'heading')
      drop[index] = droppedHeading
    } else if (entry.role === 'underline') drop[index] = options.dropUnderlines || droppedHeading
    else if (entry.role === 'date') {
      drop[index] = options.dropDate
      if (drop[index]) kinds.set(index, 'date')
    } else if (entry.role === 'signoff') drop[index] = options.dropSignoffDashes
    else if (entry.role === 'quote' && entry.text === '|') drop[index] = options.dropEmptyQuoteLines
    else if (entry.role === 'text' && entry.last && entry.text.length <= SHORT_LINE) {
      drop[index] = ((options.dropShortLines >> shortLines++) & 1) === 1
      if (drop[index]) kinds.set(index, 'short-line')
    }
  })
  keepAmbiguousShortLines(lines, drop, kinds)
  let blanks = 0
  lines.forEach((entry, index) => {
    if (entry.role === 'url') drop[index] = options.dropSignoffUrl
    if (entry.role === 'blank' && index > 0) drop[index] = ((options.dropBlankLines >> (blanks++ % 31)) & 1) === 1
  })
  const kept: string[] = []
  let joins = 0
  lines.forEach((entry, index) => {
    if (drop[index]) return
    let text = entry.text
    if (options.dropQuoteMarkers && entry.role === 'quote') text = text.replace(/^\| ?/, '')
    if (options.dropIndentation) text = text.trimStart()
    if (options.collapseSpaces) text = text.replace(/ {2,}/g, ' ')
    if (options.curlyQuotes) text = text.replace(/"([^"]*)"/g, '\u201c$1\u201d').replace(/'/g, '\u2019')
    const previous = kept.at(-1)
    const join = ((options.joinLines >> (joins++ % 31)) & 1) === 1
    if (join && previous !== undefined && previous.trim() !== '' && text.trim() !== '' && entry.role !== 'banner' && !previousIsBanner(lines, drop, index)) {
      kept[kept.length - 1] = `${previous} ${text.trim()}`
      return
    }
    if (options.splitLongLines && entry.role !== 'banner' && text.length > 40) {
      const space = text.indexOf(' ', 30)
      if (space > 0 && text.slice(space + 1).trim() !== '') {
        kept.push(text.slice(0, space), text.slice(space + 1))
        return
      }
    }
    kept.push(text)
  })
  const page = options.siteText
    ? ['Example News \u00b7 Security', '', 'Skip to content', '', ...kept, '', 'Share this post', 'Copyright Example News'].join('\n')
    : kept.join('\n')
  const lost = [...kinds].filter(([index]) => drop[index]).map(([index, kind]) => ({ line: index + 1, kind }))
  return { text: options.dropFinalNewline ? page : `${page}\n`, lost: lost.sort((a, b) => a.line - b.line) }
}

/** Whether the nearest line kept before `index` is the banner (a line joined to it would break it). */
function previousIsBanner(lines: readonly RenderedLine[], drop: readonly boolean[], index: number): boolean {
  for (let at = index - 1; at >= 0; at--) if (!drop[at]) return lines[at]?.role === 'banner'
  return false
}

/** The words `compareTexts` reads from a line of the rendering. */
function wordsOf(entry: RenderedLine): string[] {
  if (['blank', 'underline', 'signoff'].includes(entry.role)) return []
  const text = entry.role === 'quote' ? entry.text.replace(/^\| ?/, '') : entry.text
  return text.split(/\s+/).filter((word) => word.length > 0)
}

/** Keep short lines whose run of lost lines holds the word kept just before or after it. */
function keepAmbiguousShortLines(lines: readonly RenderedLine[], drop: boolean[], kinds: ReadonlyMap<number, LostLine['kind']>): void {
  const wordful = lines.flatMap((entry, index) => (wordsOf(entry).length > 0 ? [index] : []))
  for (let changed = true; changed; ) {
    changed = false
    for (let at = 0; at < wordful.length; at++) {
      if (!drop[wordful[at] as number]) continue
      let end = at
      while (end + 1 < wordful.length && drop[wordful[end + 1] as number]) end++
      const run = wordful.slice(at, end + 1)
      const words = new Set(run.flatMap((index) => wordsOf(lines[index] as RenderedLine)))
      const before = at > 0 ? wordsOf(lines[wordful[at - 1] as number] as RenderedLine).at(-1) : undefined
      const after = end + 1 < wordful.length ? wordsOf(lines[wordful[end + 1] as number] as RenderedLine)[0] : undefined
      if ((before !== undefined && words.has(before)) || (after !== undefined && words.has(after))) {
        for (const index of run) {
          if (kinds.get(index) === 'short-line') {
            drop[index] = false
            changed = true
          }
        }
      }
      at = end
    }
  }
}

// ------------------------------------------------------------- revisions --

/** One change of substance between two revisions of a bulletin; `at` picks the target modulo the candidates. */
export type Revision =
  | { kind: 'version'; at: number }
  | { kind: 'sentence'; at: number }
  | { kind: 'word'; at: number }
  | { kind: 'drop-section'; at: number }
  | { kind: 'title'; xsa: number }

export const revision: fc.Arbitrary<Revision> = fc.oneof(
  fc.record({ kind: fc.constantFrom('version' as const, 'sentence' as const, 'word' as const, 'drop-section' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('title' as const), xsa: fc.integer({ min: 1, max: 999 }) }),
)

/** The sentence a revision adds at the start of a paragraph (none of its words is in the dictionary). */
export const addedSentence = ['Extra', 'care', 'is', 'needed', 'here']

/**
 * Another revision of a bulletin: a version bumped, a sentence added at the
 * start of a paragraph, a paragraph's first word replaced, a section removed,
 * or the title's advisory (or first word) changed.
 *
 * @param model
 *   The bulletin (not changed).
 * @param change
 *   What to change.
 * @returns
 *   The revised bulletin; the same text when the model has nothing to change.
 */
export function revise(model: BulletinModel, change: Revision): BulletinModel {
  const next = structuredClone(model)
  const blocks = next.sections.flatMap((section) => section.blocks)
  const paragraphs = blocks.flatMap((block) => (block.type === 'paragraph' ? [block] : []))
  const pick = <T>(list: T[], at: number): T | undefined => list[at % Math.max(1, list.length)]
  switch (change.kind) {
    case 'version': {
      const entry = pick(blocks.flatMap((block) => (block.type === 'patching' ? block.groups.flatMap((group) => group.packages) : [])), change.at)
      if (entry) entry.version = `${entry.version}.1`
      break
    }
    case 'sentence':
      pick(paragraphs, change.at)?.sentences.unshift(addedSentence.map((text) => ({ text, xsas: [], cves: [], cites: [] })))
      break
    case 'word': {
      const first = pick(paragraphs, change.at)?.sentences[0]?.[0]
      if (first) {
        const index = dictionary.findIndex((word) => capitalise(word) === first.text)
        first.text = capitalise(dictionary[(index + 1) % dictionary.length] as string)
      }
      break
    }
    case 'drop-section':
      if (next.sections.length > 1) next.sections.splice(change.at % next.sections.length, 1)
      break
    case 'title': {
      // Changed rather than added, so that every revision keeps the title's shape.
      const last = next.title.at(-1) as BulletinModel['title'][number]
      if (last.xsas.length > 0) {
        const xsa = last.xsas[0] === change.xsa ? change.xsa + 1 : change.xsa
        next.title[next.title.length - 1] = { text: `(XSA-${xsa})`, xsas: [xsa], cves: [], cites: [] }
      } else {
        const index = dictionary.findIndex((word) => capitalise(word) === next.title[0]?.text)
        next.title[0] = { text: capitalise(dictionary[(index + 1) % dictionary.length] as string), xsas: [], cves: [], cites: [] }
      }
    }
  }
  return next
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
