/**
 * Listing a checkout's files without leaving it: every entry under a folder
 * that is not a folder, with links that lead outside the folder told apart
 * (reported by callers, never followed silently). Links to folders are not
 * descended into, so a loop of links cannot make the walk endless; they are
 * listed like files, and reading one then fails with "it is a folder".
 */
import { promises as fs } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'

/** An entry of a walked folder. */
export interface WalkedEntry {
  /** Path relative to the folder walked, `/`-separated. */
  path: string
  /** `entry`: anything but a folder (file, FIFO, device, a link inside); `outside`: a link that leads out of the folder walked. */
  kind: 'entry' | 'outside'
  /** Where an `outside` link leads (as resolved), else null. */
  target: string | null
  /** Whether the entry is a symbolic link. */
  link: boolean
}

/** Options of {@link walkFolder}. */
export interface WalkOptions {
  /** Relative folder paths not to enter (`.git`). */
  skip?: readonly string[] | null | undefined
}

/**
 * List every entry under a folder, sorted by path.
 *
 * @param root
 *   The folder.
 * @param options
 *   Folders to skip (optional).
 * @returns
 *   The entries. Rejects when `root` cannot be listed.
 */
export async function walkFolder(root: string, options?: Readonly<WalkOptions> | null): Promise<WalkedEntry[]> {
  const real = await fs.realpath(root)
  const skip = new Set(options?.skip ?? [])
  const found: WalkedEntry[] = []
  const visit = async (folder: string): Promise<void> => {
    const entries = await fs.readdir(join(root, folder), { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      const path = folder ? `${folder}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (!skip.has(path)) await visit(path)
        continue
      }
      if (!entry.isSymbolicLink()) {
        found.push({ path, kind: 'entry', target: null, link: false })
        continue
      }
      const target = await fs.realpath(join(root, path)).catch(() => null)
      // A dangling link stays an entry: reading it says where it points and that nothing is there.
      if (target !== null && !inside(real, target)) found.push({ path, kind: 'outside', target, link: true })
      else found.push({ path, kind: 'entry', target: null, link: true })
    }
  }
  await visit('')
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/**
 * Whether a path (resolved) lies inside a folder (resolved).
 *
 * @param folder
 *   The folder's real path.
 * @param path
 *   A real path.
 * @returns
 *   True when `path` is the folder or under it.
 */
export function inside(folder: string, path: string): boolean {
  const rest = relative(folder, path)
  return rest === '' || (!rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest))
}
