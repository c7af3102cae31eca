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
  /**
   * Key files, or folders whose `.asc`, `.gpg`, `.pgp`, `.pub`, `.key` and
   * `.rev` files are read. A file may hold keys, or revocation certificates
   * standing alone (GnuPG writes them to `.rev` files), which the keyring
   * applies to the keys they revoke.
   */
  keys?: readonly string[] | null | undefined
  /** Read the folders in `keys` with their subfolders (what `qsb --keys DIR` does); default false. */
  recursive?: boolean | null | undefined
}

const keyExtensions = /\.(?:asc|gpg|pgp|pub|key|rev)$/i

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
    if ((await stat(path)).isDirectory()) paths.push(...(await keyFilesIn(path, options?.recursive === true)))
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

/** Key files in a folder, sorted; with `deep`, in its subfolders too (`--keys keys/` of a checkout). */
async function keyFilesIn(folder: string, deep = false): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true })
  const found: string[] = []
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name)
    // Links to folders are not followed: a loop of links cannot make this endless.
    if (entry.isDirectory()) {
      if (deep) found.push(...(await keyFilesIn(path, true)))
    }
    // Anything else named like a key file is read, so that a FIFO or a link is refused with a message, not skipped.
    else if (keyExtensions.test(entry.name)) found.push(path)
  }
  return found
}
