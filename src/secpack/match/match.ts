/**
 * `matchRepost`: trace a repost (a page, a mail, a scrape) to the revision of
 * the secpack it was made from. Every revision of the document in the
 * checkout's history is compared with the repost (see `compare.ts`: copy
 * damage is tolerated, nothing else); the one with the fewest words of
 * substance in difference wins, a signed one before an unsigned one on ties.
 * The record then presents that revision's text — the signed one's, when it
 * is signed — never the repost's.
 */
import { parse } from '../../read/index.js'
import type { QsbRecord } from '../../record/index.js'
import { entryError } from '../errors.js'
import { history } from '../git/history.js'
import { openRepository } from '../git/repository.js'
import type { EntryError, HistoryRecord } from '../schema.js'
import type { Verifier } from '../types.js'
import { type Comparison, compareTexts, type Difference } from './compare.js'

/** A repost to trace: its parse record and its bulletin text. */
export interface Repost {
  /** The repost as given (`scrape.txt`). */
  file: string
  /** Its record (number and kind say which document to look for). */
  record: QsbRecord
  /** The bulletin text recovered from it. */
  text: string
}

/** The revision a repost was traced to. */
export interface MatchedRevision {
  commit: string
  date: string
  subject: string
  blob: string
  /** Whether some commit with this exact text has all its signatures good. */
  signed: boolean
  state: HistoryRecord['state']
  signatures: HistoryRecord['signatures']
}

/** What `matchRepost` found. */
export interface Match {
  file: string
  /** The secpack document (`QSBs/qsb-100-2024.txt`), or null when none has that number. */
  document: string | null
  revision: MatchedRevision | null
  /** Every difference between the revision and the repost, in revision order. */
  differences: Difference[]
  /** Whether any difference is of substance (then the repost does not say what was signed). */
  substance: boolean
  /** The record of the revision's own text (what was signed, when `revision.signed`). */
  record: QsbRecord | null
  error: EntryError | null
}

/** Options of {@link matchRepost}. */
export interface MatchOptions {
  /** Checks the signatures of each revision. */
  verify: Verifier
}

/**
 * Trace a repost to the revision it was made from.
 *
 * @param dir
 *   A secpack checkout (a git clone).
 * @param repost
 *   The repost's record and text.
 * @param options
 *   The verifier.
 * @returns
 *   The match; `error` says why there is none (no such document, not a checkout).
 */
export async function matchRepost(dir: string, repost: Readonly<Repost>, options: Readonly<MatchOptions>): Promise<Match> {
  const none = (document: string | null, error: EntryError): Match => ({
    file: repost.file,
    document,
    revision: null,
    differences: [],
    substance: true,
    record: null,
    error,
  })
  let repository: Awaited<ReturnType<typeof openRepository>>
  let document: string | null
  try {
    repository = await openRepository(dir)
    document = await findDocument(repository, repost.record)
  } catch (error) {
    return none(null, entryError(repost.file, error, 'not-a-checkout'))
  }
  if (!document) {
    const what = `${repost.record.kind === 'canary' ? 'canary' : 'bulletin'} ${repost.record.number}`
    return none(null, { message: `${repost.file}: no ${what} in ${dir}`, ruleId: 'no-document', line: null, column: null })
  }
  const revisions: HistoryRecord[] = []
  for await (const entry of history(dir, { files: [document], verify: options.verify })) {
    if ('state' in entry && entry.blob) revisions.push(entry)
  }
  let best: { record: HistoryRecord; comparison: Comparison; signed: boolean } | undefined
  const seen = new Map<string, Comparison>()
  for (const record of revisions) {
    const blob = record.blob as string
    let comparison = seen.get(blob)
    if (!comparison) {
      comparison = compareTexts(new TextDecoder().decode(await repository.blob(blob)), repost.text)
      seen.set(blob, comparison)
    }
    const signed = revisions.some((other) => other.blob === blob && other.state === 'signed')
    if (!best || better(comparison, signed, best)) best = { record, comparison, signed }
  }
  if (!best) {
    return none(document, { message: `${repost.file}: ${document} has no revision in the history`, ruleId: 'no-revision', line: null, column: null })
  }
  // Present the newest commit holding that text in the best state it reached.
  const blob = best.record.blob as string
  const holding = revisions.filter((record) => record.blob === blob)
  const shown = holding.find((record) => record.state === 'signed') ?? (holding[0] as HistoryRecord)
  const text = new TextDecoder().decode(await repository.blob(blob))
  return {
    file: repost.file,
    document,
    revision: {
      commit: shown.commit,
      date: shown.date,
      subject: shown.subject,
      blob,
      signed: best.signed,
      state: shown.state,
      signatures: shown.signatures,
    },
    differences: best.comparison.differences,
    substance: best.comparison.differences.some((difference) => difference.substance),
    record: parse(text, { path: document }),
    error: null,
  }
}

function better(comparison: Comparison, signed: boolean, best: { comparison: Comparison; signed: boolean }): boolean {
  if (comparison.substantiveWords !== best.comparison.substantiveWords) {
    return comparison.substantiveWords < best.comparison.substantiveWords
  }
  if (signed !== best.signed) return signed
  return comparison.lostWords < best.comparison.lostWords
}

/** The document with the record's kind and number in HEAD's `QSBs/` or `canaries/`. */
async function findDocument(repository: Awaited<ReturnType<typeof openRepository>>, record: QsbRecord): Promise<string | null> {
  const folder = record.kind === 'canary' ? 'canaries' : 'QSBs'
  const prefix = `${record.kind === 'canary' ? 'canary' : 'qsb'}-${String(record.number).padStart(3, '0')}-`
  const head = await repository.commit(repository.head)
  const tree = await repository.folder(head.tree, folder)
  if (!tree) return null
  const names = (await repository.tree(tree)).map((entry) => entry.name).filter((name) => name.startsWith(prefix) && name.endsWith('.txt'))
  const year = record.date?.slice(0, 4)
  const name = names.find((candidate) => year && candidate === `${prefix}${year}.txt`) ?? names.sort()[0]
  return name ? `${folder}/${name}` : null
}
