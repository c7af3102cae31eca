/**
 * `parse`: a document in, a record out — the whole flow in one call.
 */
import { VFile } from 'vfile'
import { type QsbRecord, type RecordOptions, toRecord } from '../record/index.js'
import { fromQsb, type ParseOptions, type QsbInput } from '../text/index.js'

/** Options of {@link parse}. */
export interface Options extends ParseOptions, RecordOptions {
  /** Path of the input, for messages and the file-name checks (`qsb-070-2021.txt`). */
  path?: string | null | undefined
}

/**
 * Parse a bulletin or canary into a record.
 *
 * @param input
 *   The document: a string, UTF-8 bytes, or a vfile.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The record. Throws a fatal `VFileMessage` (naming the file, line and
 *   column, with a `ruleId`) when the input is not a usable document.
 *
 * @example
 *   const record = parse(readFileSync('qsb-099-2024.txt'), { path: 'qsb-099-2024.txt' })
 *   record.kind === 'bulletin' && record.patches
 */
export function parse(input: QsbInput, options?: Readonly<Options> | null): QsbRecord {
  const file = input instanceof VFile ? input : new VFile({ value: input })
  if (options?.path) file.path = options.path
  const tree = fromQsb(file, options)
  return toRecord(tree, file, options)
}
