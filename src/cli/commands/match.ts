/**
 * `qsb match --secpack DIR FILE…`: trace reposts to the secpack revision they
 * were made from, and show what they lost and what they changed.
 */
import { readDocuments } from '../../read/index.js'
import { entryError, type Match, matchRepost } from '../../secpack/index.js'
import { readInput } from '../inputs.js'
import { type KeyOptions, verifierFor } from '../keys.js'
import { type Paint, paintFor } from '../colour.js'
import { failureLine } from '../errors.js'
import { exitStatus } from '../exit.js'
import { type Io, type OutputMode, printJson, safe } from '../output.js'
import { startProgress } from '../progress.js'

/**
 * Run `qsb match`.
 *
 * @param dir
 *   The checkout (a git clone).
 * @param files
 *   Reposts: pages, posts, mail, scrapes, pastes.
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
  const results: Match[] = []
  let failed = false
  const progress = await startProgress(io, `matching against ${safe(dir)}`)
  const paint = paintFor(io)
  for (const [index, name] of files.entries()) {
    progress.update(`matching ${index + 1} of ${files.length}: ${safe(name)}`)
    const found: Match[] = []
    const input = await readInput(name, io)
    if ('error' in input) {
      found.push(failure(name, input.error, input.ruleId ?? 'unreadable'))
    } else {
      try {
        for (const { record, unwrapped } of await readDocuments(input.bytes, { path: name === '-' ? null : name, file: name })) {
          found.push(await matchRepost(dir, { file: name, record, text: unwrapped.text }, { verify }))
        }
      } catch (error) {
        found.push(failure(name, entryError(name, error, 'internal').message))
      }
    }
    for (const result of found) {
      if (result.error || result.substance || !result.revision?.signed) failed = true
      if (options.mode === 'ndjson') printJson(io, 'ndjson', [result])
      else if (options.mode === 'table') io.stdout(describe(result, paint))
      else results.push(result)
    }
  }
  progress.done()
  if (options.mode === 'json') printJson(io, 'json', results)
  return failed ? exitStatus.failed : exitStatus.ok
}

function failure(file: string, message: string, ruleId: string | null = null): Match {
  return { file, document: null, revision: null, differences: [], substance: true, record: null, error: { message, ruleId, line: null, column: null } }
}

/**
 * A match for people: the revision, the verdict, then each difference.
 *
 * @param match
 *   What `matchRepost` found.
 * @returns
 *   Lines of text.
 */
export function describe(match: Match, paint: Paint = paintFor({} as Io)): string {
  if (match.error || !match.revision) {
    return `${failureLine(match.error ?? { message: 'no revision', line: null, column: null }, match.file, paint.bad('NO MATCH'))}\n`
  }
  const { revision } = match
  const lines = [
    `${safe(match.file)} → ${safe(match.document ?? '?')} @ ${revision.commit.slice(0, 12)} (${revision.date.slice(0, 10)}, ${revision.signed ? 'signed' : `not signed: ${revision.state}`})`,
  ]
  const substance = match.differences.filter((difference) => difference.substance)
  const lost = match.differences.filter((difference) => !difference.substance)
  lines.push(
    substance.length === 0
      ? `  ${paint.good('faithful')}: no difference of substance${revision.signed ? '; the signed text is the revision’s, not this copy’s' : ''}`
      : `  ${paint.bad(`DIFFERENCES OF SUBSTANCE (${substance.length})`)}: this copy does not say what ${revision.signed ? 'was signed' : 'the revision says'}`,
  )
  for (const difference of substance) {
    const before = difference.revision ? `revision line ${difference.revision.line} “${safe(difference.revision.text)}”` : ''
    const after = difference.repost ? `copy line ${difference.repost.line} “${safe(difference.repost.text)}”` : ''
    lines.push(`    ${difference.kind.padEnd(8)} ${[before, after].filter(Boolean).join(' → ')}`)
  }
  if (lost.length > 0) lines.push(`  lost in copying (${lost.length}):`)
  for (const difference of lost) {
    lines.push(`    ${(difference.line ?? 'line').padEnd(10)} revision line ${difference.revision?.line ?? '?'} “${safe(difference.revision?.text ?? '')}”`)
  }
  return `${lines.join('\n')}\n`
}
