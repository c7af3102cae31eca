/**
 * `qsb index DIR` and `qsb export --format osv DIR OUT`: what the secpack's
 * bulletins say, as the website's XSA tracker and as OSV records.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Bulletin } from '../../record/schema.js'
import { history } from '../../secpack/history.js'
import { buildIndex } from '../../secpack/indexes.js'
import { osvId, toOsv } from '../../secpack/osv.js'
import { scanCheckout } from '../../secpack/scan.js'
import { type Io, type OutputMode, printJson, safe, table } from '../output.js'

/** The bulletins of a checkout (parsed, not verified), and the files that failed. */
async function bulletinsOf(dir: string, io: Io): Promise<{ bulletins: Array<{ file: string; bulletin: Bulletin }>; failed: boolean }> {
  const bulletins: Array<{ file: string; bulletin: Bulletin }> = []
  let failed = false
  for await (const entry of scanCheckout(dir)) {
    if (entry.kind !== 'bulletin') continue
    if (entry.error) {
      failed = true
      io.stderr(`qsb: ${safe(entry.error.message)}\n`)
    } else if (entry.record?.kind === 'bulletin') bulletins.push({ file: entry.file, bulletin: entry.record })
  }
  return { bulletins, failed }
}

/**
 * Run `qsb index`: the XSA tracker (table), or the whole index (`--json`).
 *
 * @returns
 *   Exit status: 0, or 1 when some bulletin could not be read.
 */
export async function runIndex(dir: string, mode: OutputMode, io: Io): Promise<number> {
  let read
  try {
    read = await bulletinsOf(dir, io)
  } catch (error) {
    io.stderr(`qsb index: ${safe((error as Error).message)}\n`)
    return 1
  }
  const index = buildIndex(read.bulletins.map(({ bulletin }) => bulletin))
  if (mode !== 'table') {
    printJson(io, mode, mode === 'json' ? [index] : index.xsas)
  } else {
    const qsb = (number: number): string => `QSB-${String(number).padStart(3, '0')}`
    const rows = index.xsas.map((entry) => [
      `XSA-${entry.xsa}`,
      entry.covered.map((bulletin) => qsb(bulletin.number)).join(' '),
      entry.mentioned.map((bulletin) => qsb(bulletin.number)).join(' '),
    ])
    io.stdout(table(['XSA', 'COVERED BY', 'ALSO MENTIONED IN'], rows))
  }
  return read.failed ? 1 : 0
}

/**
 * Run `qsb export --format osv`: one OSV record per bulletin, written to `out`.
 * `modified` comes from the git history when `dir` is a checkout (the last
 * commit that changed the bulletin), else from its changelog.
 *
 * @returns
 *   Exit status: 0, or 1 when some bulletin could not be read or written.
 */
export async function runExport(dir: string, out: string, io: Io): Promise<number> {
  let read
  try {
    read = await bulletinsOf(dir, io)
  } catch (error) {
    io.stderr(`qsb export: ${safe((error as Error).message)}\n`)
    return 1
  }
  const modified = await lastChanges(dir, read.bulletins.map(({ file }) => file))
  await mkdir(out, { recursive: true })
  let failed = read.failed
  for (const { file, bulletin } of read.bulletins) {
    const record = toOsv(bulletin, {
      modified: modified.get(file) ?? null,
      url: `https://github.com/QubesOS/qubes-secpack/blob/main/${file}`,
    })
    try {
      await writeFile(join(out, `${osvId(bulletin.number)}.json`), `${JSON.stringify(record, null, 2)}\n`)
    } catch (error) {
      failed = true
      io.stderr(`qsb export: cannot write ${safe(join(out, osvId(bulletin.number)))}.json: ${safe((error as Error).message)}\n`)
    }
  }
  io.stdout(`wrote ${read.bulletins.length} OSV records to ${safe(out)}${modified.size > 0 ? ' (modified dates from the git history)' : ''}\n`)
  return failed ? 1 : 0
}

/**
 * When each document's present text was committed (UTC, RFC 3339), when `dir`
 * is a git checkout: re-signing a text does not modify the bulletin.
 */
async function lastChanges(dir: string, files: readonly string[]): Promise<Map<string, string>> {
  const dates = new Map<string, string>()
  const current = new Map<string, string | null>()
  const closed = new Set<string>()
  // Only the texts' blob ids are wanted: signatures are not checked here.
  const unchecked = async (): Promise<{ authentic: boolean; signatures: [] }> => ({ authentic: false, signatures: [] })
  try {
    // Newest first: walk back while the text stays the one in the newest commit.
    for await (const entry of history(dir, { files, verify: unchecked })) {
      if (!('state' in entry)) continue
      if (!current.has(entry.file)) current.set(entry.file, entry.blob)
      if (entry.blob === current.get(entry.file) && !closed.has(entry.file)) {
        dates.set(entry.file, `${new Date(entry.date).toISOString().slice(0, 19)}Z`)
      } else closed.add(entry.file)
    }
  } catch {
    // Not a git checkout: the changelog dates will do.
  }
  return dates
}
