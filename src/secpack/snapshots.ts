/**
 * Every commit reachable from HEAD with the trees of the folders that hold
 * documents, read once up front (each commit, root tree and folder tree read
 * once, and shared by every document); afterwards a document's files at any
 * commit are looked up without touching the repository again. A commit whose
 * folder tree is the same object as its parent's changed nothing in it.
 */
import { pathspecOwners } from './names.js'
import type { CommitInfo, Repository, TreeEntry } from './repository.js'

/** A document and its signature files in one tree. */
export interface DocumentFiles {
  /** The document's entry, or null when it is not there (or is no file). */
  document: TreeEntry | null
  /** Its signature files (`DOC.sig.*`, `DOC.sign.*`), in name order. */
  signatures: TreeEntry[]
  /** Modes, ids and names of every entry git's pathspecs `DOC DOC.sig.* DOC.sign.*` match: equal keys, TREESAME. */
  key: string
}

/** A commit as the walk sees it: its metadata and, per folder, the folder's tree id or null. */
export interface SnapshotCommit extends CommitInfo {
  /** Tree id of each folder asked for, in the order asked; null where the commit has no such folder. */
  folders: Array<string | null>
}

const nothing: DocumentFiles = { document: null, signatures: [], key: '' }

/** The history's commits and folder trees, loaded once. */
export class Snapshots {
  /** The folders loaded, in order (`QSBs`, `canaries`). */
  readonly folders: readonly string[]
  readonly #commits: ReadonlyMap<string, SnapshotCommit>
  readonly #trees: ReadonlyMap<string, TreeEntry[]>
  readonly #files = new Map<string, Map<string, DocumentFiles>>()
  readonly #changes = new Map<string, Map<string, Set<string>>>()

  private constructor(folders: readonly string[], commits: ReadonlyMap<string, SnapshotCommit>, trees: ReadonlyMap<string, TreeEntry[]>) {
    this.folders = folders
    this.#commits = commits
    this.#trees = trees
  }

  /**
   * Read every commit reachable from HEAD and the trees of some folders in each.
   *
   * @param repository
   *   The repository.
   * @param folders
   *   Folder paths (`QSBs`; `` for the top).
   * @returns
   *   The loaded snapshots.
   */
  static async load(repository: Repository, folders: readonly string[]): Promise<Snapshots> {
    const commits = new Map<string, SnapshotCommit>()
    const trees = new Map<string, TreeEntry[]>()
    const stack = [repository.head]
    const seen = new Set(stack)
    for (let oid = stack.pop(); oid !== undefined; oid = stack.pop()) {
      const commit = await repository.commit(oid)
      const ids: Array<string | null> = []
      for (const folder of folders) {
        const tree = await repository.folder(commit.tree, folder)
        // Plain code-unit order keeps every name that starts with `DOC` in one run, whatever order git stored.
        if (tree !== null && !trees.has(tree)) trees.set(tree, [...(await repository.tree(tree))].sort(byName))
        ids.push(tree)
      }
      commits.set(oid, { ...commit, folders: ids })
      for (const parent of commit.parents) {
        if (seen.has(parent)) continue
        seen.add(parent)
        stack.push(parent)
      }
    }
    return new Snapshots(folders, commits, trees)
  }

  /**
   * A loaded commit.
   *
   * @param oid
   *   Commit id, reachable from HEAD.
   * @returns
   *   The commit and its folder trees.
   */
  commit(oid: string): SnapshotCommit {
    const commit = this.#commits.get(oid)
    if (!commit) throw new Error(`Commit ${oid} was not loaded`)
    return commit
  }

  /**
   * Every name a folder had in any commit.
   *
   * @param folder
   *   Index of the folder in {@link Snapshots.folders}.
   * @returns
   *   The entry names of all its trees, each once.
   */
  names(folder: number): Set<string> {
    const trees = new Set<string>()
    for (const commit of this.#commits.values()) {
      const tree = commit.folders[folder]
      if (tree) trees.add(tree)
    }
    const names = new Set<string>()
    for (const tree of trees) for (const entry of this.#trees.get(tree) ?? []) names.add(entry.name)
    return names
  }

  /**
   * A document's files at a commit.
   *
   * @param commit
   *   Commit id.
   * @param folder
   *   Index of the document's folder in {@link Snapshots.folders}.
   * @param name
   *   The document's file name.
   * @returns
   *   The document and its signature files there.
   */
  files(commit: string, folder: number, name: string): DocumentFiles {
    const tree = this.commit(commit).folders[folder] ?? null
    return tree === null ? nothing : this.#inTree(tree, name)
  }

  /**
   * Whether a document and its signature files are the same in a commit and a parent.
   *
   * @param commit
   *   Commit id.
   * @param parent
   *   One of its parents.
   * @param folder
   *   Index of the document's folder.
   * @param name
   *   The document's file name.
   * @returns
   *   True when git would call the commit TREESAME to that parent for these paths.
   */
  same(commit: string, parent: string, folder: number, name: string): boolean {
    const mine = this.commit(commit).folders[folder] ?? null
    const theirs = this.commit(parent).folders[folder] ?? null
    if (mine === theirs) return true
    if (mine === null || theirs === null) return this.#inTree((mine ?? theirs) as string, name).key === ''
    return !this.#changed(mine, theirs).has(name)
  }

  /** The documents whose pathspecs match a name that differs between two trees, as git's tree diff finds them. */
  #changed(a: string, b: string): Set<string> {
    const [first, second] = a < b ? [a, b] : [b, a]
    let bySecond = this.#changes.get(first)
    if (!bySecond) {
      bySecond = new Map()
      this.#changes.set(first, bySecond)
    }
    let found = bySecond.get(second)
    if (!found) {
      found = new Set()
      for (const name of differences(this.#trees.get(first) ?? [], this.#trees.get(second) ?? [])) {
        for (const owner of pathspecOwners(name)) found.add(owner)
      }
      bySecond.set(second, found)
    }
    return found
  }

  #inTree(tree: string, name: string): DocumentFiles {
    let byName = this.#files.get(tree)
    if (!byName) {
      byName = new Map()
      this.#files.set(tree, byName)
    }
    let found = byName.get(name)
    if (!found) {
      found = collect(this.#trees.get(tree) ?? [], name)
      byName.set(name, found)
    }
    return found
  }
}

function byName(a: TreeEntry, b: TreeEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

/** Names whose entry (mode or id) differs between two name-sorted trees, or that only one has. */
function* differences(a: readonly TreeEntry[], b: readonly TreeEntry[]): Generator<string> {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const left = a[i]
    const right = b[j]
    if (left && right && left.name === right.name) {
      if (left.oid !== right.oid || left.mode !== right.mode) yield left.name
      i++
      j++
    } else if (left && (!right || left.name < right.name)) {
      yield left.name
      i++
    } else if (right) {
      yield right.name
      j++
    }
  }
}

function collect(entries: readonly TreeEntry[], name: string): DocumentFiles {
  let low = 0
  let high = entries.length
  while (low < high) {
    const middle = (low + high) >> 1
    if ((entries[middle] as TreeEntry).name < name) low = middle + 1
    else high = middle
  }
  let document: TreeEntry | null = null
  const signatures: TreeEntry[] = []
  let key = ''
  for (let index = low; index < entries.length; index++) {
    const entry = entries[index] as TreeEntry
    if (!entry.name.startsWith(name)) break
    if (entry.name !== name && !pathspecOwners(entry.name).includes(name)) continue
    key += `${entry.mode} ${entry.oid} ${entry.name}\n`
    if (entry.type !== 'blob') continue
    if (entry.name === name) document = entry
    else signatures.push(entry)
  }
  return key === '' ? nothing : { document, signatures, key }
}
