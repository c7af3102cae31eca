/**
 * Reading the tree's sections: the record's `sections` field, and lookups of
 * sections by role for the field extractors.
 */
import type { Block, Heading, Root, Section as SectionNode } from '../text/index.js'
import { sectionRole, type SectionRole } from '../text/index.js'
import type { Section } from './schema.js'

/** A section of the tree with what the extractors need to know about it. */
export interface SectionView {
  node: SectionNode
  heading: string | null
  role: SectionRole | undefined
  /** Content blocks of the section itself, not of its sub-sections. */
  blocks: Block[]
  depth: number
  /** The enclosing section, if any. */
  parent: SectionNode | undefined
}

const blockTypes = new Set(['paragraph', 'indented', 'quote', 'list', 'release', 'definition', 'changelog', 'thematicBreak'])

function isBlock(node: { type: string }): node is Block {
  return blockTypes.has(node.type)
}

/**
 * Every section of the tree in document order, sub-sections after their
 * parent; blocks before the first heading form a section without heading.
 *
 * @param root
 *   The tree.
 * @returns
 *   Views of the sections.
 */
export function sectionViews(root: Root): SectionView[] {
  const views: SectionView[] = []
  let loose: Block[] = []
  const flush = (): void => {
    if (loose.length === 0) return
    const first = loose[0] as Block
    const last = loose.at(-1) as Block
    const node: SectionNode = { type: 'section', depth: 1, children: loose, position: { start: first.position.start, end: last.position.end } }
    views.push({ node, heading: null, role: undefined, blocks: loose, depth: 1, parent: undefined })
    loose = []
  }
  for (const child of root.children) {
    if (child.type === 'section') {
      flush()
      collect(child, undefined, views)
    } else if (isBlock(child)) {
      loose.push(child)
    }
  }
  flush()
  return views
}

function collect(node: SectionNode, parent: SectionNode | undefined, views: SectionView[]): void {
  const heading = node.children[0]?.type === 'heading' ? (node.children[0] as Heading) : undefined
  const blocks = (node.children as Array<{ type: string }>).filter(isBlock) as Block[]
  views.push({
    node,
    heading: heading ? heading.value : null,
    role: heading ? sectionRole(heading.value) : undefined,
    blocks,
    depth: node.depth,
    parent,
  })
  for (const child of node.children) if (child.type === 'section') collect(child, node, views)
}

/**
 * The record's `sections` tree.
 *
 * @param views
 *   The tree's sections, from {@link sectionViews}.
 * @param value
 *   The text the tree was parsed from (section text is sliced from it).
 * @returns
 *   Record sections.
 */
export function toSections(views: readonly SectionView[], value: string): Section[] {
  const records = new Map<SectionNode, Section>()
  const top: Section[] = []
  for (const view of views) {
    const record = toSection(view, value)
    records.set(view.node, record)
    const parent = view.parent ? records.get(view.parent) : undefined
    if (parent) parent.children.push(record)
    else top.push(record)
  }
  return top
}

function toSection(view: SectionView, value: string): Section {
  const first = view.blocks[0]
  const last = view.blocks.at(-1)
  const text =
    first?.position && last?.position ? value.slice(first.position.start.offset, last.position.end.offset) : ''
  const position = view.node.position ?? first?.position
  const origin = { line: 1, column: 1, offset: 0 }
  return {
    heading: view.heading,
    depth: view.depth,
    text,
    position: position ? { start: pointOf(position.start), end: pointOf(position.end) } : { start: origin, end: origin },
    children: [],
  }
}

function pointOf(point: { line: number; column: number; offset?: number | undefined }): Section['position']['start'] {
  return { line: point.line, column: point.column, offset: point.offset ?? 0 }
}

/**
 * Sections with one of the given roles, in document order.
 *
 * @param views
 *   From {@link sectionViews}.
 * @param roles
 *   Roles wanted.
 * @returns
 *   The matching views.
 */
export function withRole(views: SectionView[], ...roles: SectionRole[]): SectionView[] {
  return views.filter((view) => view.role !== undefined && roles.includes(view.role))
}

/**
 * Plain text of a block, wrapped lines joined by one space.
 *
 * @param block
 *   A content block.
 * @returns
 *   One line of text per paragraph-like unit (list items and entries give one each).
 */
export function blockTexts(block: Block): string[] {
  switch (block.type) {
    case 'list':
      return block.children.map((item) => oneLine(item.value))
    case 'changelog':
      return block.children.map((entry) => oneLine(`${entry.date}: ${entry.value}`))
    case 'thematicBreak':
      return []
    case 'definition':
      return [oneLine(`[${block.label}] ${block.value}`)]
    default:
      return [oneLine(block.value)]
  }
}

/**
 * Collapse whitespace (line breaks included) to single spaces.
 *
 * @param text
 *   Text.
 * @returns
 *   The text on one line, trimmed.
 */
export function oneLine(text: string): string {
  // Tree values are mostly one line already: look before copying.
  return /\s\s|[^\S ]|^\s|\s$/.test(text) ? text.replace(/\s+/g, ' ').trim() : text
}

// A sentence ends at `.`, `;`, `!` or `?` followed by whitespace (`4.1.2-9` does not end one).
const sentencePattern = /(?:[^.;!?]|[.;!?](?!\s))+[.;!?]*/g

/**
 * The sentences of a text, one at a time, each on one line; sentences longer
 * than `max` characters are skipped (no bulletin sentence is that long, and
 * the patterns run on them stay cheap).
 *
 * @param text
 *   Text as written (line breaks allowed).
 * @param max
 *   Longest sentence read.
 * @returns
 *   An iterator: the text is never split or re-joined whole, so huge blocks
 *   cost one pass.
 */
export function* sentencesOf(text: string, max = 600): Generator<string> {
  for (const match of text.matchAll(sentencePattern)) {
    if (match[0].length > max * 2) continue
    const sentence = oneLine(match[0])
    if (sentence.length > 0 && sentence.length <= max) yield sentence
  }
}
