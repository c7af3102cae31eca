/**
 * Layout variations of a document, for the layout-invariance property test:
 * the same content laid out differently, the way a hand-laid bulletin can be.
 *
 * A document is cut into units read off its own tree (banner, date, title,
 * headings, blocks, list items, sign-off) and the gaps of blank lines between
 * them; a variant re-emits the units with:
 *
 * - `blanks`: each gap between body units with 1–3 blank lines, or none where
 *   the next unit's first line tells it apart by itself (a release line, an
 *   underlined heading, a list item after prose, a flush paragraph after an
 *   indented list…); list items likewise;
 * - `markers`: each bullet's marker one of `-`, `*`, `+`, `•`;
 * - `indent`: each list (markers and continuation lines shifted alike) and each
 *   release line indented by 0–10 columns, in spaces or with a tab;
 * - `underlines`: each heading underline of any length but 2 (`--` at column 1
 *   is the sign-off), in the other style too when the document uses one;
 * - `trailing`: spaces and tabs after any line;
 * - `eol`: LF, CRLF, CR, or a mix;
 * - `rewrap`: each flush paragraph re-wrapped at a width of 16–120 columns
 *   (kept as it was when a wrapped line would read as something else, such as
 *   a list item or a release line).
 *
 * What a variant may not change is checked by the test: the record and the
 * tree less positions.
 */
import fc from 'fast-check'
import { VFile } from 'vfile'
import { fromQsb, tokenize } from '../../src/text/index.js'
import type { Heading, Root } from '../../src/text/index.js'

type UnitKind =
  | 'header'
  | 'heading'
  | 'vheading'
  | 'paragraph'
  | 'indented'
  | 'quote'
  | 'list'
  | 'release'
  | 'definition'
  | 'changelog'
  | 'thematicBreak'
  | 'signoff'

interface Unit {
  kind: UnitKind
  /** 0-based first and last line. */
  first: number
  last: number
  /** For list items: the list they belong to (index into `lists`). */
  list?: number
  /** For underlined headings: the underline's line. */
  underline?: number
  /** For paragraphs: the words. */
  words?: string[]
}

export interface ListInfo {
  /** Column of its first marker. */
  indent: number
  ordered: boolean
  /**
   * Whether it stands on its own: not glued to an indented block above or
   * below (a `* …` comment inside quoted code is no list to re-indent).
   */
  movable: boolean
  /**
   * Least indentation it may take: a paragraph right under it (no blank line
   * between) is the item's continuation unless the markers stand further in.
   */
  least: number
}

/** A document cut into units, ready to be laid out again. */
export interface Layout {
  lines: string[]
  units: Unit[]
  lists: ListInfo[]
  /** Underline markers the document uses under headings. */
  styles: Set<string>
}

/** What a variant changes; each field is off when undefined. */
export interface Variation {
  blanks?: number[]
  markers?: number[]
  indent?: Array<{ columns: number; tab: boolean }>
  underlines?: { swap: boolean; lengths: number[] }
  trailing?: Array<string | null>
  eol?: 'lf' | 'crlf' | 'cr' | 'mixed'
  rewrap?: number[]
}

/** The variation kinds, each alone. */
export const variationKinds = ['blanks', 'markers', 'indent', 'underlines', 'trailing', 'eol', 'rewrap'] as const
export type VariationKind = (typeof variationKinds)[number]

const pick = (choices: readonly number[], at: number): number => choices[at % choices.length] as number

/** Arbitrary values for each variation (lists long enough for any document: indices wrap). */
const arbitraries: { [K in VariationKind]: fc.Arbitrary<NonNullable<Variation[K]>> } = {
  blanks: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 64 }),
  markers: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 16 }),
  indent: fc.array(fc.record({ columns: fc.nat({ max: 10 }), tab: fc.boolean() }), { minLength: 1, maxLength: 16 }),
  underlines: fc.record({ swap: fc.boolean(), lengths: fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 16 }) }),
  trailing: fc.array(fc.option(fc.constantFrom(' ', '  ', '\t', ' \t '), { freq: 3 }), { minLength: 1, maxLength: 64 }),
  eol: fc.constantFrom('lf' as const, 'crlf' as const, 'cr' as const, 'mixed' as const),
  rewrap: fc.array(fc.integer({ min: 16, max: 120 }), { minLength: 1, maxLength: 16 }),
}

/** One variation kind alone. */
export function variationOf(kind: VariationKind): fc.Arbitrary<Variation> {
  return (arbitraries[kind] as fc.Arbitrary<unknown>).map((value) => ({ [kind]: value }) as Variation)
}

/** Any combination of variations (each present or not). */
export const variations: fc.Arbitrary<Variation> = fc.record(
  Object.fromEntries(variationKinds.map((kind) => [kind, arbitraries[kind]])) as { [K in VariationKind]: fc.Arbitrary<NonNullable<Variation[K]>> },
  { requiredKeys: [] },
) as fc.Arbitrary<Variation>

/**
 * Cut a document into units.
 *
 * @param text
 *   The document (an exact bulletin or canary).
 * @returns
 *   Its layout.
 */
export function layoutOf(text: string): Layout {
  const lines = text.split(/\r\n|\r|\n/)
  if (lines.at(-1) === '') lines.pop()
  const tree = fromQsb(new VFile({ value: text }))
  const units: Unit[] = []
  const lists: ListInfo[] = []
  const styles = new Set<string>()
  const tokens = tokenize(text)
  const lineOf = (point: { line: number }): number => point.line - 1
  const walk = (nodes: ReadonlyArray<Root['children'][number] | Heading>): void => {
    for (const node of nodes) {
      const first = lineOf(node.position.start)
      const last = lineOf(node.position.end)
      switch (node.type) {
        case 'section':
          walk(node.children as ReadonlyArray<Root['children'][number] | Heading>)
          break
        case 'heading': {
          const underlined = node.underlined
          if (underlined) styles.add((lines[last] as string).trim()[0] as string)
          units.push({ kind: underlined ? 'heading' : 'vheading', first, last, ...(underlined ? { underline: last } : {}) })
          break
        }
        case 'list': {
          const index = lists.length
          lists.push({ indent: (tokens[first] as { indent: number }).indent, ordered: node.ordered, movable: true, least: 0 })
          for (const item of node.children) units.push({ kind: 'list', first: lineOf(item.position.start), last: lineOf(item.position.end), list: index })
          break
        }
        case 'paragraph': {
          const words = lines
            .slice(first, last + 1)
            .join(' ')
            .split(/\s+/)
            .filter((word) => word.length > 0)
          units.push({ kind: 'paragraph', first, last, words })
          break
        }
        case 'banner':
        case 'date':
        case 'title':
        case 'announcement':
          units.push({ kind: 'header', first, last })
          break
        default:
          units.push({ kind: node.type as UnitKind, first, last })
      }
    }
  }
  walk(tree.children)
  units.sort((a, b) => a.first - b.first)
  units.forEach((unit, index) => {
    if (unit.kind !== 'list') return
    const before = units[index - 1]
    const after = units[index + 1]
    const glued = (other: Unit | undefined, gap: number): boolean => other?.kind === 'indented' && gap === 0
    const list = lists[unit.list as number] as ListInfo
    if (glued(before, unit.first - (before?.last ?? 0) - 1) || glued(after, (after?.first ?? 0) - unit.last - 1)) list.movable = false
    if (after?.kind === 'paragraph' && after.first === unit.last + 1) list.least = indentOf(lines[after.first] as string) + 1
  })
  return { lines, units, lists, styles }
}

/** Whether no blank line is needed between a unit of kind `a` and one of kind `b` (see the grammar's block readers). */
function mayTouch(a: Unit, b: Unit, layout: Layout, listIndent: (list: number) => number): boolean {
  const body = ['heading', 'paragraph', 'indented', 'quote', 'list', 'release', 'definition', 'changelog']
  if (!body.includes(a.kind)) return false
  switch (b.kind) {
    case 'heading':
    case 'release':
      return true
    case 'list':
      return a.kind !== 'list'
    case 'quote':
      return a.kind !== 'quote'
    case 'paragraph':
      if (a.kind === 'list') return listIndent(a.list as number) > indentOf(layout.lines[b.first] as string)
      return ['heading', 'release', 'indented', 'quote'].includes(a.kind)
    case 'indented':
      return ['heading', 'paragraph', 'release', 'quote'].includes(a.kind)
    case 'definition':
      return ['heading', 'list', 'release', 'quote', 'definition'].includes(a.kind)
    case 'changelog':
      return ['heading', 'paragraph', 'list', 'release', 'quote', 'indented'].includes(a.kind)
    default:
      return false
  }
}

function indentOf(line: string): number {
  let columns = 0
  for (const char of line) {
    if (char === ' ') columns++
    else if (char === '\t') columns += 8 - (columns % 8)
    else break
  }
  return columns
}

function indentation(columns: number, tab: boolean): string {
  return tab && columns >= 8 ? `\t${' '.repeat(columns - 8)}` : ' '.repeat(columns)
}

/**
 * Lay a document out again.
 *
 * @param layout
 *   From {@link layoutOf}.
 * @param variation
 *   What to change.
 * @returns
 *   The new text.
 */
export function relayout(layout: Layout, variation: Variation): string {
  const lines = [...layout.lines]
  const listIndents = layout.lists.map((list, index) => {
    const choice = list.movable ? variation.indent?.[index % (variation.indent?.length || 1)] : undefined
    return choice ? { columns: Math.max(list.least, choice.columns + (choice.tab ? 8 : 0)), tab: choice.tab } : { columns: list.indent, tab: false }
  })
  const listIndent = (list: number): number => (listIndents[list] as { columns: number }).columns
  let bullet = 0
  let underline = 0
  let release = 0
  for (const unit of layout.units) {
    if (unit.kind === 'list') {
      const list = layout.lists[unit.list as number] as ListInfo
      const target = listIndents[unit.list as number] as { columns: number; tab: boolean }
      const delta = target.columns - list.indent
      for (let at = unit.first; at <= unit.last; at++) {
        let line = lines[at] as string
        const own = indentOf(line)
        if (at === unit.first && !list.ordered && variation.markers) {
          const marker = ['-', '*', '+', '•'][pick(variation.markers, bullet++)] as string
          line = line.replace(/^(\s*)[-*+•]/, `$1${marker}`)
        }
        if (variation.indent && list.movable && line.trim()) line = indentation(Math.max(0, own + delta), at === unit.first && target.tab) + line.trimStart()
        lines[at] = line
      }
    } else if (unit.kind === 'release' && variation.indent) {
      const choice = variation.indent[release++ % variation.indent.length] as { columns: number; tab: boolean }
      lines[unit.first] = indentation(choice.columns + (choice.tab ? 8 : 0), choice.tab) + (lines[unit.first] as string).trimStart()
    } else if (unit.kind === 'heading' && variation.underlines) {
      const at = unit.underline as number
      const written = (lines[at] as string).trim()[0] as string
      const swapped = variation.underlines.swap && layout.styles.size === 1 ? (written === '=' ? '-' : '=') : written
      let length = pick(variation.underlines.lengths, underline++)
      if (swapped === '-' && length === 2) length = 3
      // Only the bulletin styles, `=` and `-`, are read at any length; `~`, `^` and `+` take three or more.
      if (swapped !== '-' && swapped !== '=') length = Math.max(3, length)
      lines[at] = swapped.repeat(length)
    }
  }
  const rewrapped = new Map<number, string[]>()
  if (variation.rewrap) {
    let paragraph = 0
    for (const unit of layout.units) {
      if (unit.kind !== 'paragraph') continue
      const width = pick(variation.rewrap, paragraph++)
      const wrapped = wrap(unit.words as string[], width)
      if (wrapped.every((line) => tokenize(line)[0]?.kind === 'text')) rewrapped.set(unit.first, wrapped)
    }
  }
  const out: string[] = lines.slice(0, layout.units[0]?.first ?? lines.length)
  let gap = 0
  layout.units.forEach((unit, index) => {
    out.push(...(rewrapped.get(unit.first) ?? lines.slice(unit.first, unit.last + 1)))
    const next = layout.units[index + 1]
    const between = lines.slice(unit.last + 1, next ? next.first : lines.length)
    if (!next || !variation.blanks || between.some((line) => line.trim() !== '') || !isBody(unit) || !isBody(next)) {
      out.push(...between)
      return
    }
    let count = pick(variation.blanks, gap++)
    const sameList = unit.kind === 'list' && next.kind === 'list' && unit.list === next.list
    if (count === 0 && !sameList && !mayTouch(unit, next, layout, listIndent)) count = 1
    out.push(...Array.from({ length: count }, () => ''))
  })
  return join(out, variation)
}

function isBody(unit: Unit): boolean {
  return unit.kind !== 'header' && unit.kind !== 'signoff' && unit.kind !== 'vheading' && unit.kind !== 'thematicBreak'
}

function wrap(words: readonly string[], width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}

function join(lines: readonly string[], variation: Variation): string {
  const ends = { lf: '\n', crlf: '\r\n', cr: '\r' }
  let previous = ''
  return lines
    .map((line, index) => {
      const text = `${line}${(variation.trailing ? variation.trailing[index % variation.trailing.length] : null) ?? ''}`
      let end = variation.eol === 'mixed' ? (['\n', '\r\n', '\r'][index % 3] as string) : ends[variation.eol ?? 'lf']
      // A lone CR, then an empty line ended by LF, would read as one CRLF: one line break instead of two.
      if (previous === '\r' && text === '' && end === '\n') end = '\r\n'
      previous = end
      return `${text}${end}`
    })
    .join('')
}
