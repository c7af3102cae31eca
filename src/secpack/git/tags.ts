/**
 * `readTags`: every tag of a checkout with the verdict on its signature and
 * the commit it points at. The tag objects are read with isomorphic-git as
 * exact bytes and handed, whole, to the injected verifier, which checks the
 * signature over exactly what git signs.
 *
 * A tag object (git's `parse_tag_buffer` wants these lines in this order):
 *
 * ```
 * object OID
 * type commit|tag|tree|blob
 * tag NAME
 * tagger NAME <EMAIL> SECONDS ZONE
 *
 * MESSAGE
 * -----BEGIN PGP SIGNATURE-----
 * …
 * ```
 */
import { latin1 } from '../../encoding/bytes.js'
import { reasonOf } from '../errors.js'
import type { TagRecord } from '../checkout-schema.js'
import type { TagVerifier } from '../types.js'
import { orderedMap } from '../concurrent.js'
import { openRepository, type Repository, type TagRef } from './repository.js'

/** Options of {@link readTags}. */
export interface TagsOptions {
  /** Checks a tag object's signature. */
  verify: TagVerifier
}

/** How deep a chain of tags pointing at tags is followed. */
const maxDepth = 10

/**
 * Every tag of a checkout, verified.
 *
 * @param dir
 *   The checkout (or a bare repository).
 * @param options
 *   The verifier.
 * @returns
 *   One record per tag, sorted by name. Throws a `SecpackError` before the
 *   first record when the folder is no git repository.
 *
 * @example
 *   for await (const tag of readTags('qubes-secpack', { verify })) console.log(tag.tag, tag.status, tag.role)
 */
export async function* readTags(dir: string, options: Readonly<TagsOptions>): AsyncGenerator<TagRecord> {
  const repository = await openRepository(dir)
  // Several tags in flight at once (each read is a chain of file reads and a SHA-1 check), yielded in order.
  yield* orderedMap(await repository.tags(), (ref) => tagRecord(repository, ref, options.verify))
}

/**
 * One tag, verified.
 *
 * @param repository
 *   The repository.
 * @param ref
 *   The tag ref.
 * @param verify
 *   The verifier.
 * @returns
 *   The record; a tag whose object cannot be read gets `status: 'error'`.
 */
export async function tagRecord(repository: Repository, ref: TagRef, verify: TagVerifier): Promise<TagRecord> {
  const record: TagRecord = {
    tag: ref.name,
    object: ref.oid,
    commit: null,
    signer: null,
    fingerprint: null,
    created: null,
    hash: null,
    status: 'error',
    role: null,
    sha256: null,
    accepted: null,
    notes: [],
  }
  let object
  try {
    object = await repository.object(ref.oid)
  } catch (error) {
    return { ...record, notes: [reasonOf(error)] }
  }
  if (object.type !== 'tag') {
    // A lightweight tag: a ref to a commit, with nothing signed.
    const commit = object.type === 'commit' ? ref.oid : null
    const notes = [`a lightweight tag (a ref to a ${object.type}): nothing is signed`]
    return { ...record, commit, status: 'unsigned', notes }
  }
  const header = readHeader(object.content)
  if (typeof header === 'string') return { ...record, notes: [`not a well-formed tag object: ${header}`] }
  const notes: string[] = []
  if (header.name !== ref.name) notes.push(`the tag object names itself \`${header.name}\`, not \`${ref.name}\``)
  const commit = await peel(repository, header, notes)
  let verdict
  try {
    verdict = await verify(object.content, ref.name)
  } catch (error) {
    return { ...record, commit, notes: [...notes, `verification failed: ${reasonOf(error)}`] }
  }
  const { signer, fingerprint, created, hash, status, role } = verdict
  return {
    ...record,
    commit,
    signer,
    fingerprint,
    created,
    hash,
    status,
    role,
    // The whole object, not only its signature block: an accepted tag whose message or target changed is another tag.
    sha256: await sha256(object.content),
    notes: [...verdict.notes, ...notes],
  }
}

/**
 * The commit a tag points at, without checking its signature.
 *
 * @param repository
 *   The repository.
 * @param ref
 *   The tag ref.
 * @returns
 *   The commit id, or null when it points at none (or cannot be read).
 */
export async function tagCommit(repository: Repository, ref: TagRef): Promise<string | null> {
  try {
    const object = await repository.object(ref.oid)
    if (object.type !== 'tag') return object.type === 'commit' ? ref.oid : null
    const header = readHeader(object.content)
    return typeof header === 'string' ? null : await peel(repository, header, [])
  } catch {
    return null
  }
}

/** The object, type and name of a tag object, or why it is malformed. */
function readHeader(content: Uint8Array): { object: string; type: string; name: string } | string {
  const head = latin1(content.subarray(0, 512)).split('\n')
  const object = /^object ([0-9a-f]{40})$/.exec(head[0] ?? '')?.[1]
  const type = /^type (\S+)$/.exec(head[1] ?? '')?.[1]
  const name = /^tag (.+)$/.exec(head[2] ?? '')?.[1]
  if (!object) return 'no `object` line first'
  if (!type) return 'no `type` line second'
  if (name === undefined) return 'no `tag` line third'
  return { object, type, name }
}

/** The commit a tag points at, through tags that point at tags. */
async function peel(repository: Repository, header: { object: string; type: string }, notes: string[]): Promise<string | null> {
  let { object, type } = header
  for (let depth = 0; depth < maxDepth; depth++) {
    if (type === 'commit') return object
    if (type !== 'tag') {
      notes.push(`it points at a ${type}, not a commit`)
      return null
    }
    let found
    try {
      found = await repository.object(object)
    } catch (error) {
      notes.push(`the tag it points at cannot be read: ${reasonOf(error)}`)
      return null
    }
    const inner = found.type === 'tag' ? readHeader(found.content) : null
    if (!inner || typeof inner === 'string') {
      notes.push(`it points at ${object}, which is not a well-formed tag object`)
      return null
    }
    ;({ object, type } = inner)
  }
  notes.push(`a chain of more than ${maxDepth} tags`)
  return null
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const { createHash } = await import('node:crypto')
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * The tags of a repository that point at a commit.
 *
 * @param records
 *   Tag records.
 * @param commit
 *   A commit id.
 * @returns
 *   The records whose `commit` it is.
 */
export function tagsOn(records: readonly TagRecord[], commit: string): TagRecord[] {
  return records.filter((record) => record.commit === commit)
}
