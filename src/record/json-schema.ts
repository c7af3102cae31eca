/**
 * JSON Schemas of the records, generated from the zod schemas (so the field
 * descriptions there are the documentation). Shipped in `docs/`.
 */
import * as z from 'zod'
import { QsbRecord } from './schema.js'

/**
 * The JSON Schema (draft 2020-12) of a parse record (`Bulletin` or `Canary`).
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function recordJsonSchema(): Record<string, unknown> {
  return { $id: 'https://qubes-secpack.invalid/record.schema.json', ...z.toJSONSchema(QsbRecord, { target: 'draft-2020-12' }) }
}
