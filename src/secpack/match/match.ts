/**
 * `matchReposts`: trace reposts (pages, mails, scrapes) to the revision of the
 * secpack each was made from, by content. The documents at HEAD are read once
 * and each repost's candidates are the ones whose text is nearest (and the one
 * its banner names); the history of all candidates is walked once for the
 * whole batch; every revision of a candidate is compared with the repost (see
 * `compare.ts`: noise is tolerated, nothing else) and the one with the fewest
 * words of substance in difference wins, a signed one before an unsigned one
 * on ties. The record then presents that revision's text — the signed one's,
 * when it is signed — never the repost's.
 */
import { documentName } from '../../names/secpack.js'
import { parse } from '../../read/index.js'
import type { QsbRecord } from '../../record/index.js'
import { entryError } from '../errors.js'
import { history } from '../git/history.js'
import { openRepository, type Repository } from '../git/repository.js'
import type { EntryError, HistoryRecord } from '../schema.js'
import type { Verifier } from '../types.js'
import { candidatesFor, headDocuments } from './candidates.js'
import { type Comparison, compareTexts, type Difference } from './compare.js'
import { type MatchNote, numberNotes } from './numbers.js'

export type { MatchNote } from './numbers.js'

/** A repost to trace: its parse record and its bulletin text. */
export interface Repost {
  /** The repost as given (`scrape.txt`). */
  file: string
  /** Its record (its kind and number are a hint, checked against the document found). */
  record: QsbRecord
  /** The bulletin text recovered from it (empty for a post that only redirects). */
  text: string
  /** What the container calls it (a post's title, a mail's subject), checked against the document found. */
  title?: string | null | undefined
  /** Where a post that holds no text points: then there is nothing to trace. */
  redirect?: string | null | undefined
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
  /** The secpack document (`QSBs/qsb-100-2024.txt`), or null when none has this text. */
  document: string | null
  revision: MatchedRevision | null
  /** Every difference between the revision and the repost, in revision order. */
  differences: Difference[]
  /** Whether any difference is of substance (then the repost does not say what was signed). */
  substance: boolean
  /** The record of the revision's own text (what was signed, when `revision.signed`). */
  record: QsbRecord | null
  /** Remarks: a number in the copy (banner, title) that is not the document's. */
  diagnostics: MatchNote[]
  /** Where a post that holds no bulletin text points; null otherwise. */
  redirect: string | null
  error: EntryError | null
}

/** How far a batch has come. */
export interface MatchProgress {
  /** `history`: following the candidates' histories; `compare`: comparing reposts with revisions. */
  phase: 'history' | 'compare'
  done: number
  total: number
}

/** Options of {@link matchReposts}. */
export interface MatchOptions {
  /** Checks the signatures of each revision. */
  verify: Verifier
  /** Called as the batch goes on (for a progress line). */
  onProgress?: ((progress: MatchProgress) => void) | null | undefined
}

/** Below this share of word triples in common, a document is not a copy's source (unless its banner names it). */
const MIN_SHARED = 0.4

const decoder = new TextDecoder()

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
 *   The match; `error` says why there is none (no document has this text, not a checkout).
 */
export async function matchRepost(dir: string, repost: Readonly<Repost>, options: Readonly<MatchOptions>): Promise<Match> {
  return (await matchReposts(dir, [repost], options))[0] as Match
}

/**
 * Trace reposts to the revisions they were made from, walking the history once for all of them.
 *
 * @param dir
 *   A secpack checkout (a git clone).
 * @param reposts
 *   The reposts' records and texts.
 * @param options
 *   The verifier, and a progress callback.
 * @returns
 *   One match per repost, in order. Never throws for one bad repost; a
 *   folder that is no checkout gives every match an `error`.
 */
export async function matchReposts(dir: string, reposts: readonly Repost[], options: Readonly<MatchOptions>): Promise<Match[]> {
  let repository: Repository
  let candidates: string[][]
  try {
    repository = await openRepository(dir)
    const documents = await headDocuments(repository)
    candidates = reposts.map((repost) =>
      repost.redirect ? [] : candidatesFor(documents, repost.text, { kind: repost.record.kind, number: repost.record.number }, MIN_SHARED),
    )
  } catch (error) {
    return reposts.map((repost) => failed(repost, null, entryError(repost.file, error, 'not-a-checkout')))
  }
  const revisions = await followAll(dir, [...new Set(candidates.flat())], options)
  const texts = new Map<string, string>()
  const matches: Match[] = []
  for (const [index, repost] of reposts.entries()) {
    options.onProgress?.({ phase: 'compare', done: index, total: reposts.length })
    matches.push(await trace(repository, repost, candidates[index] as string[], revisions, texts, dir))
  }
  options.onProgress?.({ phase: 'compare', done: reposts.length, total: reposts.length })
  return matches
}

/** Every revision of the documents, from one walk of the history. */
async function followAll(dir: string, files: readonly string[], options: Readonly<MatchOptions>): Promise<Map<string, HistoryRecord[]>> {
  const revisions = new Map<string, HistoryRecord[]>()
  if (files.length === 0) return revisions
  const done = new Set<string>()
  options.onProgress?.({ phase: 'history', done: 0, total: files.length })
  for await (const entry of history(dir, { files, verify: options.verify })) {
    if (!done.has(entry.file)) {
      done.add(entry.file)
      options.onProgress?.({ phase: 'history', done: done.size - 1, total: files.length })
    }
    if ('state' in entry && entry.blob) revisions.set(entry.file, [...(revisions.get(entry.file) ?? []), entry])
  }
  options.onProgress?.({ phase: 'history', done: files.length, total: files.length })
  return revisions
}

interface Best {
  document: string
  record: HistoryRecord
  comparison: Comparison
  signed: boolean
  named: boolean
}

async function trace(
  repository: Repository,
  repost: Readonly<Repost>,
  candidates: readonly string[],
  revisions: ReadonlyMap<string, HistoryRecord[]>,
  texts: Map<string, string>,
  dir: string,
): Promise<Match> {
  if (repost.redirect) {
    const message = `${repost.file}: no bulletin text: this post only redirects to ${repost.redirect}; there is nothing to trace`
    return { ...failed(repost, null, { message, ruleId: 'redirect', line: null, column: null }), redirect: repost.redirect }
  }
  const what = `${repost.record.kind === 'canary' ? 'canary' : 'bulletin'} ${repost.record.number}`
  if (candidates.length === 0) {
    const message = `${repost.file}: no document in ${dir} has this text, and none is ${what}`
    return failed(repost, null, { message, ruleId: 'no-document', line: null, column: null })
  }
  let best: Best | undefined
  for (const document of candidates) {
    const records = revisions.get(document) ?? []
    const name = documentName(document)
    const named = name?.kind === repost.record.kind && name.number === repost.record.number
    const seen = new Map<string, Comparison>()
    for (const record of records) {
      const blob = record.blob as string
      let comparison = seen.get(blob)
      if (!comparison) {
        comparison = await compareTexts(await textOf(repository, blob, texts), repost.text)
        seen.set(blob, comparison)
      }
      const signed = records.some((other) => other.blob === blob && other.state === 'signed')
      const candidate = { document, record, comparison, signed, named }
      if (!best || better(candidate, best)) best = candidate
    }
  }
  if (!best) {
    const message = `${repost.file}: ${candidates.join(', ')} has no revision in the history`
    return failed(repost, candidates[0] ?? null, { message, ruleId: 'no-revision', line: null, column: null })
  }
  return present(repository, repost, best, revisions.get(best.document) ?? [], texts)
}

/** The match for the best revision: the newest commit holding its text, in the best state it reached. */
async function present(
  repository: Repository,
  repost: Readonly<Repost>,
  best: Best,
  records: readonly HistoryRecord[],
  texts: Map<string, string>,
): Promise<Match> {
  const blob = best.record.blob as string
  const holding = records.filter((record) => record.blob === blob)
  const shown = holding.find((record) => record.state === 'signed') ?? (holding[0] as HistoryRecord)
  const text = await textOf(repository, blob, texts)
  const record = parse(text, { path: best.document })
  return {
    file: repost.file,
    document: best.document,
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
    record,
    diagnostics: numberNotes(repost, best.document, record),
    redirect: null,
    error: null,
  }
}

async function textOf(repository: Repository, blob: string, texts: Map<string, string>): Promise<string> {
  let text = texts.get(blob)
  if (text === undefined) {
    text = decoder.decode(await repository.blob(blob))
    texts.set(blob, text)
  }
  return text
}

/** Fewest words of substance; then signed; then the document the banner names; then least noise. */
function better(candidate: Best, best: Best): boolean {
  if (candidate.comparison.substantiveWords !== best.comparison.substantiveWords) {
    return candidate.comparison.substantiveWords < best.comparison.substantiveWords
  }
  if (candidate.signed !== best.signed) return candidate.signed
  if (candidate.named !== best.named) return candidate.named
  return candidate.comparison.lostWords < best.comparison.lostWords
}

function failed(repost: Readonly<Repost>, document: string | null, error: EntryError): Match {
  return {
    file: repost.file,
    document,
    revision: null,
    differences: [],
    substance: true,
    record: null,
    diagnostics: [],
    redirect: repost.redirect ?? null,
    error,
  }
}
