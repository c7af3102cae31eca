/**
 * Which files of a checkout are not HEAD's: changed, missing, or not in
 * HEAD at all. A signed tag authenticates HEAD's tree, so those are exactly
 * the files no tag covers.
 *
 * Stricter than `git status`: each file's exact bytes are hashed as git
 * hashes a blob (`blob SIZE\0BYTES`, SHA-1) and compared with the blob id in
 * HEAD's tree (no index, no stat cache, no `.gitattributes` conversions), and
 * files `.gitignore` hides are listed too — ignored or not, no tag covers
 * them. Hashing ties the bytes to the id the signed tag covers through its
 * commit and tree, which is what reading the stored blob would do too
 * (isomorphic-git checks each object's SHA-1 against its id), without
 * inflating every blob of the checkout; it relies on SHA-1 exactly as git's
 * own signed tags do. A file too large to hash in memory is compared with the
 * stored blob byte for byte instead. Every file is read through the bounded,
 * regular-file-only reader; a link is compared by where it points, as git
 * stores it.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { readRegularFile, walkFolder } from '../../read/node/index.js'
import { mapInOrder } from '../concurrent.js'
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
  const { createHash } = await import('node:crypto')
  const sha1 = (bytes: Uint8Array): string => {
    const hash = createHash('sha1')
    hash.update(`blob ${bytes.byteLength}\0`)
    hash.update(bytes)
    return hash.digest('hex')
  }
  const submodules = [...head].filter(([, file]) => file.mode === '160000').map(([path]) => `${path}/`)
  const changed = new Set<string>()
  const present = new Set<string>()
  // A linked worktree's `.git` is a file naming the repository; a submodule's files are its own repository's.
  const entries = (await walkFolder(dir, { skip: ['.git'] })).filter(
    (entry) => entry.path !== '.git' && !submodules.some((prefix) => entry.path.startsWith(prefix)),
  )
  const unchanged = await mapInOrder(entries, async (entry) => {
    const file = head.get(entry.path)
    return file !== undefined && (await same(repository, dir, entry.path, entry.link, file, sha1))
  })
  entries.forEach((entry, index) => {
    present.add(entry.path)
    if (!unchanged[index]) changed.add(entry.path)
  })
  for (const [path, file] of head) if (!present.has(path) && file.mode !== '160000') changed.add(path)
  // Submodules are compared by their own repositories, which a tag here does not cover beyond the commit id it names.
  return [...changed].sort()
}

/** Largest file hashed in memory; a larger one is compared with the stored blob. */
const hashLimit = 64 * 1024 * 1024

async function same(
  repository: Repository,
  dir: string,
  path: string,
  link: boolean,
  file: HeadFile,
  blobId: (bytes: Uint8Array) => string,
): Promise<boolean> {
  if (file.mode === '160000') return false
  if (file.mode === '120000') {
    if (!link) return false
    // Where the link points, as bytes: git stores the target as the blob's content.
    const target = await fs.readlink(join(dir, path), { encoding: 'buffer' }).catch(() => null)
    return target !== null && blobId(target) === file.oid
  }
  if (link) return false
  const read = readRegularFile(join(dir, path), hashLimit)
  if ('failure' in read) {
    if (read.failure.ruleId !== 'too-large') return false
    const blob = await repository.blob(file.oid)
    const whole = readRegularFile(join(dir, path), blob.byteLength)
    if ('failure' in whole || whole.bytes.byteLength !== blob.byteLength || !whole.bytes.every((byte, index) => byte === blob[index])) return false
  } else if (blobId(read.bytes) !== file.oid) return false
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
