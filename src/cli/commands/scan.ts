/**
 * `qsb scan DIR`: every bulletin and canary of a checkout, parsed and verified.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type ScanEntry, scanCheckout, SecpackError } from '../../secpack/index.js'
import { verdictOf } from '../../verify/index.js'
import { type Paint, paintFor } from '../colour.js'
import { splitError } from '../errors.js'
import { exitStatus } from '../exit.js'
import { type KeyOptions, verifierFor } from '../keys.js'
import { clip, type Io, missing, type OutputMode, printJson, safe, table } from '../output.js'
import { startProgress } from '../progress.js'

/**
 * Run `qsb scan`.
 *
 * @param dir
 *   The checkout.
 * @param options
 *   Keys and output mode.
 * @param io
 *   Where to write; a progress line goes to standard error on a terminal.
 * @returns
 *   Exit status: 0 when every bulletin and canary parses and is authentic, 1 otherwise.
 */
export async function runScan(dir: string, options: KeyOptions & { mode: OutputMode }, io: Io): Promise<number> {
  const verify = await verifierFor(dir, options, io, 'scan')
  const entries: ScanEntry[] = []
  let failed = false
  const progress = await startProgress(io, `scanning ${safe(dir)}`)
  try {
    for await (const entry of scanCheckout(dir, { verify })) {
      progress.update(`scanning: ${entries.length + 1} file${entries.length === 0 ? '' : 's'}, now ${clip(safe(entry.file), 50)}`)
      if (isDocument(entry) && (entry.error || !entry.verification?.authentic)) failed = true
      if (options.mode === 'ndjson') printJson(io, 'ndjson', [entry])
      entries.push(entry)
    }
  } catch (error) {
    progress.done()
    io.stderr(`qsb scan: ${safe((error as Error).message)}\n`)
    return error instanceof SecpackError ? exitStatus.usage : exitStatus.failed
  }
  progress.done()
  if (options.mode === 'json') printJson(io, 'json', entries)
  if (options.mode === 'table') io.stdout(scanTable(entries, paintFor(io)))
  if (!existsSync(join(dir, '.git'))) {
    io.stderr(`qsb scan: note: ${safe(dir)} is not a git checkout, so this is the files' present state only; \`qsb history\` needs the git history (a git clone of the secpack)\n`)
  }
  return failed ? exitStatus.failed : exitStatus.ok
}

function isDocument(entry: ScanEntry): boolean {
  return entry.kind === 'bulletin' || entry.kind === 'canary'
}

/** The status of an entry, and how it is coloured: fine, not known, or wrong. */
function status(entry: ScanEntry): { text: string; tone: 'good' | 'warn' | 'bad' | 'plain' } {
  if (entry.error) return { text: `error: ${splitError(entry.error, entry.file).reason}`, tone: 'bad' }
  if (entry.kind === 'template') return { text: 'template (not a document)', tone: 'plain' }
  const verification = entry.verification
  const prefix = entry.kind === 'other' ? 'not a bulletin; ' : ''
  if (!verification || verification.signatures.length === 0) return { text: `${prefix}unsigned`, tone: isDocument(entry) ? 'bad' : 'plain' }
  if (verification.authentic) return { text: `${prefix}authentic`, tone: 'good' }
  const verdict = verdictOf(verification.signatures, null)
  const problems = [...new Set(verification.signatures.filter((signature) => signature.status !== 'good').map((signature) => signature.status))]
  if (verdict === 'cannot-check') return { text: `${prefix}CANNOT CHECK (a key is missing)`, tone: 'warn' }
  return { text: `${prefix}NOT AUTHENTIC (${problems.join(', ')})`, tone: 'bad' }
}

function scanTable(entries: readonly ScanEntry[], paint: Paint): string {
  const statuses = entries.map(status)
  const rows = entries.map((entry, index) => [
    safe(entry.file),
    entry.record ? String(entry.record.number).padStart(3, '0') : '',
    entry.record ? (entry.record.date ?? missing) : '',
    entry.record ? clip(safe(entry.record.title ?? (entry.record.kind === 'canary' ? 'Qubes Canary' : missing)), 50) : '',
    safe((entry.verification?.signatures ?? []).map((signature) => `${signature.signer ?? '?'}:${signature.status}`).join(' ')),
    clip(safe(statuses[index]?.text ?? ''), 60),
  ])
  const documents = entries.filter(isDocument)
  const authentic = documents.filter((entry) => entry.verification?.authentic).length
  const colour = (cell: string, row: number, column: number): string => {
    if (row === -1) return paint.strong(cell)
    const tone = statuses[row]?.tone
    return column === 5 && tone && tone !== 'plain' ? paint[tone](cell) : cell
  }
  const not = documents.length - authentic
  const kinds = new Map<string, number>()
  for (const [index, entry] of entries.entries()) {
    if (!isDocument(entry) || entry.verification?.authentic) continue
    const text = statuses[index]?.text ?? ''
    const kind = text.startsWith('error') ? 'failed' : text.startsWith('CANNOT') ? 'cannot check' : text === 'unsigned' ? 'unsigned' : 'not authentic'
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
  }
  const tail = not > 0 ? `, ${paint.bad(`${not} not`)} (${[...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ')})` : ''
  return `${table(['FILE', 'NO.', 'DATE', 'TITLE', 'SIGNATURES', 'STATUS'], rows, colour)}${documents.length} documents: ${paint.good(`${authentic} authentic`)}${tail}\n`
}
