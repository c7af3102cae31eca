/**
 * The keyring and verifier the commands share: keys from the checkout (and
 * `--keys`), trust anchored to the pinned master key (or `--master`), and
 * one line on standard error saying what was loaded.
 */
import { isAbsolute, join, relative } from 'node:path'
import { loadKeyring } from '../read/node/index.js'
import type { Verifier } from '../secpack/index.js'
import { type Keyring, type KeyringKey, type Policy, qubesMasterKeyFingerprint, verifyDocument } from '../verify/index.js'
import { type Io, safe } from './output.js'

/** Key options shared by the secpack commands. */
export interface KeyOptions {
  keys: string[]
  master: string | undefined
  strict: boolean
}

/**
 * What a keyring holds, in one line: `7 keys from DIR/keys, 3 certified by the
 * Qubes Master Signing Key`, or why none can be used, with the fix that fits
 * what was given.
 *
 * @param keyring
 *   The keyring.
 * @param where
 *   Where the keys were read from (a checkout's `keys/`, the `--keys` paths).
 * @param keysGiven
 *   Whether `--keys` was given (then the hint does not ask for it).
 * @returns
 *   The line, made safe, without a newline.
 */
export function describeKeyring(keyring: Keyring, where: readonly string[], keysGiven: boolean): string {
  const from = where.map((path) => safe(shown(path))).join(', ')
  if (where.length === 0) return 'no keys given: pass --secpack DIR (a checkout) or --keys FILE|DIR'
  if (keyring.keys.length === 0) {
    return keysGiven
      ? `no keys found in ${from} (key files end in .asc, .gpg, .pgp, .pub or .key)`
      : `no keys found in ${from}: pass --secpack DIR (a checkout) or --keys FILE|DIR`
  }
  const certified = keyring.keys.filter((key) => key.certified).length
  const anchor = masterName(keyring)
  const master = keyring.keys.some((key) => key.master) ? '' : `; ${anchor} itself is not among them, so none can be trusted`
  return `${keyring.keys.length} key${keyring.keys.length === 1 ? '' : 's'} from ${from}, ${certified} certified by ${anchor}${master}`
}

/** A path as people read it: relative to the working folder when inside it. */
function shown(path: string): string {
  if (!isAbsolute(path)) return path
  const inside = relative(process.cwd(), path)
  return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? path : inside
}

/**
 * How the trust anchor is called, with its fingerprint: `the Qubes Master
 * Signing Key 427F 11FD …`, or `the pinned master key A6D1 1EAE …` when
 * `--master` pinned another.
 *
 * @param keyring
 *   The keyring.
 * @returns
 *   The name.
 */
export function masterName(keyring: Keyring): string {
  return keyring.master === qubesMasterKeyFingerprint
    ? `the Qubes Master Signing Key ${spaced(keyring.master)}`
    : `the pinned master key ${spaced(keyring.master)}`
}

/**
 * The key that made a signature, by the fingerprint that verified it (a key's
 * own, or one of its subkeys').
 *
 * @param keyring
 *   The keyring.
 * @param fingerprint
 *   The fingerprint from the signature's verdict.
 * @returns
 *   The key, or undefined.
 */
export function keyOf(keyring: Keyring, fingerprint: string | null): KeyringKey | undefined {
  if (!fingerprint) return undefined
  return keyring.keys.find((key) => key.fingerprint === fingerprint || key.signingFingerprints.includes(fingerprint))
}

/**
 * A fingerprint in groups of four, as GnuPG prints it.
 *
 * @param fingerprint
 *   Hex digits.
 * @returns
 *   `2D17 71FE …`.
 */
export function spaced(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?!$)/g, '$1 ')
}

/**
 * A verifier for a checkout.
 *
 * @param dir
 *   The checkout (its `keys/` folder is read; a missing one is not an error).
 * @param options
 *   `--keys`, `--master`, `--strict`.
 * @param io
 *   Where the keyring line and warnings go.
 * @param command
 *   The command's name, for messages.
 * @returns
 *   The verifier. Throws when a named key path does not exist.
 */
export async function verifierFor(dir: string, options: KeyOptions, io: Io, command = 'qsb'): Promise<Verifier> {
  const keyring = await keyringFor(dir, options, io, command)
  const policy: Policy = options.strict ? 'strict' : 'gnupg'
  return (document, signatures) => verifyDocument(document, signatures, keyring, { policy })
}

/**
 * The keyring of a checkout (every key under its `keys/`, and `--keys` with
 * their subfolders), with its warnings and one line saying what was loaded
 * written to standard error.
 *
 * @param dir
 *   The checkout (a missing `keys/` is not an error).
 * @param options
 *   `--keys`, `--master`.
 * @param io
 *   Where warnings go.
 * @param command
 *   The command's name, for the messages' prefix.
 * @returns
 *   The keyring. Throws when a named key path does not exist.
 */
export async function keyringFor(dir: string, options: Omit<KeyOptions, 'strict'>, io: Io, command = 'qsb'): Promise<Keyring> {
  let keyring
  let where = [join(dir, 'keys'), ...options.keys]
  try {
    keyring = await loadKeyring({ secpack: dir, keys: options.keys, recursive: true, master: options.master ?? null })
  } catch {
    // A checkout without `keys/` (a bare clone, a partial copy): the named keys alone.
    keyring = await loadKeyring({ keys: options.keys, recursive: true, master: options.master ?? null })
    where = options.keys
  }
  const prefix = command === 'qsb' ? 'qsb' : `qsb ${command}`
  if (options.master) io.stderr(`${prefix}: trust is anchored to ${safe(options.master)}, not to the Qubes Master Signing Key\n`)
  for (const diagnostic of keyring.diagnostics) io.stderr(`${prefix}: warning: ${safe(diagnostic)}\n`)
  const line = where.length > 0 ? describeKeyring(keyring, where, options.keys.length > 0) : `no keys: ${safe(dir)} has no keys/ folder; pass --keys FILE|DIR`
  io.stderr(`${prefix}: ${line}\n`)
  return keyring
}
