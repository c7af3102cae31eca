/**
 * Every commit reachable from HEAD with the trees of the folders that hold
 * documents, read once up front (each commit, root tree and folder tree read
 * once, and shared by every document); afterwards the per-document walks run
 * on small integers without touching the repository again.
 *
 * Sameness is worked out as git does it, by diffing trees: a commit whose
 * folder tree is the same object as its parent's changed nothing in it;
 * otherwise the two trees are diffed once, and the names that differ tell
 * which documents (by git's pathspecs `DOC DOC.sig.* DOC.sign.*`) changed.
 */
import { pathspecOwners } from '../../names/secpack.js'
import type { CommitInfo, Repository, TreeEntry } from './repository.js'
import type { WalkGraph } from './walk.js'

/** A document and its signature files in one tree. */
export interface DocumentFiles {
  /** The document's entry, or null when it is not there (or is no file). */
  document: TreeEntry | null
  /** Its signature files (`DOC.sig.*`, `DOC.sign.*`), in name order. */
  signatures: TreeEntry[]
  /** Whether the tree has any entry the pathspecs match (the document, a signature, or a folder by such a name). */
  present: boolean
  /** Whether the document's name is a folder here. */
  folder: boolean
}

/** A loaded commit: its metadata, its parents as indices, and per folder the folder's tree as an index (-1: none). */
interface Loaded {
  info: CommitInfo
  parents: number[]
  timestamp: number
  trees: number[]
}

const nothing: DocumentFiles = { document: null, signatures: [], present: false, folder: false }

/** The history's commits and folder trees, loaded once. */
export class Snapshots {
  /** The folders loaded, in order (`QSBs`, `canaries`). */
  readonly folders: readonly string[]
  readonly #commits: readonly Loaded[]
  /** Entries of each distinct tree, sorted by name. */
  readonly #trees: ReadonlyArray<readonly TreeEntry[]>
  readonly #files = new Map<number, Map<string, DocumentFiles>>()
  readonly #changes = new Map<number, Set<string>>()

  private constructor(folders: readonly string[], commits: readonly Loaded[], trees: ReadonlyArray<readonly TreeEntry[]>) {
    this.folders = folders
    this.#commits = commits
    this.#trees = trees
  }

  /**
   * Read every commit reachable from HEAD (index 0) and the trees of some folders in each, each object once.
   *
   * @param repository
   *   The repository.
   * @param folders
   *   Folder paths (`QSBs`; `` for the top).
   * @returns
   *   The loaded snapshots.
   */
  static async load(repository: Repository, folders: readonly string[]): Promise<Snapshots> {
    const indices = new Map<string, number>()
    const treeIndices = new Map<string, number>()
    const commits: Loaded[] = []
    const trees: Array<readonly TreeEntry[]> = []
    const pending: Array<Promise<void>> = []
    let failure: { error: unknown } | null = null

    // Reads start as soon as an id is known, so a commit's trees and its parents are read side by side.
    function start(read: Promise<void>): void {
      pending.push(
        read.catch((error: unknown) => {
          failure ??= { error }
        }),
      )
    }
    function commitIndex(oid: string): number {
      let index = indices.get(oid)
      if (index === undefined) {
        index = indices.size
        indices.set(oid, index)
        start(readCommit(oid, index))
      }
      return index
    }
    function treeIndex(oid: string): number {
      let index = treeIndices.get(oid)
      if (index === undefined) {
        const at = treeIndices.size
        index = at
        treeIndices.set(oid, at)
        // Plain code-unit order keeps every name that starts with `DOC` in one run, whatever order git stored.
        start(repository.tree(oid).then((entries) => void (trees[at] = [...entries].sort(byName))))
      }
      return index
    }
    async function readCommit(oid: string, index: number): Promise<void> {
      const info = await repository.commit(oid)
      const parents = info.parents.map(commitIndex)
      const folderTrees = await Promise.all(
        folders.map(async (folder) => {
          const tree = await repository.folder(info.tree, folder)
          return tree === null ? -1 : treeIndex(tree)
        }),
      )
      commits[index] = { info, parents, timestamp: info.timestamp, trees: folderTrees }
    }

    commitIndex(repository.head)
    for (let index = 0; index < pending.length; index++) await pending[index]
    if (failure) throw (failure as { error: unknown }).error
    return new Snapshots(folders, commits, trees)
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
    const names = new Set<string>()
    for (const tree of new Set(this.#commits.map((commit) => commit.trees[folder] ?? -1))) {
      for (const entry of this.#trees[tree] ?? []) names.add(entry.name)
    }
    return names
  }

  /**
   * A loaded commit's metadata.
   *
   * @param commit
   *   Commit index (0 is HEAD).
   * @returns
   *   Its id, date, subject and parents.
   */
  info(commit: number): CommitInfo {
    return (this.#commits[commit] as Loaded).info
  }

  /**
   * The commit graph limited to one document, for {@link simplifiedLog}.
   *
   * @param folder
   *   Index of the document's folder.
   * @param name
   *   The document's file name.
   * @returns
   *   The graph on commit indices; HEAD is 0.
   */
  graph(folder: number, name: string): WalkGraph<number> {
    const commits = this.#commits
    return {
      commit: (commit) => commits[commit] as Loaded,
      same: (commit, parent) => {
        const mine = (commits[commit] as Loaded).trees[folder] ?? -1
        const theirs = (commits[parent] as Loaded).trees[folder] ?? -1
        if (mine === theirs) return true
        if (mine === -1 || theirs === -1) return !this.#inTree(Math.max(mine, theirs), name).present
        return !this.#changed(mine, theirs).has(name)
      },
      present: (commit) => this.files(commit, folder, name).present,
    }
  }

  /**
   * A document's files at a commit.
   *
   * @param commit
   *   Commit index.
   * @param folder
   *   Index of the document's folder.
   * @param name
   *   The document's file name.
   * @returns
   *   The document and its signature files there.
   */
  files(commit: number, folder: number, name: string): DocumentFiles {
    const tree = (this.#commits[commit] as Loaded).trees[folder] ?? -1
    return tree === -1 ? nothing : this.#inTree(tree, name)
  }

  /** The documents whose pathspecs match a name that differs between two trees. */
  #changed(a: number, b: number): Set<string> {
    const key = a < b ? a * this.#trees.length + b : b * this.#trees.length + a
    let found = this.#changes.get(key)
    if (!found) {
      found = new Set()
      for (const name of differences(this.#trees[a] ?? [], this.#trees[b] ?? [])) {
        for (const owner of pathspecOwners(name)) found.add(owner)
      }
      this.#changes.set(key, found)
    }
    return found
  }

  #inTree(tree: number, name: string): DocumentFiles {
    let byName = this.#files.get(tree)
    if (!byName) {
      byName = new Map()
      this.#files.set(tree, byName)
    }
    let found = byName.get(name)
    if (!found) {
      found = collect(this.#trees[tree] ?? [], name)
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

/** The entries of a name-sorted tree that git's pathspecs `DOC DOC.sig.* DOC.sign.*` match. */
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
  let present = false
  let folder = false
  for (let index = low; index < entries.length; index++) {
    const entry = entries[index] as TreeEntry
    if (!entry.name.startsWith(name)) break
    if (entry.name !== name && !pathspecOwners(entry.name).includes(name)) continue
    present = true
    if (entry.name === name && entry.type === 'tree') folder = true
    if (entry.type !== 'blob') continue
    if (entry.name === name) document = entry
    else signatures.push(entry)
  }
  return present ? { document, signatures, present, folder } : nothing
}
