/**
 * `toRecord`: syntax tree in, zod-checked `Bulletin` or `Canary` out. The
 * `qsbRecord` unified plugin only registers it as the compiler.
 */
import type { Plugin } from 'unified'
import type { VFile } from 'vfile'
import {
  type Announcement,
  type Banner,
  type DateLine,
  fail,
  locate,
  note,
  type Position,
  type Root,
  type RuleId,
  type Title,
  warn,
} from '../text/index.js'
import { documentName } from '../names/secpack.js'
import { bulletinFields, collectReferences, type ReferenceNode } from './bulletin.js'
import { canaryFields } from './canary.js'
import { parseDate } from './dates.js'
import { checkLosses } from './losses.js'
import type { Diagnostic, QsbRecord, Source } from './schema.js'
import { sectionViews, toSections } from './sections.js'

declare module 'unified' {
  interface CompileResultMap {
    QsbRecord: QsbRecord
  }
}

/** Options of {@link toRecord}. */
export interface RecordOptions {
  /** The `file` field: the input as given. Defaults to the vfile's path, or null. */
  file?: string | null | undefined
  /**
   * Where the text came from. Defaults to `{ format: 'secpack', fidelity:
   * 'exact', partial: false }` (`lossy` for lossy trees; `partial` when the
   * tree has no banner, only an announcement).
   */
  source?: Readonly<Source> | null | undefined
}


/**
 * Read a record off a tree.
 *
 * @param root
 *   Tree from `fromQsb`.
 * @param file
 *   The vfile the tree was parsed from (its value is sliced for section text;
 *   messages found here are added to it and become `diagnostics`).
 * @param options
 *   Configuration (optional).
 * @returns
 *   The record, shaped as the `QsbRecord` schema says (the test suite holds
 *   every record of the corpus, the fixtures and the property tests to it;
 *   validating here would load zod for every consumer that only parses).
 *   Throws a fatal `VFileMessage` for the unfilled template or a banner
 *   without a number.
 */
export function toRecord(root: Root, file: VFile, options?: Readonly<RecordOptions> | null): QsbRecord {
  const value = String(file.value)
  const banner =
    root.children.find((node): node is Banner => node.type === 'banner') ??
    root.children.find((node): node is Announcement => node.type === 'announcement')
  if (!banner) fail(file, 'Expected a banner, found none', null, 'missing-banner')
  const partial = banner.type === 'announcement'
  if (!/^\d{1,9}$/.test(banner.number)) {
    const template = /^(?:todo|n+|x+|tbd)$/i.test(banner.number)
    fail(
      file,
      template
        ? `Unexpected unfilled template (\`${banner.number}\` where the number goes): not a ${banner.kind}`
        : /^\d+$/.test(banner.number)
          ? `Unexpected number \`${banner.number.slice(0, 20)}\` in the banner: too large for a ${banner.kind}`
          : `Expected a number in the banner, found \`${banner.number}\``,
      banner,
      template ? 'template' : 'invalid-number',
    )
  }
  const views = sectionViews(root)
  const references = collectReferences(root, views)
  const number = Number.parseInt(banner.number, 10)
  const dateNode = root.children.find((node): node is DateLine => node.type === 'date')
  const title = root.children.find((node): node is Title => node.type === 'title')
  const titleText = title ? title.value : banner.type === 'announcement' ? banner.title : null
  const text = value.slice(banner.position.start.offset ?? 0)
  let date: string | null = null
  if (dateNode) {
    date = parseDate(dateNode.value)
    if (!date) message(file, `Unexpected date \`${dateNode.value}\`, expected a calendar date`, dateNode, 'invalid-date')
  }
  const common = (dated: string | null) => ({
    file: options?.file !== undefined ? options.file : (file.path ?? null),
    number,
    date: dated,
    title: titleText,
    sections: toSections(views, value),
    source: options?.source ?? {
      format: 'secpack' as const,
      fidelity: root.data?.lossy ? ('lossy' as const) : ('exact' as const),
      partial,
    },
    diagnostics: [] as Diagnostic[],
  })
  let record: QsbRecord
  if (banner.kind === 'canary') {
    const { date: issued, unread, ...fields } = canaryFields(views, value)
    if (!issued && !partial) message(file, 'Expected statement 1 to give the date of issue', banner, 'missing-date')
    for (const statement of unread) {
      warn(file, `Unexpected statement ${statement.number}: it speaks of \`${statement.field}\` in words not read, so \`${statement.field}\` is null`, statement.position ? { position: statement.position } : banner, 'unread-statement')
    }
    record = { ...common(issued), kind: 'canary', ...fields }
  } else {
    const year = date ? Number(date.slice(0, 4)) : yearOfFileName(file.path)
    const reading = bulletinFields(views, references, text, year)
    record = { ...common(date), kind: 'bulletin', ...reading.fields }
    checkLosses(file, reading.fields, reading.actionViews, views, reading.emptyReleases, banner.position.start.offset ?? 0)
  }
  if (banner.type === 'announcement') {
    const what = banner.action === 'updated' ? 'an update announcement that quotes only what changed' : 'a repost that names it without its whole text'
    warn(file, `Partial ${banner.kind} ${number}: ${what}; what it does not carry is empty in the record`, banner, 'partial')
  }
  checkCitations(references, file)
  checkFileName(record, file, banner, dateNode ?? banner)
  record.diagnostics = diagnostics(file)
  return record
}

/** Warn about `[n]` citations with no `[n]` reference, and references never cited. */
function checkCitations(references: ReferenceNode[], file: VFile): void {
  const value = String(file.value)
  const defined = new Map<string, ReferenceNode>()
  for (const reference of references) {
    if (defined.has(reference.label)) {
      warn(file, `Unexpected second reference \`[${reference.label}]\``, reference, 'duplicate-reference')
    } else defined.set(reference.label, reference)
  }
  const definitionStarts = new Set(references.map((reference) => reference.position.start.offset))
  const cited = new Set<string>()
  const locator = locate(file)
  const unresolved = new Set<string>()
  for (const match of value.matchAll(/\[(\d{1,3})\]/g)) {
    const offset = match.index ?? 0
    if (definitionStarts.has(offset)) continue
    const label = match[1] as string
    cited.add(label)
    if (!defined.has(label) && !unresolved.has(label)) {
      unresolved.add(label)
      const place = locator.span(offset, offset + match[0].length)
      warn(file, `Unexpected citation \`[${label}]\` with no reference \`[${label}]\``, place, 'unresolved-citation')
    }
  }
  for (const [label, definition] of defined) {
    if (!cited.has(label)) {
      note(file, `Reference \`[${label}]\` is never cited`, definition, 'unused-reference')
    }
  }
}

/** Compare the number and year in a secpack file name with the document's. */
function checkFileName(record: QsbRecord, file: VFile, banner: Banner | Announcement, dated: { position: Position }): void {
  const named = file.path ? documentName(file.path) : null
  if (!named) return
  if (named.kind !== record.kind) {
    message(file, `Unexpected ${record.kind} in a file named as a ${named.kind}`, banner, 'file-name-kind')
  }
  if (named.number !== record.number) {
    message(file, `Unexpected number ${record.number}, the file name says ${named.number}`, banner, 'file-name-number')
  }
  if (record.date && Number(record.date.slice(0, 4)) !== named.year) {
    message(file, `Unexpected date ${record.date}: the file name's year is ${named.year}`, dated, 'date-year-mismatch')
  }
}

function yearOfFileName(path: string | undefined): number | null {
  return (path ? documentName(path)?.year : undefined) ?? null
}

function message(file: VFile, reason: string, node: { position: Position }, ruleId: RuleId): void {
  warn(file, reason, node, ruleId)
}

/**
 * The file's messages as record diagnostics, in document order.
 *
 * @param file
 *   A vfile.
 * @returns
 *   Diagnostics.
 */
export function diagnostics(file: VFile): Diagnostic[] {
  return file.messages
    .map((entry) => {
      const place = entry.place
      const start = place && 'start' in place ? place.start : place
      const end = place && 'end' in place ? place.end : undefined
      return {
        severity: entry.fatal === true ? 'error' : entry.fatal === false ? 'warning' : 'info',
        message: entry.reason,
        ruleId: entry.ruleId ?? null,
        line: start?.line ?? null,
        column: start?.column ?? null,
        endLine: end?.line ?? null,
        endColumn: end?.column ?? null,
      } satisfies Diagnostic
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}

/**
 * unified plugin: use {@link toRecord} as the compiler, so `file.result` is the record.
 */
export const qsbRecord: Plugin<[(Readonly<RecordOptions> | null | undefined)?], Root, QsbRecord> = function (options) {
  this.compiler = (tree, file) => toRecord(tree as Root, file, options)
}

