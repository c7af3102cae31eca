/**
 * `qsb verify [--secpack DIR] [--keys FILE|DIR]… [--signature FILE]… [--strict] FILE…`:
 * whether each document is what the Qubes security team signed.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { type LoadKeyringOptions, loadKeyring, verifyInput } from '../../read/node/index.js'
import type { Format } from '../../sources/index.js'
import type { Keyring, Verification } from '../../verify/index.js'
import { errorText, loadAcceptor, reportAcceptor } from '../accept.js'
import { type Io, type OutputMode, printJson, safe } from '../output.js'

/** Options of `qsb verify`. */
export interface VerifyCommandOptions {
  secpack: string | undefined
  keys: string[]
  signatures: string[]
  strict: boolean
  /** Force the container instead of detecting it. */
  format: Format | undefined
  /** Pin another master key (tests, private setups); the Qubes Master Signing Key by default. */
  master: string | undefined
  mode: OutputMode
  /** `--accept FILE`: known failures, reported as `accepted`. */
  accept?: string | undefined
  /** `--max-size BYTES`: largest document read. */
  maxSize?: number | undefined
}

/**
 * The secpack checkout a file lies in: the nearest folder above it with a
 * `keys/master-key` or `keys/security-team` folder.
 *
 * @param file
 *   A path.
 * @returns
 *   The checkout's root, or undefined.
 */
export function checkoutOf(file: string): string | undefined {
  let folder = dirname(resolve(file))
  for (;;) {
    if (existsSync(join(folder, 'keys', 'master-key')) || existsSync(join(folder, 'keys', 'security-team'))) return folder
    const parent = dirname(folder)
    if (parent === folder) return undefined
    folder = parent
  }
}

/**
 * Run `qsb verify`.
 *
 * @param files
 *   Documents.
 * @param options
 *   Parsed command-line options.
 * @param io
 *   Where to write.
 * @returns
 *   Exit status: 0 when every document is authentic, 1 otherwise, 2 when a
 *   named key path does not exist.
 */
export async function runVerify(files: readonly string[], options: VerifyCommandOptions, io: Io): Promise<number> {
  if (options.signatures.length > 0 && files.length !== 1) {
    io.stderr('qsb verify: --signature applies to one document; name exactly one FILE\n')
    return 2
  }
  if (options.master && options.mode === 'table') {
    io.stderr(`qsb verify: trust is anchored to ${safe(options.master)}, not to the Qubes Master Signing Key\n`)
  }
  const keyrings = new Map<string, Keyring>()
  const keyringFor = async (file: string): Promise<Keyring> => {
    // Named keys win; otherwise a document in a checkout uses its own checkout's keys.
    const secpack = options.secpack ?? (options.keys.length > 0 ? undefined : checkoutOf(file))
    const key = `${secpack ?? ''}\u0000${options.keys.join('\u0000')}`
    let keyring = keyrings.get(key)
    if (!keyring) {
      const load: LoadKeyringOptions = { secpack: secpack ?? null, keys: options.keys, master: options.master ?? null }
      keyring = await loadKeyring(load)
      for (const diagnostic of keyring.diagnostics) io.stderr(`qsb verify: warning: ${safe(diagnostic)}\n`)
      keyrings.set(key, keyring)
    }
    return keyring
  }
  let acceptor
  try {
    acceptor = loadAcceptor(options.accept)
  } catch (error) {
    io.stderr(`qsb verify: ${errorText(error)}\n`)
    return 2
  }
  let failed = false
  const results: Verification[] = []
  const listings = new Map<string, string[]>()
  const emit = (checked: Verification): void => {
    const signatures = checked.signatures.map((signature) => acceptor.signature(signature, signature.source))
    const result = { ...checked, signatures }
    const passes = result.authentic || (signatures.length > 0 && !result.error && signatures.every((signature) => signature.status === 'accepted' || signature.status === 'good'))
    if (!passes) failed = true
    if (options.mode === 'ndjson') printJson(io, 'ndjson', [result])
    else if (options.mode === 'table') io.stdout(describe(result))
    else results.push(result)
  }
  for (const file of files) {
    let keyring: Keyring
    try {
      keyring = await keyringFor(file)
    } catch (error) {
      io.stderr(`qsb verify: cannot read keys: ${safe((error as Error).message)}\n`)
      return 2
    }
    if (keyring.keys.length === 0 && options.mode === 'table') {
      io.stderr(`qsb verify: no keys for ${safe(file)}: pass --secpack DIR or --keys FILE\n`)
    }
    const verified = await verifyInput(file, keyring, {
      policy: options.strict ? 'strict' : 'gnupg',
      signatures: options.signatures,
      format: options.format ?? null,
      listings,
      ...(options.maxSize ? { maxDocumentSize: options.maxSize } : {}),
    })
    for (const result of verified) emit(result)
  }
  if (options.mode === 'json') printJson(io, 'json', results)
  if (reportAcceptor(acceptor, 'verify', io)) failed = true
  return failed ? 1 : 0
}

/**
 * A verification for people: the verdict, then one line per signature.
 *
 * @param result
 *   The verification.
 * @param keyring
 *   The keyring used (to say when it was empty).
 * @returns
 *   Lines of text.
 */
export function describe(result: Verification): string {
  const lines: string[] = []
  const verdict = result.authentic
    ? 'AUTHENTIC'
    : result.error
      ? `NOT VERIFIED: ${result.error}`
      : result.signatures.length === 0
        ? 'NOT AUTHENTIC: no signatures (an unsigned draft, or the signature files are missing)'
        : 'NOT AUTHENTIC'
  lines.push(`${safe(result.file ?? '-')}: ${safe(verdict)}`)
  if (result.verified) {
    const { format, fidelity, span } = result.verified
    const what = `the ${fidelity} ${format} text at lines ${span.start.line}–${span.end.line} of the input`
    lines.push(
      result.signatures.length > 0
        ? `  checked: ${what} (only those bytes; nothing outside them is signed)`
        : `  read: ${what}`,
    )
  }
  for (const signature of result.signatures) {
    const parts = [
      signature.status.toUpperCase().padEnd(15),
      (signature.signer ?? '?').padEnd(10),
      signature.fingerprint ? spaced(signature.fingerprint) : `issuer ${signature.issuer ?? '?'} (unverified)`,
      signature.created ?? '',
      signature.hash ?? '',
    ]
    lines.push(`  ${safe(parts.join('  ').trimEnd())}`)
    lines.push(`      ${safe(signature.source)}`)
    if (signature.accepted) lines.push(`      accepted (${safe(signature.accepted.status)}): ${safe(signature.accepted.reason)}`)
    for (const note of signature.notes) lines.push(`      note: ${safe(note)}`)
  }
  return `${lines.join('\n')}\n`
}

function spaced(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?!$)/g, '$1 ')
}
