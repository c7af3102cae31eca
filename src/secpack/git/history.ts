/**
 * `history`: one record per commit that changed a document or one of its
 * signature files — the commits `git log -- DOC 'DOC.sig.*' 'DOC.sign.*'`
 * lists, in its order — with the state of the signatures at each.
 */
import { isAbsolute, posix, relative } from 'node:path'
import { documentFolders, isDocumentName, signerIn } from '../../names/secpack.js'
import type { HistoryEntry, HistoryRecord } from '../schema.js'
import type { Verifier } from '../types.js'
import { errorVerdict, stateOf, VerdictCache } from '../verification.js'
import { openRepository, type Repository } from './repository.js'
import { Snapshots } from './snapshots.js'
import { simplifiedLog } from './walk.js'

/** Options of {@link history}. */
export interface HistoryOptions {
  /**
   * Documents to follow, relative to the checkout (`QSBs/qsb-080-2022.txt`).
   * Default: every bulletin and canary in `QSBs/` and `canaries/` of any commit
   * reachable from HEAD — the ones in HEAD and the ones removed or renamed since.
   */
  files?: readonly string[] | null | undefined
  /** Checks a document's signatures; required, since the states are its verdicts. */
  verify: Verifier
}

/**
 * Follow documents through a checkout's git history.
 *
 * @param dir
 *   The checkout (any folder with a `.git`, a linked worktree, or a bare repository).
 * @param options
 *   Documents to follow and the verifier.
 * @returns
 *   Records, document by document (in the order given, or sorted by path),
 *   each document's newest commit first; a document no commit changed gets a
 *   failure entry instead. Throws a `SecpackError` before the first entry when
 *   the folder is no git checkout.
 *
 * @example
 *   for await (const entry of history('qubes-secpack', { verify })) {
 *     if ('state' in entry) console.log(entry.file, entry.commit.slice(0, 12), entry.state)
 *   }
 */
export async function* history(dir: string, options: Readonly<HistoryOptions>): AsyncGenerator<HistoryEntry> {
  const repository = await openRepository(dir)
  const given = options.files ? [...options.files] : null
  const paths = given?.map((file) => documentPath(dir, file)) ?? []
  const folders = given ? [...new Set(paths.flatMap((path) => (path === null ? [] : [folderOf(path)])))] : [...documentFolders]
  const snapshots = await Snapshots.load(repository, folders)
  const verdicts = new VerdictCache(options.verify)
  const files = given ?? everyDocument(snapshots)
  for (const [index, file] of files.entries()) {
    const path = given ? paths[index] : file
    if (!path) {
      yield failure(file, `${file}: not inside ${dir}`, 'outside-checkout')
      continue
    }
    const folder = folders.indexOf(folderOf(path))
    const name = path.slice(path.lastIndexOf('/') + 1)
    if (snapshots.files(0, folder, name).folder) {
      yield failure(file, `${file}: a folder, not a document (give no files to follow every document)`, 'not-a-document')
      continue
    }
    let listed = false
    for (const commit of simplifiedLog(0, snapshots.graph(folder, name))) {
      listed = true
      const oid = snapshots.info(commit).oid
      if (repository.shallow.has(oid)) {
        // The clone's history stops here: the document is present, but whether this commit changed it is unknown.
        yield failure(file, shallowMessage(file, dir, oid), 'shallow-clone')
        continue
      }
      yield await toRecord(repository, snapshots, verdicts, commit, folder, name)
    }
    if (!listed) {
      yield failure(file, `${file}: not in the history of ${dir} (no commit reachable from HEAD changed it)`, 'not-in-history')
    }
  }
}

async function toRecord(
  repository: Repository,
  snapshots: Snapshots,
  verdicts: VerdictCache,
  index: number,
  folder: number,
  name: string,
): Promise<HistoryRecord> {
  const commit = snapshots.info(index)
  const files = snapshots.files(index, folder, name)
  const base = snapshots.folders[folder] ?? ''
  const signatures = files.signatures.map((entry) => ({
    source: posix.join(base, entry.name),
    signer: signerIn(name, entry.name),
    id: entry.oid,
    read: () => repository.blob(entry.oid),
  }))
  const document = files.document
  const record = { file: posix.join(base, name), commit: commit.oid, date: commit.date, subject: commit.subject }
  if (!document) {
    // Removed (or renamed away): signatures left behind have nothing to be checked against.
    const note = 'the document is not in this commit: nothing to check the signature against'
    return {
      ...record,
      blob: null,
      signatures: signatures.map((signature) => errorVerdict(signature.source, signature.signer, note)),
      state: 'removed',
    }
  }
  const checked = await verdicts.check(document.oid, () => repository.blob(document.oid), signatures)
  return { ...record, blob: document.oid, signatures: checked, state: stateOf(checked) }
}

/** Every bulletin and canary path in `QSBs/` and `canaries/` of any commit reachable from HEAD, sorted. */
function everyDocument(snapshots: Snapshots): string[] {
  const found: string[] = []
  snapshots.folders.forEach((folder, index) => {
    for (const name of snapshots.names(index)) if (isDocumentName(name)) found.push(`${folder}/${name}`)
  })
  return found.sort()
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash === -1 ? '' : path.slice(0, slash)
}

/** A path relative to the checkout with `/` separators, or null when it points outside. */
function documentPath(dir: string, given: string): string | null {
  const path = isAbsolute(given) ? relative(dir, given) : given
  const normal = posix.normalize(path.replaceAll('\\', '/'))
  if (normal.startsWith('../') || normal === '..' || normal === '.' || posix.isAbsolute(normal)) return null
  return normal.replace(/\/+$/, '')
}

/**
 * The failure a shallow clone's boundary gives in place of a record.
 *
 * @param file
 *   The document.
 * @param dir
 *   The checkout.
 * @param oid
 *   The boundary commit.
 * @returns
 *   The message.
 */
export function shallowMessage(file: string, dir: string, oid: string): string {
  return `${file}: ${dir} is a shallow clone whose history stops at ${oid.slice(0, 12)}: what happened to it before is unknown (run \`git fetch --unshallow\`)`
}

function failure(file: string, message: string, ruleId: string): HistoryEntry {
  return { file, error: { message, ruleId, line: null, column: null } }
}
