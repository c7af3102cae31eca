/**
 * The keyring and verifier the secpack commands share: keys from the checkout
 * (and `--keys`), trust anchored to the pinned master key (or `--master`).
 */
import { loadKeyring } from '../read/node/index.js'
import type { Verifier } from '../secpack/index.js'
import { type Keyring, type Policy, verifyDocument } from '../verify/index.js'
import { type Io, safe } from './output.js'

/** Key options shared by the secpack commands. */
export interface KeyOptions {
  keys: string[]
  master: string | undefined
  strict: boolean
}

/**
 * A verifier for a checkout.
 *
 * @param dir
 *   The checkout (its `keys/` folder is read; a missing one is not an error).
 * @param options
 *   `--keys`, `--master`, `--strict`.
 * @param io
 *   Where warnings go.
 * @returns
 *   The verifier. Throws when a named key path does not exist.
 */
export async function verifierFor(dir: string, options: KeyOptions, io: Io): Promise<Verifier> {
  const keyring = await keyringFor(dir, options, io)
  const policy: Policy = options.strict ? 'strict' : 'gnupg'
  return (document, signatures) => verifyDocument(document, signatures, keyring, { policy })
}

/**
 * The keyring of a checkout (every key under its `keys/`, and `--keys`),
 * with its warnings written out.
 *
 * @param dir
 *   The checkout (a missing `keys/` is not an error).
 * @param options
 *   `--keys`, `--master`.
 * @param io
 *   Where warnings go.
 * @returns
 *   The keyring. Throws when a named key path does not exist.
 */
export async function keyringFor(dir: string, options: Omit<KeyOptions, 'strict'>, io: Io): Promise<Keyring> {
  let keyring
  try {
    keyring = await loadKeyring({ secpack: dir, keys: options.keys, master: options.master ?? null })
  } catch {
    // A checkout without `keys/` (a bare clone, a partial copy): the named keys alone.
    keyring = await loadKeyring({ keys: options.keys, master: options.master ?? null })
  }
  for (const diagnostic of keyring.diagnostics) io.stderr(`qsb: warning: ${safe(diagnostic)}\n`)
  if (keyring.keys.length === 0) io.stderr(`qsb: warning: no keys found in ${safe(dir)}/keys: pass --keys FILE\n`)
  if (options.master) io.stderr(`qsb: trust is anchored to ${safe(options.master)}, not to the Qubes Master Signing Key\n`)
  return keyring
}
