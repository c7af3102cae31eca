/**
 * `qsb keys DIR`: every key under a checkout's `keys/`, with what the pinned
 * master key says about it (role, certification) — not what its folder says.
 */
import { relative, sep } from 'node:path'
import type { KeyRecord } from '../../secpack/index.js'
import { describeKeys, type KeyReport } from '../../verify/index.js'
import { keyringFor } from '../keys.js'
import { clip, type Io, type OutputMode, printJson, safe, table } from '../output.js'


/**
 * Run `qsb keys`.
 *
 * @param dir
 *   The checkout.
 * @param options
 *   Keys to add, the pin, output mode.
 * @param io
 *   Where to write.
 * @returns
 *   Exit status: 0, or 1 when the master key is missing or a key file could not be read.
 */
export async function runKeys(dir: string, options: { keys: string[]; master: string | undefined; mode: OutputMode }, io: Io): Promise<number> {
  let keyring
  try {
    keyring = await keyringFor(dir, options, io)
  } catch (error) {
    io.stderr(`qsb keys: ${safe((error as Error).message)}\n`)
    return 1
  }
  const records = describeKeys(keyring).map((report) => toRecord(report, dir))
  if (options.mode === 'table') io.stdout(keyTable(records))
  else printJson(io, options.mode, records)
  const master = records.some((record) => record.role === 'master')
  if (!master) io.stderr(`qsb keys: the pinned master key ${keyring.master} is not under ${safe(dir)}/keys: no key can be trusted\n`)
  return master && keyring.diagnostics.length === 0 ? 0 : 1
}

function toRecord(report: KeyReport, dir: string): KeyRecord {
  const { sources, ...rest } = report
  const files = sources.map((source) => relative(dir, source).split(sep).join('/'))
  const folders = [...new Set(files.map((file) => file.slice(0, Math.max(0, file.lastIndexOf('/')))))]
  return { ...rest, files, folders }
}

function keyTable(records: readonly KeyRecord[]): string {
  const rows = records.map((record) => [
    record.fingerprint.slice(-16),
    record.role ? (record.release ? `${record.role} ${record.release}` : record.role) : `UNCERTIFIED${record.claims ? ` (claims ${record.claims})` : ''}`,
    record.certifications.map((certification) => certification.created.slice(0, 10)).sort()[0] ?? (record.role === 'master' ? 'pinned' : 'no'),
    record.expires?.slice(0, 10) ?? 'never',
    record.revocation ? `${record.revocation.at.slice(0, 10)} (${record.revocation.reason})` : '-',
    safe(record.folders.join(' ')),
    clip(safe(record.userIds[0] ?? ''), 60),
  ])
  const uncertified = records.filter((record) => !record.role).length
  return `${table(['KEY', 'ROLE', 'CERTIFIED', 'EXPIRES', 'REVOKED', 'FOLDER', 'USER ID'], rows)}${records.length} keys, ${records.length - uncertified} certified by the pinned master key, ${uncertified} not\n`
}
