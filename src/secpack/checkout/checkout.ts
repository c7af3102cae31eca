/**
 * `checkoutRecord`: whether a checkout itself is authenticated, the way the
 * secpack's README says to check it (`git tag -v $(git describe)`): HEAD is
 * the target of a tag that a security-team key signed, and the files are
 * exactly HEAD's. Files that differ from HEAD, or are not in it, are covered
 * by no tag, so they are listed.
 *
 * What a tag proves rests on git's object ids, which are SHA-1: the tag
 * signs the commit's id, the commit names its tree's id, and so on down to
 * every file. See docs/verification.md for what that does and does not prove.
 */
import type { CheckoutRecord, TagRecord } from '../checkout-schema.js'
import { mapInOrder } from '../concurrent.js'
import { reasonOf, SecpackError } from '../errors.js'
import { openRepository, type Repository } from '../git/repository.js'
import { tagCommit, tagRecord } from '../git/tags.js'
import { changedPaths } from '../git/worktree.js'
import type { ScanEntry } from '../schema.js'
import type { TagVerifier } from '../types.js'

/** Options of {@link checkoutRecord}. */
export interface CheckoutOptions {
  /** Checks a tag object's signature. */
  verifyTag: TagVerifier
  /** Called on each tag on HEAD once verified (to apply an accept list), before the record is made. */
  onTag?: ((tag: TagRecord) => TagRecord) | null | undefined
  /** Tags already read and verified (`qsb tags` has them all): those on HEAD are taken from here. */
  tags?: readonly TagRecord[] | null | undefined
}

/**
 * The closing record of a scan.
 *
 * @param dir
 *   The checkout.
 * @param entries
 *   The scan's entries (for the totals), or null (no totals).
 * @param options
 *   The tag verifier.
 * @returns
 *   The record. A folder that is no git checkout gets `head: null` and a note,
 *   never an exception.
 */
export async function checkoutRecord(
  dir: string,
  entries: readonly ScanEntry[] | null,
  options: Readonly<CheckoutOptions>,
): Promise<CheckoutRecord> {
  const record: CheckoutRecord = {
    kind: 'checkout',
    head: null,
    tag: null,
    signer: null,
    tags: [],
    clean: null,
    changed: [],
    shallow: false,
    authentic: false,
    totals: entries ? totals(entries) : null,
    notes: [],
  }
  let repository: Repository
  try {
    repository = await openRepository(dir)
  } catch (error) {
    const reason = error instanceof SecpackError && /is not a git checkout/.test(error.message) ? `${dir} is not a git checkout` : reasonOf(error)
    record.notes.push(`${reason}: no signed tag can authenticate it; only the files' own signatures were checked`)
    return record
  }
  record.head = repository.head
  record.shallow = repository.shallow.size > 0
  if (record.shallow) record.notes.push('a shallow clone: the history is cut, but tags on HEAD still authenticate it')
  if (options.tags) record.tags = options.tags.filter((tag) => tag.commit === repository.head)
  else {
    // Every tag object is read to find the ones on HEAD (packed-refs' peeled lines are not trusted), several at once.
    const refs = await repository.tags()
    const commits = await mapInOrder(refs, (ref) => tagCommit(repository, ref))
    const onHead = refs.filter((_, index) => commits[index] === repository.head)
    for (const tag of await mapInOrder(onHead, (ref) => tagRecord(repository, ref, options.verifyTag))) {
      record.tags.push(options.onTag ? options.onTag(tag) : tag)
    }
  }
  const authenticating = record.tags.find((tag) => tag.status === 'good' && tag.role === 'security-team')
  record.tag = authenticating?.tag ?? null
  record.signer = authenticating?.signer ?? null
  if (record.tags.length === 0) record.notes.push('HEAD is not tagged: no signed tag authenticates it')
  else if (!authenticating) record.notes.push('no tag on HEAD is a good tag by a security-team key')
  if (repository.worktree) {
    record.changed = await changedPaths(repository, dir)
    record.clean = record.changed.length === 0
    if (!record.clean) record.notes.push(`${record.changed.length} paths differ from HEAD or are not in it: no tag covers them`)
  } else record.notes.push('a bare repository: no working tree to compare with HEAD')
  record.authentic = authenticating !== undefined && record.clean === true
  return record
}

function totals(entries: readonly ScanEntry[]): CheckoutRecord['totals'] {
  const counts = { files: entries.length, authentic: 0, accepted: 0, failed: 0, unsigned: 0 }
  for (const entry of entries) {
    const signatures = entry.verification?.signatures ?? []
    if (entry.error) counts.failed++
    else if (entry.verification?.authentic) counts.authentic++
    else if (signatures.length === 0) {
      if (entry.kind === 'bulletin' || entry.kind === 'canary' || entry.kind === 'digests') counts.unsigned++
    } else if (signatures.every((signature) => signature.status === 'good' || signature.status === 'accepted')) counts.accepted++
    else counts.failed++
  }
  return counts
}
