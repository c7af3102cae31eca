/**
 * `qsb history DIR [FILE…]`: every commit that changed a document or its
 * signatures, with the state of the signatures at that commit.
 */
import { type HistoryEntry, history, SecpackError } from '../../secpack/index.js'
import { paintFor } from '../colour.js'
import { exitStatus } from '../exit.js'
import { type KeyOptions, verifierFor } from '../keys.js'
import { startProgress } from '../progress.js'
import { clip, type Io, type OutputMode, printJson, safe, table } from '../output.js'

/**
 * Run `qsb history`.
 *
 * @param dir
 *   The checkout (a git clone).
 * @param files
 *   Documents to follow (default: all).
 * @param options
 *   Keys and output mode.
 * @param io
 *   Where to write.
 * @returns
 *   Exit status: 0 when every document's history was read, 1 when some failed
 *   or `dir` is not a git checkout.
 */
export async function runHistory(dir: string, files: readonly string[], options: KeyOptions & { mode: OutputMode }, io: Io): Promise<number> {
  const verify = await verifierFor(dir, options, io, 'history')
  const entries: HistoryEntry[] = []
  let failed = false
  const progress = await startProgress(io, `reading the history of ${safe(dir)}`)
  let count = 0
  try {
    for await (const entry of history(dir, { files: files.length > 0 ? files : null, verify })) {
      count++
      progress.update(`history: ${count} record${count === 1 ? '' : 's'}, now ${clip(safe(entry.file), 40)}`)
      if ('error' in entry) {
        failed = true
        io.stderr(`qsb history: ${safe(entry.error.message)}\n`)
      }
      if (options.mode === 'ndjson') printJson(io, 'ndjson', [entry])
      else entries.push(entry)
    }
  } catch (error) {
    progress.done()
    io.stderr(`qsb history: ${safe((error as Error).message)}\n`)
    return error instanceof SecpackError ? exitStatus.usage : exitStatus.failed
  }
  progress.done()
  if (options.mode === 'json') printJson(io, 'json', entries)
  if (options.mode === 'table') {
    const paint = paintFor(io)
    const tones = { signed: paint.good, stale: paint.bad, unsigned: paint.warn, removed: paint.dim }
    const rows = entries.flatMap((entry) =>
      'error' in entry
        ? []
        : [
            [
              safe(entry.file),
              entry.commit.slice(0, 12),
              entry.date.slice(0, 10),
              entry.state,
              safe(entry.signatures.map((signature) => `${signature.signer ?? '?'}:${signature.status}`).join(' ')),
              clip(safe(entry.subject), 50),
            ],
          ],
    )
    const colour = (cell: string, row: number, column: number): string =>
      row === -1 ? paint.strong(cell) : column === 3 ? (tones[cell as keyof typeof tones] ?? ((text: string) => text))(cell) : cell
    io.stdout(table(['FILE', 'COMMIT', 'DATE', 'STATE', 'SIGNATURES', 'SUBJECT'], rows, colour))
  }
  return failed ? exitStatus.failed : exitStatus.ok
}
