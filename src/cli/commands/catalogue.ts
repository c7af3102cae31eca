/**
 * `qsb index DIR` and `qsb export --format osv DIR OUT`: what the secpack's
 * bulletins say, as the website's XSA tracker and as OSV records. Each
 * bulletin is verified first; one that is not authentic is left out (with a
 * warning and exit status 1) unless `--unverified` asks for it on purpose.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { indexCheckout, osvCheckout, SecpackError } from '../../secpack/index.js'
import { paintFor } from '../colour.js'
import { exitStatus } from '../exit.js'
import { type KeyOptions, verifierFor } from '../keys.js'
import { startProgress } from '../progress.js'
import { type Io, type OutputMode, printJson, safe, table } from '../output.js'

/** Options of `qsb index` and `qsb export`. */
export interface CatalogueCommandOptions extends KeyOptions {
  /** `--unverified`: keep bulletins that are not authentic. */
  unverified: boolean
}

/**
 * Run `qsb index`: the XSA tracker (table), or the whole index (`--json`).
 *
 * @returns
 *   Exit status: 0, or 1 when some bulletin could not be read or was left out as not authentic.
 */
export async function runIndex(dir: string, options: CatalogueCommandOptions & { mode: OutputMode }, io: Io): Promise<number> {
  let found
  const verify = await verifierFor(dir, options, io, 'index')
  const progress = await startProgress(io, `reading the bulletins of ${safe(dir)}`)
  try {
    found = await indexCheckout(dir, { verify, unverified: options.unverified })
  } catch (error) {
    io.stderr(`qsb index: ${safe((error as Error).message)}\n`)
    return error instanceof SecpackError ? exitStatus.usage : exitStatus.failed
  } finally {
    progress.done()
  }
  for (const failure of found.failures) io.stderr(`qsb index: ${safe(failure.error.message)}\n`)
  for (const refused of found.refused) io.stderr(`qsb index: left out ${safe(refused.file)}: ${safe(refused.reason)} (--unverified keeps it)\n`)
  for (const file of found.unverified) io.stderr(`qsb index: warning: ${safe(file)} is not authentic, and is kept (--unverified)\n`)
  const { index } = found
  if (options.mode !== 'table') {
    printJson(io, options.mode, options.mode === 'json' ? [index] : index.xsas)
  } else {
    const unverified = new Set(found.unverified)
    const qsb = (bulletin: { number: number; file: string | null }): string =>
      `QSB-${String(bulletin.number).padStart(3, '0')}${bulletin.file && unverified.has(bulletin.file) ? ' (UNVERIFIED)' : ''}`
    const rows = index.xsas.map((entry) => [`XSA-${entry.xsa}`, entry.covered.map(qsb).join(' '), entry.mentioned.map(qsb).join(' ')])
    io.stdout(table(['XSA', 'COVERED BY', 'ALSO MENTIONED IN'], rows, (cell, row) => (row === -1 ? paintFor(io).strong(cell) : cell)))
  }
  return found.failures.length > 0 || found.refused.length > 0 ? exitStatus.failed : exitStatus.ok
}

/**
 * Run `qsb export --format osv`: one OSV record per bulletin, written to `out`
 * as `x_QSB-NNN.json`. Two files with the same number are not both written:
 * the second is refused (the first by path is kept).
 *
 * @returns
 *   Exit status: 0, or 1 when some bulletin could not be read, was left out, or could not be written.
 */
export async function runExport(dir: string, out: string, options: CatalogueCommandOptions, io: Io): Promise<number> {
  let found
  const verify = await verifierFor(dir, options, io, 'export')
  const progress = await startProgress(io, `reading the bulletins of ${safe(dir)}`)
  try {
    found = await osvCheckout(dir, { verify, unverified: options.unverified })
  } catch (error) {
    io.stderr(`qsb export: ${safe((error as Error).message)}\n`)
    return error instanceof SecpackError ? exitStatus.usage : exitStatus.failed
  } finally {
    progress.done()
  }
  let failed = found.failures.length > 0 || found.refused.length > 0
  for (const failure of found.failures) io.stderr(`qsb export: ${safe(failure.error.message)}\n`)
  for (const refused of found.refused) io.stderr(`qsb export: left out ${safe(refused.file)}: ${safe(refused.reason)} (--unverified exports it)\n`)
  for (const file of found.undated) {
    io.stderr(`qsb export: warning: ${safe(file)}: a shallow clone cut its history, so \`modified\` is its changelog's date (run \`git fetch --unshallow\`)\n`)
  }
  await mkdir(out, { recursive: true })
  const written = new Map<string, string>()
  for (const { file, record } of found.records) {
    const first = written.get(record.id)
    if (first !== undefined) {
      failed = true
      io.stderr(`qsb export: not written: ${safe(file)} has the same number as ${safe(first)} (${record.id}); only one of them can be ${record.id}.json\n`)
      continue
    }
    if (record.database_specific.authentic === false) io.stderr(`qsb export: warning: ${safe(file)} is not authentic, and is exported (--unverified)\n`)
    const path = join(out, `${record.id}.json`)
    try {
      await writeFile(path, `${JSON.stringify(record, null, 2)}\n`)
      written.set(record.id, file)
    } catch (error) {
      failed = true
      io.stderr(`qsb export: cannot write ${safe(path)}: ${safe((error as Error).message)}\n`)
    }
  }
  io.stdout(`wrote ${written.size} OSV records to ${safe(out)}${found.fromHistory ? ' (modified dates from the git history)' : ''}\n`)
  return failed ? exitStatus.failed : exitStatus.ok
}
