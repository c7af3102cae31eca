/**
 * `qsb history DIR [FILE…]`: every commit that changed a document or its
 * signatures, with the state of the signatures at that commit.
 */
import { type HistoryEntry, history } from '../../secpack/index.js'
import { type KeyOptions, verifierFor } from '../keys.js'
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
  const verify = await verifierFor(dir, options, io)
  const entries: HistoryEntry[] = []
  let failed = false
  try {
    for await (const entry of history(dir, { files: files.length > 0 ? files : null, verify })) {
      if ('error' in entry) {
        failed = true
        io.stderr(`qsb history: ${safe(entry.error.message)}\n`)
      }
      if (options.mode === 'ndjson') printJson(io, 'ndjson', [entry])
      else entries.push(entry)
    }
  } catch (error) {
    io.stderr(`qsb history: ${safe((error as Error).message)}\n`)
    return 1
  }
  if (options.mode === 'json') printJson(io, 'json', entries)
  if (options.mode === 'table') {
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
    io.stdout(table(['FILE', 'COMMIT', 'DATE', 'STATE', 'SIGNATURES', 'SUBJECT'], rows))
  }
  return failed ? 1 : 0
}
