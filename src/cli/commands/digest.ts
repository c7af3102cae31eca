/**
 * `qsb digest --secpack DIR FILE.iso…`: whether a downloaded ISO is the one
 * Qubes released. Each file is read once, streaming, for its SHA-256 and
 * SHA-512; then the checkout's `digests/` is searched for a `DIGESTS` file,
 * signed by the release key its name calls for, that lists this name with
 * these digests.
 */
import { basename } from 'node:path'
import { digestsVerifier } from '../../read/index.js'
import { hashFile } from '../../read/node/index.js'
import { type IsoMatch, matchIso, type ScanEntry, scanCheckout } from '../../secpack/index.js'
import { type KeyOptions, keyringFor } from '../keys.js'
import { type Io, type OutputMode, printJson, safe } from '../output.js'

/**
 * Run `qsb digest`.
 *
 * @param secpack
 *   The checkout whose `digests/` vouches.
 * @param files
 *   The ISOs.
 * @param options
 *   Keys and output mode.
 * @param io
 *   Where to write; progress goes to standard error on a terminal.
 * @returns
 *   Exit status: 0 when every file is vouched for, 1 otherwise.
 */
export async function runDigest(secpack: string, files: readonly string[], options: KeyOptions & { mode: OutputMode }, io: Io): Promise<number> {
  const digests: ScanEntry[] = []
  try {
    const keyring = await keyringFor(secpack, options, io)
    const verifyCleartext = digestsVerifier(keyring, { policy: options.strict ? 'strict' : 'gnupg' })
    for await (const entry of scanCheckout(secpack, { folders: ['digests'], verifyCleartext, parse: false })) digests.push(entry)
  } catch (error) {
    io.stderr(`qsb digest: ${safe((error as Error).message)}\n`)
    return 1
  }
  if (digests.length === 0) io.stderr(`qsb digest: ${safe(secpack)} has no digests/ folder with DIGESTS files\n`)
  const results: IsoMatch[] = []
  for (const file of files) {
    const progress = io.isTTY && options.mode === 'table' ? progressLine(file, io) : null
    const computed = await hashFile(file, { onProgress: progress })
    if (progress) io.stderr(`\r${' '.repeat(78)}\r`)
    const result: IsoMatch =
      'failure' in computed
        ? { file, size: null, sha256: null, sha512: null, authentic: false, digests: null, signer: null, release: null, matched: [], error: computed.failure.message }
        : matchIso({ file, name: basename(file), ...computed }, digests)
    if (options.mode === 'ndjson') printJson(io, 'ndjson', [result])
    else if (options.mode === 'table') io.stdout(describe(result))
    results.push(result)
  }
  if (options.mode === 'json') printJson(io, 'json', results)
  return results.every((result) => result.authentic) ? 0 : 1
}

function progressLine(file: string, io: Io): (done: number, size: number) => void {
  let last = -1
  return (done, size) => {
    const percent = size > 0 ? Math.floor((done / size) * 100) : 100
    if (percent === last) return
    last = percent
    const gigabytes = (bytes: number): string => (bytes / 1e9).toFixed(2)
    io.stderr(`\rhashing ${safe(basename(file)).slice(0, 40)}: ${percent}% (${gigabytes(done)} of ${gigabytes(size)} GB)`)
  }
}

function describe(result: IsoMatch): string {
  const lines = [`${safe(result.file)}: ${result.authentic ? 'AUTHENTIC' : 'NOT VOUCHED FOR'}`]
  if (result.authentic) {
    lines.push(`  listed in ${safe(result.digests ?? '')} (${result.matched.join(' and ')} agree), signed by the Release ${result.release ?? '?'} key ${spaced(result.signer ?? '')}`)
  } else if (result.error) lines.push(`  ${safe(result.error)}`)
  if (result.sha256) lines.push(`  SHA-256 ${result.sha256}`)
  if (result.sha512) lines.push(`  SHA-512 ${result.sha512}`)
  return `${lines.join('\n')}\n`
}

function spaced(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?!$)/g, '$1 ')
}
