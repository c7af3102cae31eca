/**
 * The `record/` room: fields read off a syntax tree. Reads trees only; the
 * zod schemas of the records are in `schema.ts` and `json-schema.ts`, which
 * this index exports as types only, so that reading a record never loads zod.
 */
export { diagnostics, qsbRecord, toRecord, type RecordOptions } from './to-record.js'
export { findCves, findXsas } from './advisories.js'
export { parseDate, parseMonth } from './dates.js'
export { normaliseRelease } from './patches.js'
export type {
  Bulletin,
  Canary,
  ChangelogEntry,
  Diagnostic,
  NextCanary,
  Package,
  Patch,
  Point,
  Position,
  QsbRecord,
  Reference,
  Section,
  Source,
  Statement,
} from './types.js'
