/**
 * JSON Schemas of the secpack commands' results (`qsb history`, `scan`,
 * `tags`, `keys`, `digest`) and of the accept file, generated from the zod
 * schemas (whose field descriptions are the documentation).
 */
import * as z from 'zod'
import { AcceptList, CheckoutRecord, IsoMatch, KeyRecord, TagRecord } from './checkout-schema.js'
import { HistoryEntry, ScanEntry } from './schema.js'

/** One line of `qsb scan --ndjson`: a file's entry, or the closing checkout record. */
export const ScanOutput = z.union([ScanEntry, CheckoutRecord]).meta({ id: 'ScanOutput', description: 'One line of `qsb scan --ndjson`.' })

/** One line of `qsb tags --ndjson`: a tag's record, or the closing checkout record. */
export const TagsOutput = z.union([TagRecord, CheckoutRecord]).meta({ id: 'TagsOutput', description: 'One line of `qsb tags --ndjson`.' })

function schema(name: string, type: z.ZodType): Record<string, unknown> {
  return { $id: `https://qubes-secpack.invalid/${name}.schema.json`, ...z.toJSONSchema(type, { target: 'draft-2020-12' }) }
}

/**
 * The JSON Schema (draft 2020-12) of a history entry (a record or a failure).
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function historyJsonSchema(): Record<string, unknown> {
  return schema('history', HistoryEntry)
}

/**
 * The JSON Schema (draft 2020-12) of what `qsb scan` prints: a scan entry per
 * file, then one checkout record.
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function scanJsonSchema(): Record<string, unknown> {
  return schema('scan', ScanOutput)
}

/**
 * The JSON Schema (draft 2020-12) of what `qsb tags` prints: a tag record per
 * tag, then one checkout record.
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function tagsJsonSchema(): Record<string, unknown> {
  return schema('tags', TagsOutput)
}

/**
 * The JSON Schema (draft 2020-12) of a key record (`qsb keys`).
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function keysJsonSchema(): Record<string, unknown> {
  return schema('keys', KeyRecord)
}

/**
 * The JSON Schema (draft 2020-12) of what `qsb digest` says about one file.
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function digestJsonSchema(): Record<string, unknown> {
  return schema('digest', IsoMatch)
}

/**
 * The JSON Schema (draft 2020-12) of an accept file (`--accept FILE`).
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function acceptJsonSchema(): Record<string, unknown> {
  return schema('accept', AcceptList)
}
