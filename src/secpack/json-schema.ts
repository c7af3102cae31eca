/**
 * JSON Schemas of `qsb history` and `qsb scan` results, generated from the
 * zod schemas (whose field descriptions are the documentation).
 */
import * as z from 'zod'
import { HistoryEntry, ScanEntry } from './schema.js'

/**
 * The JSON Schema (draft 2020-12) of a history entry (a record or a failure).
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function historyJsonSchema(): Record<string, unknown> {
  return { $id: 'https://qubes-secpack.invalid/history.schema.json', ...z.toJSONSchema(HistoryEntry, { target: 'draft-2020-12' }) }
}

/**
 * The JSON Schema (draft 2020-12) of a scan entry.
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function scanJsonSchema(): Record<string, unknown> {
  return { $id: 'https://qubes-secpack.invalid/scan.schema.json', ...z.toJSONSchema(ScanEntry, { target: 'draft-2020-12' }) }
}
