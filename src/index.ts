/**
 * qubes-secpack: Qubes Security Bulletins and canaries as typed records, and
 * OpenPGP verification against the pinned Qubes Master Signing Key.
 *
 * This module only re-exports; each room holds its own logic.
 */
export { fromQsb, qsbParse, toFile, type ParseOptions, type QsbInput } from './text/parse.js'
export { tokenize, type Token, type TokenKind } from './text/tokenize.js'
export { buildTree, type GrammarOptions } from './text/grammar.js'
export { prettifyMessage, severityOf } from './text/prettify.js'
export { sectionRole, headingKey, type SectionRole } from './text/vocabulary.js'
export type * from './text/types.js'

export { parse, type Options } from './record/parse.js'
export { readDocuments, type ReadDocument, type ReadOptions } from './record/read.js'
export { recordJsonSchema } from './record/json-schema.js'
export { toRecord, qsbRecord, diagnostics, type RecordOptions } from './record/to-record.js'
export { findXsas, findCves } from './record/advisories.js'
export { parseDate } from './record/dates.js'
export {
  Bulletin,
  Canary,
  QsbRecord,
  Section as SectionRecord,
  Patch,
  Package,
  ChangelogEntry as ChangelogEntryRecord,
  Reference,
  Statement,
  NextCanary,
  Source,
  Diagnostic,
  Point as PointRecord,
  Position as PositionRecord,
} from './record/schema.js'

export * from './verify/index.js'
export * from './sources/index.js'
export * from './secpack/index.js'
