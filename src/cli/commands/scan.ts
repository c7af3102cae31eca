/**
 * `qsb scan DIR`: every bulletin and canary of a checkout, parsed and verified.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type ScanEntry, scanCheckout } from '../../secpack/index.js'
import { type KeyOptions, verifierFor } from '../keys.js'
import { clip, type Io, type OutputMode, printJson, safe, table } from '../output.js'

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
  const verify = await verifierFor(dir, options, io)
  const entries: ScanEntry[] = []
  let failed = false
  try {
    for await (const entry of scanCheckout(dir, { verify })) {
      if (io.isTTY && options.mode === 'table') io.stderr(`\rscanning: ${entries.length + 1} files, now ${clip(safe(entry.file), 50).padEnd(50)}`)
      if (isDocument(entry) && (entry.error || !entry.verification?.authentic)) failed = true
      if (options.mode === 'ndjson') printJson(io, 'ndjson', [entry])
      else entries.push(entry)
    }
  } catch (error) {
    io.stderr(`qsb scan: ${safe((error as Error).message)}\n`)
    return 1
  }
  if (io.isTTY && options.mode === 'table') io.stderr(`\r${' '.repeat(72)}\r`)
  if (options.mode === 'json') printJson(io, 'json', entries)
  if (options.mode === 'table') io.stdout(scanTable(entries))
  if (!existsSync(join(dir, '.git'))) {
    io.stderr(`qsb scan: note: ${safe(dir)} is not a git checkout, so this is the files' present state only; \`qsb history\` needs the git history (a git clone of the secpack)\n`)
  }
  return failed ? 1 : 0
}

function isDocument(entry: ScanEntry): boolean {
  return entry.kind === 'bulletin' || entry.kind === 'canary'
}

function status(entry: ScanEntry): string {
  if (entry.error) return `error: ${entry.error.message}`
  if (entry.kind === 'template') return 'template (not a document)'
  const verification = entry.verification
  const prefix = entry.kind === 'other' ? 'not a bulletin; ' : ''
  if (!verification || verification.signatures.length === 0) return `${prefix}unsigned`
  if (verification.authentic) return `${prefix}authentic`
  const problems = [...new Set(verification.signatures.filter((signature) => signature.status !== 'good').map((signature) => signature.status))]
  return `${prefix}NOT AUTHENTIC (${problems.join(', ')})`
}

function scanTable(entries: readonly ScanEntry[]): string {
  const rows = entries.map((entry) => [
    safe(entry.file),
    entry.record ? String(entry.record.number).padStart(3, '0') : '',
    entry.record?.date ?? '',
    clip(safe(entry.record?.title ?? (entry.record?.kind === 'canary' ? 'Qubes Canary' : '')), 50),
    safe((entry.verification?.signatures ?? []).map((signature) => `${signature.signer ?? '?'}:${signature.status}`).join(' ')),
    clip(safe(status(entry)), 60),
  ])
  const documents = entries.filter(isDocument)
  const authentic = documents.filter((entry) => entry.verification?.authentic).length
  return `${table(['FILE', 'NO.', 'DATE', 'TITLE', 'SIGNATURES', 'STATUS'], rows)}${documents.length} documents, ${authentic} authentic\n`
}
