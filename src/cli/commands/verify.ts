/**
 * `qsb verify [--secpack DIR] [--keys FILE|DIR]… [--signature FILE]… [--strict] FILE…`:
 * whether each document is what the Qubes security team signed.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { type LoadKeyringOptions, loadKeyring, readFailure, verifyInput } from '../../read/node/index.js'
import type { Format } from '../../sources/index.js'
import { type Keyring, type Verification, verifyDocument } from '../../verify/index.js'
import { noPaint, type Paint, paintFor } from '../colour.js'
import { failureLine } from '../errors.js'
import { exitStatus } from '../exit.js'
import { describeKeyring, keyOf, masterName, spaced } from '../keys.js'
import { errorText, loadAcceptor, reportAcceptor } from '../accept.js'
import { readInput } from '../inputs.js'
import { clip, type Io, type OutputMode, printJson, safe } from '../output.js'
import { UsageError } from '../spec.js'
// Tracing (the secpack's history, the record parser) loads only when a copy fails: see `runVerify`.
import type { Failed } from './trace.js'

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
    throw new UsageError('--signature applies to one document; name exactly one FILE')
  }
  if (options.master) {
    io.stderr(`qsb verify: trust is anchored to ${safe(options.master)}, not to the Qubes Master Signing Key\n`)
  }
  let acceptor
  try {
    acceptor = await loadAcceptor(options.accept)
  } catch (error) {
    io.stderr(`qsb verify: ${errorText(error)}\n`)
    return exitStatus.usage
  }
  const paint = paintFor(io)
  const keyringFor = keyringLoader(options, io)
  const policy = options.strict ? 'strict' : 'gnupg'
  const results: Array<{ result: Verification; keyring: Keyring }> = []
  const untraced: Failed[] = []
  const listings = new Map<string, string[]>()
  for (const file of files) {
    let keyring: Keyring
    try {
      keyring = await keyringFor(file)
    } catch (error) {
      const path = (error as { path?: unknown }).path
      io.stderr(`qsb verify: cannot read keys: ${safe(readFailure(typeof path === 'string' ? path : 'keys', error).message)}\n`)
      return exitStatus.usage
    }
    // Standard input can be read once: its bytes are kept for tracing, and verified as a file's would be.
    const stdin = file === '-' ? await readInput('-', io) : undefined
    const verified =
      stdin && 'error' in stdin
        ? [unreadStdin(stdin.error, keyring)]
        : await verifyInput(file, keyring, {
            policy,
            signatures: options.signatures,
            format: options.format ?? null,
            listings,
            ...(stdin ? { bytes: stdin.bytes } : {}),
            ...(options.maxSize ? { maxDocumentSize: options.maxSize } : {}),
          })
    for (const checked of verified) {
      // An accepted failure (--accept) is reported as `accepted`, never `good`, and does not fail the run.
      const result = { ...checked, signatures: checked.signatures.map((signature) => acceptor.signature(signature, signature.source)) }
      results.push({ result, keyring })
      if (!tracable(result)) continue
      const input = stdin ?? (await readInput(file, io))
      if ('bytes' in input) untraced.push({ result, file, bytes: input.bytes })
    }
  }
  const first = untraced[0]
  if (first) {
    // Copies whose bytes failed: is their text faithful to a signed revision? (What `qsb match` would say.)
    const checkout = options.secpack ?? (first.file === '-' ? undefined : checkoutOf(first.file)) ?? signatureCheckout(options.signatures)
    const keyring = await keyringFor(first.file)
    const { traceFailed } = await import('./trace.js')
    await traceFailed(untraced, {
      checkout,
      signatures: options.signatures,
      verify: (document, signatures) => verifyDocument(document, signatures, keyring, { policy }),
    })
  }
  // Printed once all are read: tracing a failed copy needs the whole batch (one history walk).
  if (options.mode === 'table') {
    for (const { result, keyring } of results) io.stdout(describe(result, keyring, paint))
    io.stdout(summary(results.map(({ result }) => result), paint))
  } else printJson(io, options.mode, results.map(({ result }) => result))
  let failed = results.some(({ result }) => !result.authentic && !accepted(result))
  if (reportAcceptor(acceptor, 'verify', io)) failed = true
  return failed ? exitStatus.failed : exitStatus.ok
}

/**
 * Whether a verification failed because of its bytes: a repost with a `bad` signature.
 *
 * @param result
 *   A verification.
 * @returns
 *   Whether tracing it can help.
 */
function tracable(result: Verification): boolean {
  return result.verified !== undefined && !result.authentic && result.signatures.some((signature) => signature.status === 'bad')
}

/** Whether every signature of a document is good or an accepted known failure. */
function accepted(result: Verification): boolean {
  return result.signatures.length > 0 && !result.error && result.signatures.every((signature) => signature.status === 'accepted' || signature.status === 'good')
}

/** `qsb verify -` when standard input cannot be read. */
function unreadStdin(message: string, keyring: Keyring): Verification {
  const error = { message, ruleId: 'unreadable', line: null, column: null }
  return { file: '-', authentic: false, sha256: null, signatures: [], verdict: 'error', error, master: keyring.master }
}

/** The checkout the signature files given lie in, if any. */
function signatureCheckout(signatures: readonly string[]): string | undefined {
  return signatures.length > 0 ? checkoutOf(signatures[0] as string) : undefined
}

/** Loads the keyring a document needs, once per checkout, saying on standard error what it loaded. */
function keyringLoader(options: VerifyCommandOptions, io: Io): (file: string) => Promise<Keyring> {
  const keyrings = new Map<string, Keyring>()
  // The checkout of each folder, looked up once (documents of one folder share it).
  const checkouts = new Map<string, string | undefined>()
  const checkoutOfFolder = (file: string): string | undefined => {
    const folder = dirname(resolve(file))
    if (!checkouts.has(folder)) checkouts.set(folder, checkoutOf(file))
    return checkouts.get(folder)
  }
  return async (file) => {
    // Named keys win; otherwise a document in a checkout uses its own checkout's keys.
    const secpack = options.secpack ?? (options.keys.length > 0 ? undefined : checkoutOfFolder(file))
    const key = `${secpack ?? ''}\u0000${options.keys.join('\u0000')}`
    let keyring = keyrings.get(key)
    if (!keyring) {
      const load: LoadKeyringOptions = { secpack: secpack ?? null, keys: options.keys, recursive: true, master: options.master ?? null }
      keyring = await loadKeyring(load)
      for (const diagnostic of keyring.diagnostics) io.stderr(`qsb verify: warning: ${safe(diagnostic)}\n`)
      const where = [...(secpack ? [join(secpack, 'keys')] : []), ...options.keys]
      io.stderr(
        where.length === 0
          ? `qsb verify: no keys for ${safe(file)}: it is not in a secpack checkout; pass --secpack DIR or --keys FILE|DIR\n`
          : `qsb verify: ${describeKeyring(keyring, where, options.keys.length > 0)}\n`,
      )
      keyrings.set(key, keyring)
    }
    return keyring
  }
}

const headlines: Record<Verification['verdict'], string> = {
  authentic: 'AUTHENTIC',
  'not-authentic': 'NOT AUTHENTIC',
  'cannot-check': 'CANNOT CHECK',
  unsigned: 'NOT AUTHENTIC',
  error: 'NOT VERIFIED',
}

/**
 * The headline word of a verification, coloured: green when authentic,
 * yellow when it cannot be checked, red otherwise.
 *
 * @param result
 *   The verification.
 * @param paint
 *   The colours.
 * @returns
 *   The word.
 */
export function headline(result: Verification, paint: Paint): string {
  const word = headlines[result.verdict]
  return result.verdict === 'authentic' ? paint.good(word) : result.verdict === 'cannot-check' ? paint.warn(word) : paint.bad(word)
}

/**
 * A verification for people: the verdict, then per signature its status, who
 * made it (the user id the master key certified) and the master key that
 * vouched for it, as GnuPG's “Good signature from …” does.
 *
 * @param result
 *   The verification.
 * @param keyring
 *   The keyring used (for the signers' user ids and the trust anchor).
 * @param paint
 *   The colours (none off a terminal).
 * @returns
 *   Lines of text.
 */
export function describe(result: Verification, keyring: Keyring, paint: Paint = noPaint): string {
  if (result.error) return `${failureLine(result.error, result.file, headline(result, paint))}\n`
  const warned = result.authentic && (result.verified?.warnings.length ?? 0) > 0
  const warning = warned ? paint.warn(', WITH WARNINGS: what the page shows is not exactly what was verified (see below)') : ''
  const lines = [`${safe(result.file ?? '-')}: ${headline(result, paint)}${warning}${safe(because(result))}`]
  if (result.verified) lines.push(...describeVerified(result.verified, result.signatures.length > 0, paint))
  for (const signature of result.signatures) {
    const status = signature.status.toUpperCase().padEnd(15)
    const parts = [
      (signature.signer ?? '?').padEnd(10),
      signature.fingerprint ? spaced(signature.fingerprint) : `issuer ${signature.issuer ?? '?'} (unverified)`,
      signature.created ?? '',
      signature.hash ?? '',
    ]
    const colour = signature.status === 'good' ? paint.good : signature.status === 'unknown-key' || signature.status === 'accepted' ? paint.warn : paint.bad
    lines.push(`  ${colour(status)}  ${safe(parts.join('  ').trimEnd())}`)
    lines.push(`      ${safe(signature.source)}`)
    const key = keyOf(keyring, signature.fingerprint)
    const userId = key?.certifiedUserIds[0]
    if (key && userId) lines.push(`      from “${safe(userId)}”, certified by ${masterName(keyring)}`)
    if (signature.accepted) lines.push(`      ${paint.warn(`accepted (${safe(signature.accepted.status)})`)}: ${safe(signature.accepted.reason)}`)
    for (const note of signature.notes) lines.push(`      ${paint.dim(`note: ${safe(note)}`)}`)
  }
  return `${lines.join('\n')}\n`
}

/** Why a document is not authentic, when one word does not say it. */
function because(result: Verification): string {
  if (result.verdict === 'unsigned') return ': no signatures (an unsigned draft, or the signature files are missing)'
  if (result.verdict !== 'cannot-check') return ''
  const missing = result.signatures.filter((signature) => signature.status === 'unknown-key').map((signature) => signature.issuer ?? '?')
  return missing.length === 1
    ? `: no public key ${missing[0]} (add it with --keys), so its signature cannot be checked`
    : `: no public keys ${missing.join(', ')} (add them with --keys), so their signatures cannot be checked`
}

/**
 * One line for the run: `12 documents: 11 authentic, 1 not (1 cannot check)`.
 *
 * @param results
 *   Every verification of the run.
 * @param paint
 *   The colours.
 * @returns
 *   The line.
 */
export function summary(results: readonly Verification[], paint: Paint): string {
  const count = (verdict: Verification['verdict']): number => results.filter((result) => result.verdict === verdict).length
  const authentic = count('authentic')
  const not = results.length - authentic
  const reasons = [
    [count('not-authentic'), 'not authentic'],
    [count('cannot-check'), 'cannot check'],
    [count('unsigned'), 'unsigned'],
    [count('error'), 'not verified'],
  ]
    .filter(([number]) => (number as number) > 0)
    .map(([number, word]) => `${number} ${word}`)
  const documents = `${results.length} document${results.length === 1 ? '' : 's'}`
  const tail = not > 0 ? `, ${paint.bad(`${not} not`)} (${reasons.join(', ')})` : ''
  return `${documents}: ${authentic > 0 || not === 0 ? paint.good(`${authentic} authentic`) : `${authentic} authentic`}${tail}\n`
}

/**
 * Which bytes of the input were checked, quoted by their first and last
 * lines, then what a reader sees that was not checked.
 */
function describeVerified(verified: NonNullable<Verification['verified']>, signed: boolean, paint: Paint): string[] {
  const { format, fidelity, span, part } = verified
  const where = part ? `${part.message ? `message ${part.message.number}, ` : ''}${part.name}, ` : ''
  const what = `the ${fidelity} ${format} text in ${where}${lineRange(span)} of the input`
  const lines = [signed ? `  checked: ${safe(what)} (only those bytes; nothing outside them is signed)` : `  read: ${safe(what)}`]
  lines.push(`    from: “${safe(clip(verified.firstLine.trim(), 90))}”`, `    to:   “${safe(clip(verified.lastLine.trim(), 90))}”`)
  for (const warning of verified.warnings) lines.push(`  ${paint.warn('WARNING')}: ${safe(warning)}`)
  if (verified.traced) {
    const { document, commit, noise, command } = verified.traced
    const at = commit ? `${document} @ ${commit.slice(0, 12)}` : document
    const how = noise.length > 0 ? `whitespace, blank lines and ${[...new Set(noise)].join(', ')}` : 'whitespace and blank lines'
    lines.push(
      `  note: these bytes are not what was signed, but the copy is faithful to the signed text of ${safe(at)}: it differs only in noise (${safe(how)})`,
      `        see \`${safe(command)}\`; the signed text is the revision’s, not this copy’s`,
    )
  }
  for (const other of verified.unsigned) {
    lines.push(`  ${paint.warn('not signed')}: ${safe(other.name)} (${lineRange(other.span)}) holds readable text that the signatures do not cover`)
  }
  return lines
}

/** `lines 12–120`: the lines a span covers (an end at the start of a line does not take that line). */
function lineRange(span: NonNullable<Verification['verified']>['span']): string {
  const last = span.end.column === 1 && span.end.line > span.start.line ? span.end.line - 1 : span.end.line
  return last === span.start.line ? `line ${span.start.line}` : `lines ${span.start.line}–${last}`
}
