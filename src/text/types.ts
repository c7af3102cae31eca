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

/**
 * Where a repost lost the banner or never had one, the line that names the
 * document instead: a title line (`Qubes Security Bulletin #27: Xen bugs (XSA
 * 195)`, `QSB-080: …`, `Qubes Canary #10`), a front-matter title, or the
 * sentence announcing it (`We have just updated Qubes Security Bulletin (QSB)
 * #37: …`). Only a lossy reading looks for one, and only when there is no banner.
 */
export interface Announcement extends Literal {
  type: 'announcement'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  kind: DocumentKind
  /** The number as written (`27`, `080`). */
  number: string
  /** What the announcement says happened: `published`, `updated`, or null for a bare title. */
  action: 'published' | 'updated' | null
  /** The title it gives after the number, or null. */
  title: string | null
  /** The announcing text, wrapped lines joined by one space. */
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

/**
 * A heading, underlined, or recognised by name without underline. Its depth
 * comes from the underline's style (`=` above `-`); the style itself and the
 * underline's length are layout, seen only in `position`.
 */
export interface Heading extends Literal {
  type: 'heading'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  depth: number
  /** Whether the heading is underlined (false: recognised by name, or recovered). */
  underlined: boolean
  value: string
  data?: HeadingData | undefined
}

/** Facts about a heading. */
export interface HeadingData extends Data {
  /** The heading line was lost in transit and put back from the text under it. */
  recovered?: boolean
}

/**
 * Consecutive lines of prose. `value` is the prose with line breaks and runs
 * of whitespace as one space: where the lines were wrapped is layout.
 */
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

/** A list of items (its indentation is layout, seen only in `position`). */
export interface List extends Parent {
  type: 'list'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  ordered: boolean
  children: ListItem[]
}

/** One list item with its continuation lines, joined by one space (runs of whitespace as one). */
export interface ListItem extends Literal {
  type: 'listItem'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  /** The number or letter of an ordered item with its `.`/`)` (`1.`, `(a)`); null for a bullet (`-`, `*`, `+`, `•` are layout). */
  marker: string | null
  /** The number of an ordered item (`1.` gives 1), else null. */
  number: number | null
  value: string
}

/**
 * A release line, `For Qubes 4.1, in dom0:`, that opens the package list of
 * the releases it names. It is a block of its own wherever it stands.
 */
export interface Release extends Literal {
  type: 'release'
  /** Where the node is in the text (required: the grammar always sets it). */
  position: Position
  /** The releases as written (`4.1`, `R3.0`). */
  releases: string[]
  /** What the line says between the releases and the colon, its leading comma removed (`in dom0 (no GUI domain)`), or null. */
  scope: string | null
  /** What follows the colon on the same line (`not affected`), or null. */
  note: string | null
  /** The line, runs of whitespace as one space. */
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
  announcement: Announcement
  date: DateLine
  title: Title
  section: Section
  signoff: Signoff
  paragraph: Paragraph
  indented: Indented
  quote: Quote
  list: List
  release: Release
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
  release: Release
  definition: Definition
  changelog: Changelog
  thematicBreak: ThematicBreak
  section: Section
}

export type RootContent = RootContentMap[keyof RootContentMap]
export type SectionContent = SectionContentMap[keyof SectionContentMap]
/** Block-level content (what a section holds besides its heading and sub-sections). */
export type Block = Paragraph | Indented | Quote | List | Release | Definition | Changelog | ThematicBreak
/** Any node of the tree. */
export type QsbNode = Root | RootContent | SectionContent | ListItem | ChangelogEntry
