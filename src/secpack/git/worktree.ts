/**
 * Which files of a checkout are not HEAD's: changed, missing, or not in
 * HEAD at all. A signed tag authenticates HEAD's tree, so those are exactly
 * the files no tag covers.
 *
 * Stricter than `git status`: the files are compared with HEAD's blobs byte
 * for byte (no index, no stat cache, no `.gitattributes` conversions), and
 * files `.gitignore` hides are listed too — ignored or not, no tag covers
 * them. Every file is read through the bounded, regular-file-only reader; a
 * link is compared by where it points, as git stores it.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { readRegularFile, walkFolder } from '../../read/node/index.js'
import type { Repository } from './repository.js'

/** A file of HEAD's tree. */
interface HeadFile {
  mode: string
  oid: string
}

/**
 * The paths that differ between a checkout's files and HEAD.
 *
 * @param repository
 *   The repository (with a working tree).
 * @param dir
 *   The checkout's folder.
 * @returns
 *   Paths relative to the checkout, `/`-separated, sorted: changed, missing
 *   (deleted) and untracked ones alike.
 */
export async function changedPaths(repository: Repository, dir: string): Promise<string[]> {
  const head = await headFiles(repository)
  const submodules = [...head].filter(([, file]) => file.mode === '160000').map(([path]) => `${path}/`)
  const changed = new Set<string>()
  const present = new Set<string>()
  for (const entry of await walkFolder(dir, { skip: ['.git'] })) {
    // A linked worktree's `.git` is a file naming the repository; a submodule's files are its own repository's.
    if (entry.path === '.git' || submodules.some((prefix) => entry.path.startsWith(prefix))) continue
    present.add(entry.path)
    const file = head.get(entry.path)
    if (!file || !(await same(repository, dir, entry.path, entry.link, file))) changed.add(entry.path)
  }
  for (const [path, file] of head) if (!present.has(path) && file.mode !== '160000') changed.add(path)
  // Submodules are compared by their own repositories, which a tag here does not cover beyond the commit id it names.
  return [...changed].sort()
}

async function same(repository: Repository, dir: string, path: string, link: boolean, file: HeadFile): Promise<boolean> {
  if (file.mode === '160000') return false
  const blob = await repository.blob(file.oid)
  if (file.mode === '120000') {
    if (!link) return false
    const target = await fs.readlink(join(dir, path)).catch(() => null)
    return target !== null && target === new TextDecoder().decode(blob)
  }
  if (link) return false
  // One byte more than the blob: a longer file is told apart without reading it all.
  const read = readRegularFile(join(dir, path), blob.byteLength)
  if ('failure' in read || read.bytes.byteLength !== blob.byteLength) return false
  if (!read.bytes.every((byte, index) => byte === blob[index])) return false
  const executable = ((await fs.lstat(join(dir, path)).catch(() => null))?.mode ?? 0) & 0o111
  return (file.mode === '100755') === (executable !== 0)
}

/** Every file of HEAD's tree by path. */
async function headFiles(repository: Repository): Promise<Map<string, HeadFile>> {
  const files = new Map<string, HeadFile>()
  const visit = async (tree: string, prefix: string): Promise<void> => {
    for (const entry of await repository.tree(tree)) {
      const path = `${prefix}${entry.name}`
      if (entry.type === 'tree') await visit(entry.oid, `${path}/`)
      else files.set(path, { mode: entry.mode, oid: entry.oid })
    }
  }
  await visit((await repository.commit(repository.head)).tree, '')
  return files
}
