/**
 * Node types of the QSB syntax tree, declared the way `@types/mdast` declares
 * Markdown's: one interface per node, a content map others can extend.
 *
 * Every node carries a unist `position` (1-based line and column, 0-based
 * offset into the string that was parsed): the types require it.
 */
import type { Literal, Node, Parent, Position } from 'unist'

export type { Point, Position } from 'unist'

/** What kind of document a banner announces. */
export type DocumentKind = 'bulletin' | 'canary'

/** Underline characters, from the upper level down. */
export type UnderlineMarker = '=' | '-' | '~' | '^' | '+'

/** Data a node may carry; empty by default, extensible like mdast's. */
export interface Data {}

/** The root of a parsed bulletin or canary. */
export interface Root extends Parent {
  type: 'root'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  children: RootContent[]
  data?: RootData | undefined
}

/** Facts the grammar found about the document as a whole. */
export interface RootData extends Data {
  /** Underline markers in use, upper level first; depth = index + 1. */
  markers?: UnderlineMarker[]
  /** Whether the grammar was told the text was damaged in transit. */
  lossy?: boolean
}

/** `---===[ Qubes Security Bulletin #32 ]===---` or `… Canary 025 …`. */
export interface Banner extends Literal {
  type: 'banner'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  kind: DocumentKind
  /** The number as written (`32`, `070`), or a placeholder such as `TODO`. */
  number: string
  value: string
}

/** The date line under the banner, as written (`May 12, 2011`, `2024-01-30`). */
export interface DateLine extends Literal {
  type: 'date'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  value: string
}

/** The centred title, possibly over several lines (`value` joins them). */
export interface Title extends Literal {
  type: 'title'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  value: string
  /** The lines as written, each trimmed. */
  lines: string[]
}

/** A section: its heading followed by content and sub-sections. */
export interface Section extends Parent {
  type: 'section'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  depth: number
  children: [Heading, ...SectionContent[]] | SectionContent[]
}

/** A heading, underlined with `marker`, or recognised without underline (`marker: null`). */
export interface Heading extends Literal {
  type: 'heading'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  depth: number
  marker: UnderlineMarker | null
  value: string
  data?: HeadingData | undefined
}

/** Facts about a heading. */
export interface HeadingData extends Data {
  /** The heading line was lost in transit and put back from the text under it. */
  recovered?: boolean
}

/** Consecutive lines of prose. `value` keeps line breaks, each line trimmed. */
export interface Paragraph extends Literal {
  type: 'paragraph'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  value: string
}

/** Lines indented by two or more columns (package lists, commands, code). */
export interface Indented extends Literal {
  type: 'indented'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  /** Smallest indentation of the block, in columns. */
  indent: number
  /** The lines with that common indentation removed. */
  value: string
}

/** Quoted advisory text (`| …`); `value` holds the lines without markers. */
export interface Quote extends Literal {
  type: 'quote'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  value: string
}

/** A list of items. */
export interface List extends Parent {
  type: 'list'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  ordered: boolean
  /** Indentation of the markers, in columns. */
  indent: number
  children: ListItem[]
}

/** One list item with its continuation lines; `value` joins them with `\n`. */
export interface ListItem extends Literal {
  type: 'listItem'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  /** `-`, `*`, `+`, `•`, or the number/letter with its `.`/`)`. */
  marker: string
  /** The number of an ordered item (`1.` gives 1), else null. */
  number: number | null
  value: string
}

/** A numbered reference, `[1] https://…`, with continuation lines. */
export interface Definition extends Literal {
  type: 'definition'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  label: string
  /** The first URL in the reference, if any. */
  url: string | null
  value: string
}

/** A group of dated changelog entries (`2018-01-11: Original QSB published`). */
export interface Changelog extends Parent {
  type: 'changelog'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  children: ChangelogEntry[]
}

/** One changelog entry; `date` as written, `value` its text with continuations joined. */
export interface ChangelogEntry extends Literal {
  type: 'changelogEntry'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  date: string
  value: string
}

/** A separator line such as `***`. */
export interface ThematicBreak extends Node {
  type: 'thematicBreak'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
}

/** The `--` sign-off and the lines under it. */
export interface Signoff extends Literal {
  type: 'signoff'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  value: string
}

/** Content allowed at the top level of the root, registered by type. */
export interface RootContentMap {
  banner: Banner
  date: DateLine
  title: Title
  section: Section
  signoff: Signoff
  paragraph: Paragraph
  indented: Indented
  quote: Quote
  list: List
  definition: Definition
  changelog: Changelog
  thematicBreak: ThematicBreak
}

/** Content allowed in sections, registered by type. */
export interface SectionContentMap {
  heading: Heading
  paragraph: Paragraph
  indented: Indented
  quote: Quote
  list: List
  definition: Definition
  changelog: Changelog
  thematicBreak: ThematicBreak
  section: Section
}

export type RootContent = RootContentMap[keyof RootContentMap]
export type SectionContent = SectionContentMap[keyof SectionContentMap]
/** Block-level content (what a section holds besides its heading and sub-sections). */
export type Block = Paragraph | Indented | Quote | List | Definition | Changelog | ThematicBreak
/** Any node of the tree. */
export type QsbNode = Root | RootContent | SectionContent | ListItem | ChangelogEntry
