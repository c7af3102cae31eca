/**
 * Keys from a checkout or from named files and folders, read from disk and
 * handed to `readKeyring` (which judges them against the pinned master key).
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { keyFolders } from '../../names/secpack.js'
import { type Keyring, type KeyringOptions, type KeySource, readKeyring } from '../../verify/index.js'
import { readLimits, readRegularFile } from './files.js'

/** Options of {@link loadKeyring}. */
export interface LoadKeyringOptions extends KeyringOptions {
  /**
   * A secpack checkout: keys are read from its `keys/master-key/`,
   * `keys/security-team/` and `keys/security-team/retired/`. Which folder a key
   * sits in decides nothing: trust comes from the pinned master key.
   */
  secpack?: string | null | undefined
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
    await stat(join(options.secpack, 'keys'))
    for (const folder of keyFolders) {
      const path = join(options.secpack, folder)
      try {
        paths.push(...(await keyFilesIn(path)))
      } catch {
        diagnostics.push(`${path}: cannot read: no such folder`)
      }
    }
  }
  for (const path of options?.keys ?? []) {
    if ((await stat(path)).isDirectory()) paths.push(...(await keyFilesIn(path, options?.recursive === true)))
    else paths.push(path)
  }
  const sources: KeySource[] = []
  for (const path of paths) {
    const read = readRegularFile(path, readLimits.key)
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
    if (entry.isFile() && keyExtensions.test(entry.name)) found.push(path)
    // Links to folders are not followed: a loop of links cannot make this endless.
    else if (deep && entry.isDirectory()) found.push(...(await keyFilesIn(path, true)))
  }
  return found
}
