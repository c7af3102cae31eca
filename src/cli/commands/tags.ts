/**
 * `qsb tags DIR`: every tag of a checkout with the verdict on its signature,
 * then whether a good security-team tag authenticates HEAD (what
 * `git tag -v $(git describe)` shows a person) and whether the files are HEAD's.
 */
import { tagVerifier } from '../../read/index.js'
import { type CheckoutRecord, checkoutRecord, readTags, type TagRecord } from '../../secpack/index.js'
import { errorText, loadAcceptor, reportAcceptor } from '../accept.js'
import { type KeyOptions, keyringFor } from '../keys.js'
import { type Io, type OutputMode, printJson, safe, table } from '../output.js'

/** Options of `qsb tags`. */
export interface TagsCommandOptions extends KeyOptions {
  mode: OutputMode
  accept: string | undefined
}

/**
 * Run `qsb tags`.
 *
 * @param dir
 *   The checkout.
 * @param options
 *   Keys, accept file, output mode.
 * @param io
 *   Where to write.
 * @returns
 *   Exit status: 0 when every signed tag is good (or accepted) and a good
 *   security-team tag on HEAD authenticates a clean checkout; 1 otherwise.
 */
export async function runTags(dir: string, options: TagsCommandOptions, io: Io): Promise<number> {
  let checkout: CheckoutRecord
  const tags: TagRecord[] = []
  let acceptFailed: boolean
  try {
    const acceptor = await loadAcceptor(options.accept)
    const keyring = await keyringFor(dir, options, io)
    const verify = tagVerifier(keyring, { policy: options.strict ? 'strict' : 'gnupg' })
    for await (const tag of readTags(dir, { verify })) {
      const record = acceptor.tag(tag, tag.tag)
      if (options.mode === 'ndjson') printJson(io, 'ndjson', [record])
      tags.push(record)
    }
    checkout = await checkoutRecord(dir, null, { verifyTag: verify, tags })
    acceptFailed = reportAcceptor(acceptor, 'tags', io)
  } catch (error) {
    io.stderr(`qsb tags: ${errorText(error)}\n`)
    return 1
  }
  if (options.mode === 'ndjson') printJson(io, 'ndjson', [checkout])
  if (options.mode === 'json') printJson(io, 'json', [...tags, checkout])
  if (options.mode === 'table') io.stdout(`${tagTable(tags)}${summary(tags)}${describeCheckout(checkout)}`)
  const failed = tags.some((tag) => !['good', 'unsigned', 'accepted'].includes(tag.status))
  return failed || acceptFailed || !checkout.authentic ? 1 : 0
}

function tagTable(tags: readonly TagRecord[]): string {
  const rows = tags.map((tag) => [
    safe(tag.tag),
    tag.commit?.slice(0, 12) ?? '-',
    safe(tag.signer ?? '?'),
    tag.role ?? '-',
    tag.created?.slice(0, 10) ?? '',
    tag.status === 'accepted' ? `accepted (${tag.accepted?.status ?? ''})` : tag.status,
  ])
  return table(['TAG', 'COMMIT', 'SIGNER', 'ROLE', 'SIGNED', 'STATUS'], rows)
}

function summary(tags: readonly TagRecord[]): string {
  const counts = new Map<string, number>()
  for (const tag of tags) {
    const key = tag.status === 'good' ? `good (${tag.role ?? '?'})` : tag.status
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => `${count} ${key}`)
  return `${tags.length} tags: ${parts.join(', ')}\n`
}

/**
 * The checkout record in words: which tag authenticates HEAD, and what it does not cover.
 *
 * @param checkout
 *   The record.
 * @returns
 *   Lines of text.
 */
export function describeCheckout(checkout: CheckoutRecord): string {
  const lines: string[] = []
  if (checkout.head === null) return `checkout: NOT AUTHENTICATED BY A TAG: ${safe(checkout.notes.join('; '))}\n`
  const head = checkout.head.slice(0, 12)
  if (checkout.authentic) {
    lines.push(`checkout: AUTHENTIC: HEAD ${head} is tagged \`${safe(checkout.tag ?? '')}\`, signed by ${safe(checkout.signer ?? '?')} (security team); the files are HEAD's`)
  } else {
    const tag = checkout.tag ? `HEAD ${head} is tagged \`${safe(checkout.tag)}\` by ${safe(checkout.signer ?? '?')}` : `HEAD ${head}`
    lines.push(`checkout: NOT AUTHENTIC: ${tag}; ${safe(checkout.notes.join('; '))}`)
  }
  for (const tag of checkout.tags) if (tag.tag !== checkout.tag) lines.push(`  also on HEAD: ${safe(tag.tag)} ${tag.status} (${tag.role ?? 'no role'})`)
  const shown = checkout.changed.slice(0, 20)
  for (const path of shown) lines.push(`  not covered by any tag: ${safe(path)}`)
  if (checkout.changed.length > shown.length) lines.push(`  … and ${checkout.changed.length - shown.length} more (see --json)`)
  return `${lines.join('\n')}\n`
}
