/**
 * `qsb parse FILE…|-`: records for bulletins and canaries.
 */
import { readDocuments } from '../../read/index.js'
import type { QsbRecord } from '../../record/index.js'
import { type EntryError, entryError } from '../../secpack/index.js'
import type { Format } from '../../sources/index.js'
import { readInput } from '../inputs.js'
import { type Paint, paintFor } from '../colour.js'
import { splitError } from '../errors.js'
import { exitStatus } from '../exit.js'
import { clip, type Io, missing, type OutputMode, printJson, safe, table } from '../output.js'

/** A record, or the error that took its place. */
export type ParseResult = QsbRecord | { file: string; error: EntryError }

/**
 * Parse each input; a bad one gets an error record and the batch goes on.
 *
 * @param files
 *   Paths, `-` for standard input.
 * @param io
 *   Where to read standard input from.
 * @param format
 *   The container, when forced (`--format`); detected from the bytes otherwise.
 * @returns
 *   One result per document (a mailbox may hold several), in input order.
 */
export async function parseInputs(files: readonly string[], io: Io, format?: Format): Promise<ParseResult[]> {
  const results: ParseResult[] = []
  for (const name of files) {
    const input = await readInput(name, io)
    if ('error' in input) {
      results.push({ file: name, error: { message: input.error, ruleId: input.ruleId ?? 'unreadable', line: null, column: null } })
      continue
    }
    try {
      const failed: ParseResult[] = []
      const documents = await readDocuments(input.bytes, {
        path: name === '-' ? null : name,
        file: name,
        format: format ?? null,
        // A container may hold an unusable document beside good ones: report it, keep the others.
        onError: (error) => failed.push({ file: name, error: entryError(name, error, 'internal') }),
      })
      for (const { record } of documents) results.push(record)
      results.push(...failed)
    } catch (error) {
      results.push({ file: name, error: entryError(name, error, 'internal') })
    }
  }
  return results
}

/**
 * Run `qsb parse`.
 *
 * @param files
 *   Inputs.
 * @param mode
 *   Output mode.
 * @param io
 *   Where to write.
 * @param format
 *   The container, when forced.
 * @returns
 *   Exit code: 0 all parsed, 1 some failed.
 */
export async function runParse(files: readonly string[], mode: OutputMode, io: Io, format?: Format): Promise<number> {
  const results = await parseInputs(files, io, format)
  if (mode === 'table') io.stdout(parseTable(results, paintFor(io)))
  else printJson(io, mode, results)
  for (const result of results) {
    if ('error' in result) io.stderr(`qsb parse: ${safe(result.error.message)}\n`)
  }
  return results.some((result) => 'error' in result) ? exitStatus.failed : exitStatus.ok
}

function parseTable(results: readonly ParseResult[], paint: Paint): string {
  const rows = results.map((result) => {
    if ('error' in result) return [safe(result.file), 'error', '', '', clip(safe(splitError(result.error, result.file).reason), 90)]
    const detail =
      result.kind === 'bulletin'
        ? [result.xsas.length > 0 ? `XSA ${result.xsas.join(', ')}` : '', result.cves.length > 0 ? result.cves.join(', ') : ''].filter(Boolean).join('; ')
        : result.bulletinCount === null
          ? ''
          : `${result.bulletinCount} QSBs`
    const title = result.title ?? (result.kind === 'canary' ? 'Qubes Canary' : missing)
    // A repost that carries only part of the document says so where a reader looks: next to its title.
    const lossy = result.source.partial ? ' (partial)' : result.source.fidelity === 'lossy' ? ' (lossy)' : ''
    return [
      safe(result.file ?? '-'),
      result.kind,
      String(result.number).padStart(3, '0'),
      result.date ?? missing,
      clip(safe(title + lossy), 70),
      clip(safe(detail), 60),
    ]
  })
  const colour = (cell: string, row: number, column: number): string =>
    row === -1 ? paint.strong(cell) : column === 1 && cell === 'error' ? paint.bad(cell) : cell
  return table(['FILE', 'KIND', 'NO.', 'DATE', 'TITLE', 'DETAILS'], rows, colour)
}
