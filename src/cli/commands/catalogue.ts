/**
 * `qsb index DIR` and `qsb export --format osv DIR OUT`: what the secpack's
 * bulletins say, as the website's XSA tracker and as OSV records.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { indexCheckout, osvCheckout, SecpackError } from '../../secpack/index.js'
import { paintFor } from '../colour.js'
import { exitStatus } from '../exit.js'
import { startProgress } from '../progress.js'
import { type Io, type OutputMode, printJson, safe, table } from '../output.js'

/**
 * Run `qsb index`: the XSA tracker (table), or the whole index (`--json`).
 *
 * @returns
 *   Exit status: 0, or 1 when some bulletin could not be read.
 */
export async function runIndex(dir: string, mode: OutputMode, io: Io): Promise<number> {
  let found
  const progress = await startProgress(io, `reading the bulletins of ${safe(dir)}`)
  try {
    found = await indexCheckout(dir)
  } catch (error) {
    io.stderr(`qsb index: ${safe((error as Error).message)}\n`)
    return error instanceof SecpackError ? exitStatus.usage : exitStatus.failed
  } finally {
    progress.done()
  }
  for (const failure of found.failures) io.stderr(`qsb index: ${safe(failure.error.message)}\n`)
  const { index } = found
  if (mode !== 'table') {
    printJson(io, mode, mode === 'json' ? [index] : index.xsas)
  } else {
    const qsb = (number: number): string => `QSB-${String(number).padStart(3, '0')}`
    const rows = index.xsas.map((entry) => [
      `XSA-${entry.xsa}`,
      entry.covered.map((bulletin) => qsb(bulletin.number)).join(' '),
      entry.mentioned.map((bulletin) => qsb(bulletin.number)).join(' '),
    ])
    io.stdout(table(['XSA', 'COVERED BY', 'ALSO MENTIONED IN'], rows, (cell, row) => (row === -1 ? paintFor(io).strong(cell) : cell)))
  }
  return found.failures.length > 0 ? exitStatus.failed : exitStatus.ok
}

/**
 * Run `qsb export --format osv`: one OSV record per bulletin, written to `out`
 * as `x_QSB-NNN.json`.
 *
 * @returns
 *   Exit status: 0, or 1 when some bulletin could not be read or written.
 */
export async function runExport(dir: string, out: string, io: Io): Promise<number> {
  let found
  const progress = await startProgress(io, `reading the bulletins of ${safe(dir)}`)
  try {
    found = await osvCheckout(dir)
  } catch (error) {
    io.stderr(`qsb export: ${safe((error as Error).message)}\n`)
    return error instanceof SecpackError ? exitStatus.usage : exitStatus.failed
  } finally {
    progress.done()
  }
  let failed = found.failures.length > 0
  for (const failure of found.failures) io.stderr(`qsb export: ${safe(failure.error.message)}\n`)
  await mkdir(out, { recursive: true })
  for (const { record } of found.records) {
    const path = join(out, `${record.id}.json`)
    try {
      await writeFile(path, `${JSON.stringify(record, null, 2)}\n`)
    } catch (error) {
      failed = true
      io.stderr(`qsb export: cannot write ${safe(path)}: ${safe((error as Error).message)}\n`)
    }
  }
  io.stdout(`wrote ${found.records.length} OSV records to ${safe(out)}${found.fromHistory ? ' (modified dates from the git history)' : ''}\n`)
  return failed ? exitStatus.failed : exitStatus.ok
}
