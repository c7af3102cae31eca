/**
 * A git repository read with isomorphic-git: commits, trees and blobs, each
 * object read at most once per run. Works on a checkout (`.git` folder), a
 * linked worktree or submodule (`.git` file), a bare repository, and a
 * shallow clone (whose boundary commits count as roots, as git counts them).
 * isomorphic-git is loaded when the first repository is opened, not when the
 * package is imported (it is the heaviest import of the package).
 */
import { promises as fs } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { SecpackError, reasonOf } from '../errors.js'
import { readOnlyFileSystem } from './read-only-fs.js'

/** What the history walk needs of a commit. */
export interface CommitInfo {
  /** Full id. */
  oid: string
  /** Parent ids, in order (none for a root or a shallow boundary). */
  parents: string[]
  /** Committer time, seconds since the epoch: the key git's walk orders by. */
  timestamp: number
  /** Commit date, ISO 8601 in UTC (`2021-02-17T12:15:10.000Z`). */
  date: string
  /** First line of the message. */
  subject: string
  /** Id of the root tree. */
  tree: string
}

/** An entry of a tree. */
export interface TreeEntry {
  /** Name within the tree. */
  name: string
  /** Git file mode (`100644`, `040000`, …). */
  mode: string
  /** Object id. */
  oid: string
  /** `blob`, `tree` or `commit` (a submodule). */
  type: string
}

/** A tag ref: its name under `refs/tags/` and the object it points at. */
export interface TagRef {
  /** The name (`simon_sec_e12d1f17`). */
  name: string
  /** The object id the ref holds (a tag object, or a commit for a lightweight tag). */
  oid: string
}

/** A repository opened for reading. */
export interface Repository {
  /** The folder as given, for messages. */
  dir: string
  /** Id of the commit HEAD points at. */
  head: string
  /** The boundary commits of a shallow clone (their parents are missing); empty for a full clone. */
  shallow: ReadonlySet<string>
  /** Whether `dir` has a working tree (a checkout), rather than being a bare repository. */
  worktree: boolean
  /** Every tag ref, loose and packed (loose ones win), sorted by name. */
  tags(): Promise<TagRef[]>
  /** Read any object's type and exact content (once). */
  object(oid: string): Promise<{ type: string; content: Uint8Array }>
  /** Read a commit (once). */
  commit(oid: string): Promise<CommitInfo>
  /** Read a tree (once). */
  tree(oid: string): Promise<TreeEntry[]>
  /** Read a blob (once). */
  blob(oid: string): Promise<Uint8Array>
  /** Id of the tree at `path` (`QSBs`, `a/b`; `` for the root) under a root tree, or null. */
  folder(root: string, path: string): Promise<string | null>
}

/**
 * Open the git repository of a checkout.
 *
 * @param dir
 *   The checkout's folder.
 * @returns
 *   The repository. Throws a `SecpackError` when the folder does not exist,
 *   is no git checkout, or has no commits.
 */
export async function openRepository(dir: string): Promise<Repository> {
  const { gitdir, common } = await findGitDir(dir)
  const { readBlob, readCommit, readObject, readTree, resolveRef } = loadGit()
  const system = readOnlyFileSystem()
  const cache = {}
  const head = await resolveHead(dir, gitdir, common, system, resolveRef)
  const shallow = await readLines(join(common, 'shallow'))
  const commits = new Map<string, Promise<CommitInfo>>()
  const trees = new Map<string, Promise<TreeEntry[]>>()
  const blobs = new Map<string, Promise<Uint8Array>>()
  const objects = new Map<string, Promise<{ type: string; content: Uint8Array }>>()

  function once<T>(map: Map<string, Promise<T>>, oid: string, read: () => Promise<T>): Promise<T> {
    let found = map.get(oid)
    if (!found) {
      found = read().catch((error: unknown) => {
        throw new SecpackError(`${dir}: cannot read git object ${oid}: ${reasonOf(error)}`)
      })
      map.set(oid, found)
    }
    return found
  }

  const repository: Repository = {
    dir,
    head,
    shallow,
    worktree: gitdir !== dir,
    tags: () => readTagRefs(common, system, resolveRef),
    object: (oid) =>
      once(objects, oid, async () => {
        const found = await readObject({ fs: system, gitdir: common, oid, format: 'content', cache })
        return { type: found.type, content: found.object as Uint8Array }
      }),
    commit: (oid) =>
      once(commits, oid, async () => {
        const { commit } = await readCommit({ fs: system, gitdir: common, oid, cache })
        return {
          oid,
          parents: shallow.has(oid) ? [] : commit.parent,
          timestamp: commit.committer.timestamp,
          date: isoDate(commit.committer.timestamp),
          subject: commit.message.split('\n', 1)[0] ?? '',
          tree: commit.tree,
        }
      }),
    tree: (oid) =>
      once(trees, oid, async () => {
        const { tree } = await readTree({ fs: system, gitdir: common, oid, cache })
        return tree.map((entry) => ({ name: entry.path, mode: entry.mode, oid: entry.oid, type: entry.type }))
      }),
    blob: (oid) => once(blobs, oid, async () => (await readBlob({ fs: system, gitdir: common, oid, cache })).blob),
    async folder(root, path) {
      let oid: string | null = root
      for (const name of path.split('/').filter(Boolean)) {
        const entries: TreeEntry[] = await repository.tree(oid)
        const entry = entries.find((candidate) => candidate.name === name)
        oid = entry?.type === 'tree' ? entry.oid : null
        if (oid === null) break
      }
      return oid
    },
  }
  return repository
}

/**
 * isomorphic-git, loaded on first use. Node is given its CommonJS build; `require` loads
 * it as is, where `import()` of CommonJS first scans the whole file for its export
 * names (about 35 ms of a cold run).
 *
 * @returns
 *   The module.
 */
function loadGit(): typeof import('isomorphic-git') {
  return createRequire(import.meta.url)('isomorphic-git') as typeof import('isomorphic-git')
}

/**
 * Format a git time as ISO 8601 in UTC, the one form of every time in the
 * records (signature times are UTC too). The committer's own offset is not
 * kept: the same instant reads the same whoever committed it.
 *
 * @param timestamp
 *   Seconds since the epoch.
 * @returns
 *   `2021-02-17T12:15:10.000Z`.
 */
export function isoDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString()
}

async function findGitDir(dir: string): Promise<{ gitdir: string; common: string }> {
  const stat = await fs.stat(dir).catch(() => null)
  if (!stat?.isDirectory()) throw new SecpackError(`${dir}: cannot read: no such folder`)
  const dotGit = join(dir, '.git')
  const dotGitStat = await fs.stat(dotGit).catch(() => null)
  let gitdir: string | null = null
  if (dotGitStat?.isDirectory()) gitdir = dotGit
  else if (dotGitStat?.isFile()) {
    // A linked worktree or a submodule: `.git` is a file naming the real git directory.
    const pointer = /^gitdir: (.+)$/m.exec(await fs.readFile(dotGit, 'utf8'))
    if (pointer?.[1]) gitdir = resolve(dir, pointer[1].trim())
  } else if ((await exists(join(dir, 'HEAD'))) && (await exists(join(dir, 'objects')))) gitdir = dir
  if (!gitdir || !(await exists(join(gitdir, 'HEAD')))) {
    throw new SecpackError(`${dir} is not a git checkout: qsb history, tags and match need the git history; qsb scan works on a plain folder`)
  }
  // A linked worktree keeps HEAD in its own folder, objects and refs in the main one.
  const commondir = (await readLines(join(gitdir, 'commondir'))).values().next().value
  return { gitdir, common: commondir ? resolve(gitdir, commondir) : gitdir }
}

async function resolveHead(
  dir: string,
  gitdir: string,
  common: string,
  system: ReturnType<typeof readOnlyFileSystem>,
  resolveRef: typeof import('isomorphic-git').resolveRef,
): Promise<string> {
  const head = (await fs.readFile(join(gitdir, 'HEAD'), 'utf8')).trim()
  if (/^[0-9a-f]{40}$/.test(head)) return head
  const ref = /^ref: (.+)$/.exec(head)?.[1]
  try {
    if (ref) return await resolveRef({ fs: system, gitdir: common, ref })
  } catch {
    // An unborn branch: reported below.
  }
  throw new SecpackError(`${dir} has no commits: HEAD points at ${ref ?? head}, which does not exist yet`)
}

/**
 * Tag refs, read as git keeps them: loose files under `refs/tags/` and the
 * lines of `packed-refs` (`OID refs/tags/NAME`, `^OID` peeled lines skipped);
 * a loose ref wins over a packed one. isomorphic-git resolves one ref at a
 * time, probing half a dozen paths per ref, which costs seconds for 800 tags.
 */
async function readTagRefs(
  gitdir: string,
  system: ReturnType<typeof readOnlyFileSystem>,
  resolveRef: typeof import('isomorphic-git').resolveRef,
): Promise<TagRef[]> {
  const refs = new Map<string, string>()
  const packed = await fs.readFile(join(gitdir, 'packed-refs'), 'latin1').catch(() => '')
  for (const line of packed.split('\n')) {
    const match = /^([0-9a-f]{40}) refs\/tags\/(.+)$/.exec(line.trim())
    if (match) refs.set(match[2] as string, match[1] as string)
  }
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const entry of await fs.readdir(join(gitdir, folder), { withFileTypes: true }).catch(() => [])) {
      const name = `${prefix}${entry.name}`
      if (entry.isDirectory()) await walk(`${folder}/${entry.name}`, `${name}/`)
      else {
        const text = (await fs.readFile(join(gitdir, folder, entry.name), 'latin1').catch(() => '')).trim()
        if (/^[0-9a-f]{40}$/.test(text)) refs.set(name, text)
        else if (text.startsWith('ref: ')) {
          const oid = await resolveRef({ fs: system, gitdir, ref: text.slice(5) }).catch(() => null)
          if (oid) refs.set(name, oid)
        }
      }
    }
  }
  await walk('refs/tags', '')
  return [...refs].map(([name, oid]) => ({ name, oid })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

async function readLines(path: string): Promise<Set<string>> {
  const text = await fs.readFile(path, 'utf8').catch(() => '')
  return new Set(text.split('\n').map((line) => line.trim()).filter(Boolean))
}

async function exists(path: string): Promise<boolean> {
  return fs.stat(path).then(
    () => true,
    () => false,
  )
}
