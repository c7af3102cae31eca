/**
 * `qsb match --secpack DIR FILE…`: trace reposts to the secpack revision they
 * were made from, and show what they lost and what they changed.
 */
import { readDocuments } from '../../read/index.js'
import { entryError, type Match, matchReposts, type MatchProgress, type Repost } from '../../secpack/index.js'
import { noPaint, type Paint, paintFor } from '../colour.js'
import { failureLine } from '../errors.js'
import { exitStatus } from '../exit.js'
import { readInput } from '../inputs.js'
import { type KeyOptions, verifierFor } from '../keys.js'
import { clip, type Io, type OutputMode, printJson, safe } from '../output.js'
import { startProgress } from '../progress.js'

/**
 * Run `qsb match`: read every repost, then trace them all in one walk of the history.
 *
 * @param dir
 *   The checkout (a git clone).
 * @param files
 *   Reposts: pages, posts, mail, scrapes, pastes; `-` for standard input.
 * @param options
 *   Keys and output mode.
 * @param io
 *   Where to write.
 * @returns
 *   Exit status: 0 when every repost traces to a signed revision without a
 *   difference of substance, 1 otherwise.
 */
export async function runMatch(dir: string, files: readonly string[], options: KeyOptions & { mode: OutputMode }, io: Io): Promise<number> {
  const verify = await verifierFor(dir, options, io, 'match')
  // Each input gives reposts (a mailbox may hold several documents) or the failure that took their place.
  const slots: Array<Match | Repost> = []
  for (const name of files) slots.push(...(await readReposts(name, io)))
  const reposts = slots.filter((slot): slot is Repost => !('differences' in slot))
  const progress = await startProgress(io, `matching against ${safe(dir)}`)
  const onProgress = ({ phase, done, total }: MatchProgress): void => {
    const what = phase === 'history' ? `following the history of ${total} documents` : `comparing ${total} reposts`
    progress.update(`match: ${what}: ${done}/${total}`)
  }
  let traced: Match[]
  try {
    traced = await matchReposts(dir, reposts, { verify, onProgress })
  } finally {
    progress.done()
  }
  const results = slots.map((slot) => ('differences' in slot ? slot : (traced[reposts.indexOf(slot)] as Match)))
  const paint = paintFor(io)
  let failed = false
  for (const result of results) {
    if (result.error || result.substance || !result.revision?.signed) failed = true
    if (options.mode === 'table') io.stdout(describe(result, paint))
  }
  if (options.mode !== 'table') printJson(io, options.mode, results)
  return failed ? exitStatus.failed : exitStatus.ok
}

/** The reposts in one input, or the failure that took their place. */
async function readReposts(name: string, io: Io): Promise<Array<Match | Repost>> {
  const input = await readInput(name, io)
  if ('error' in input) return [failure(name, input.error, input.ruleId ?? 'unreadable')]
  try {
    const documents = await readDocuments(input.bytes, { path: name === '-' ? null : name, file: name })
    return documents.map(({ record, unwrapped }) => ({
      file: name,
      record,
      text: unwrapped.text,
      title: unwrapped.hints.title ?? null,
      redirect: unwrapped.redirect ?? null,
    }))
  } catch (error) {
    const entry = entryError(name, error, 'internal')
    return [failure(name, entry.message, entry.ruleId)]
  }
}

function failure(file: string, message: string, ruleId: string | null = null): Match {
  return {
    file,
    document: null,
    revision: null,
    differences: [],
    substance: true,
    record: null,
    diagnostics: [],
    redirect: null,
    error: { message, ruleId, line: null, column: null },
  }
}

/**
 * A match for people: the revision, the verdict, then each difference.
 *
 * @param match
 *   What `matchRepost` found.
 * @param paint
 *   The colours (none off a terminal).
 * @returns
 *   Lines of text.
 */
export function describe(match: Match, paint: Paint = noPaint): string {
  if (match.redirect) return `${safe(match.file)}: ${paint.bad('NO MATCH')}: this post holds no bulletin text; it only redirects to ${safe(match.redirect)}\n`
  if (match.error || !match.revision) {
    return `${failureLine(match.error ?? { message: 'no revision', line: null, column: null }, match.file, paint.bad('NO MATCH'))}\n`
  }
  const { revision } = match
  const lines = [
    `${safe(match.file)} → ${safe(match.document ?? '?')} @ ${revision.commit.slice(0, 12)} (${revision.date.slice(0, 10)}, ${revision.signed ? 'signed' : `not signed: ${revision.state}`})`,
  ]
  for (const note of match.diagnostics) lines.push(`  note: ${safe(note.message)}`)
  const substance = match.differences.filter((difference) => difference.substance)
  const noise = match.differences.filter((difference) => !difference.substance)
  lines.push(
    substance.length === 0
      ? `  ${paint.good('faithful')}: no difference of substance${revision.signed ? '; the signed text is the revision’s, not this copy’s' : ''}`
      : `  ${paint.bad(`DIFFERENCES OF SUBSTANCE (${substance.length})`)}: this copy does not say what ${revision.signed ? 'was signed' : 'the revision says'}`,
  )
  for (const difference of substance) {
    const before = difference.revision ? `revision line ${difference.revision.line} “${safe(difference.revision.text)}”` : ''
    const after = difference.repost ? `copy line ${difference.repost.line} “${safe(difference.repost.text)}”` : ''
    const what = difference.line ? ` (${difference.line})` : ''
    lines.push(`    ${difference.kind.padEnd(8)} ${[before, after].filter(Boolean).join(' → ')}${what}`)
  }
  if (noise.length > 0) lines.push(`  noise (${noise.length}), not a difference of substance:`)
  for (const difference of noise) {
    const side = difference.revision
      ? `lost: revision line ${difference.revision.line} “${safe(difference.revision.text)}”`
      : `added: copy line ${difference.repost?.line ?? '?'} “${safe(clip(difference.repost?.text ?? '', 60))}”`
    lines.push(`    ${(difference.line ?? 'noise').padEnd(12)} ${side}`)
  }
  return `${lines.join('\n')}\n`
}
