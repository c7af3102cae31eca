/**
 * Keys from a checkout or from named files and folders, read from disk and
 * handed to `readKeyring` (which judges them against the pinned master key).
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type Keyring, type KeyringOptions, type KeySource, readKeyring } from '../../verify/index.js'
import { readLimits, readRegularFile } from './files.js'
import { walkFolder } from './walk.js'

/** Options of {@link loadKeyring}. */
export interface LoadKeyringOptions extends KeyringOptions {
  /**
   * A secpack checkout: every key file anywhere under its `keys/` is read
   * (master, security team, release, code and documentation signing, retired
   * ones). Which folder a key sits in decides nothing: trust and role come
   * from the pinned master key. A link that leads out of the checkout is not
   * followed (a diagnostic says so).
   */
  secpack?: string | null | undefined
  /** Largest key file read, in bytes (default `readLimits.key`, 4 MiB). */
  maxKeySize?: number | null | undefined
  /** Key files, or folders whose `.asc`, `.gpg`, `.pgp`, `.pub` and `.key` files are read. */
  keys?: readonly string[] | null | undefined
}

const keyExtensions = /\.(?:asc|gpg|pgp|pub|key)$/i

/**
 * Load keys from a secpack checkout and/or named files and folders.
 *
 * @param options
 *   Where the keys are, and the trust anchor (optional).
 * @returns
 *   The keyring. Throws when a named path (or the checkout's `keys/`) does
 *   not exist; unreadable key files become `diagnostics`.
 */
export async function loadKeyring(options?: Readonly<LoadKeyringOptions> | null): Promise<Keyring> {
  const paths: string[] = []
  const diagnostics: string[] = []
  if (options?.secpack) {
    const keys = join(options.secpack, 'keys')
    await stat(keys)
    for (const entry of await walkFolder(keys)) {
      if (!keyExtensions.test(entry.path)) continue
      if (entry.kind === 'outside') diagnostics.push(`${join(keys, entry.path)}: a link to ${entry.target}, outside the checkout: not followed`)
      else paths.push(join(keys, entry.path))
    }
  }
  for (const path of options?.keys ?? []) {
    if ((await stat(path)).isDirectory()) paths.push(...(await keyFilesIn(path)))
    else paths.push(path)
  }
  const sources: KeySource[] = []
  for (const path of paths) {
    const read = readRegularFile(path, options?.maxKeySize ?? readLimits.key)
    if ('failure' in read) diagnostics.push(read.failure.message)
    else sources.push({ source: path, bytes: read.bytes })
  }
  return readKeyring(sources, options, diagnostics)
}

async function keyFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true })
  // Anything named like a key file but a folder is read, so that a FIFO or a link is refused with a message, not skipped.
  return entries
    .filter((entry) => !entry.isDirectory() && keyExtensions.test(entry.name))
    .map((entry) => join(folder, entry.name))
    .sort()
}
