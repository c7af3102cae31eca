/**
 * What a checkout's bulletins say, all together: the index (the XSA tracker)
 * and the OSV records, with `modified` taken from the git history when there
 * is one.
 *
 * Publish only what verified: given a verifier, every bulletin is verified
 * first and one that is not authentic is left out (`refused`), unless the
 * caller asks for unverified text on purpose (`unverified: true`), which
 * then carries `authentic: false`. Refusing rather than marking is the
 * default because these outputs are read by machines (OSV importers,
 * trackers) that keep the text and drop a mark.
 */
import type { Bulletin } from '../../record/index.js'
import { history } from '../git/history.js'
import { buildIndex, type SecpackIndex } from './indexes.js'
import { type OsvRecord, toOsv } from './osv.js'
import { scanCheckout } from '../checkout/scan.js'
import type { EntryError } from '../schema.js'
import type { Verifier } from '../types.js'

/** The bulletins of a checkout, parsed and (given a verifier) verified, and the files that failed or were refused. */
export interface CheckoutBulletins {
  /** `authentic`: the verdict, or null when no verifier was given. */
  bulletins: Array<{ file: string; bulletin: Bulletin; authentic: boolean | null }>
  failures: Array<{ file: string; error: EntryError }>
  /** Bulletins left out because they are not authentic (empty with `unverified: true`). */
  refused: Array<{ file: string; reason: string }>
}

/** Options of {@link checkoutBulletins}, {@link indexCheckout} and {@link osvCheckout}. */
export interface CatalogueOptions {
  /** Verifies each bulletin first; without it nothing is verified and `authentic` is null everywhere. */
  verify?: Verifier | null | undefined
  /** Keep bulletins that are not authentic (marked `authentic: false`) instead of leaving them out. */
  unverified?: boolean | null | undefined
}

/**
 * Parse (and verify) every bulletin of a checkout.
 *
 * @param dir
 *   The checkout (a plain folder will do).
 * @param options
 *   The verifier, and whether to keep what is not authentic (optional).
 * @returns
 *   The bulletins by path, the ones that could not be read, and the ones
 *   refused. Rejects with a `SecpackError` when the folder has no `QSBs/` or `canaries/`.
 */
export async function checkoutBulletins(dir: string, options?: Readonly<CatalogueOptions> | null): Promise<CheckoutBulletins> {
  const read: CheckoutBulletins = { bulletins: [], failures: [], refused: [] }
  for await (const entry of scanCheckout(dir, { verify: options?.verify ?? null, folders: ['QSBs'] })) {
    if (entry.kind !== 'bulletin') continue
    if (entry.error) read.failures.push({ file: entry.file, error: entry.error })
    else if (entry.record?.kind === 'bulletin') {
      const authentic = entry.verification ? entry.verification.authentic : null
      if (authentic === false && !options?.unverified) {
        const problems = entry.verification?.signatures.map((signature) => `${signature.signer ?? '?'}: ${signature.status}`) ?? []
        read.refused.push({ file: entry.file, reason: problems.length > 0 ? `not authentic (${problems.join(', ')})` : 'not authentic (no signatures)' })
      } else read.bulletins.push({ file: entry.file, bulletin: entry.record, authentic })
    }
  }
  return read
}

/**
 * The index of a checkout's bulletins.
 *
 * @param dir
 *   The checkout.
 * @returns
 *   The index and the files that could not be read.
 */
export async function indexCheckout(
  dir: string,
  options?: Readonly<CatalogueOptions> | null,
): Promise<{ index: SecpackIndex; failures: CheckoutBulletins['failures']; refused: CheckoutBulletins['refused']; unverified: string[] }> {
  const { bulletins, failures, refused } = await checkoutBulletins(dir, options)
  const unverified = bulletins.filter(({ authentic }) => authentic === false).map(({ file }) => file)
  return { index: buildIndex(bulletins.map(({ bulletin }) => bulletin)), failures, refused, unverified }
}

/** What {@link osvCheckout} gives. */
export interface CheckoutOsv {
  /** One record per bulletin kept, by path. */
  records: Array<{ file: string; record: OsvRecord }>
  failures: CheckoutBulletins['failures']
  refused: CheckoutBulletins['refused']
  /** Whether some `modified` dates came from the git history. */
  fromHistory: boolean
  /** Bulletins whose `modified` could not come from the history (a shallow clone cut it) and is the changelog's date. */
  undated: string[]
}

/**
 * OSV records for a checkout's bulletins. `modified` is when each bulletin's
 * present text was committed, when `dir` is a git checkout (re-signing a text
 * does not modify the bulletin); else the changelog's last date. On a shallow
 * clone, a text older than the clone's history gets the changelog's date too
 * (`undated` names them), never the date where the history was cut.
 *
 * @param dir
 *   The checkout.
 * @param options
 *   The verifier and `unverified` (see {@link CatalogueOptions}); `url(file)`:
 *   the address of a bulletin's file (default: in the qubes-secpack repository on GitHub).
 * @returns
 *   One record per bulletin kept, the files that could not be read, those refused,
 *   and where the dates came from. A kept bulletin that is not authentic has
 *   `database_specific.authentic: false`.
 */
export async function osvCheckout(
  dir: string,
  options?: Readonly<CatalogueOptions & { url?: ((file: string) => string) | null | undefined }> | null,
): Promise<CheckoutOsv> {
  const { bulletins, failures, refused } = await checkoutBulletins(dir, options)
  const { dates: modified, undated } = await historyDates(dir, bulletins.map(({ file }) => file))
  const url = options?.url ?? ((file: string) => `https://github.com/QubesOS/qubes-secpack/blob/main/${file}`)
  const records = bulletins.map(({ file, bulletin, authentic }) => {
    const record = toOsv(bulletin, { modified: modified.get(file) ?? null, url: url(file) })
    record.database_specific.authentic = authentic
    return { file, record }
  })
  return { records, failures, refused, fromHistory: modified.size > 0, undated }
}

/**
 * When each document's present text was committed (UTC, RFC 3339), when `dir`
 * is a git checkout; empty otherwise.
 *
 * @param dir
 *   The checkout.
 * @param files
 *   Documents, relative to it.
 * @returns
 *   Dates by file.
 */
export async function textDates(dir: string, files: readonly string[]): Promise<Map<string, string>> {
  return (await historyDates(dir, files)).dates
}

async function historyDates(dir: string, files: readonly string[]): Promise<{ dates: Map<string, string>; undated: string[] }> {
  const dates = new Map<string, string>()
  const undated = new Set<string>()
  const current = new Map<string, string | null>()
  const closed = new Set<string>()
  // Only the texts' blob ids are wanted: signatures are not checked here.
  const unchecked = async (): Promise<{ authentic: boolean; signatures: [] }> => ({ authentic: false, signatures: [] })
  try {
    // Newest first: walk back while the text stays the one in the newest commit.
    for await (const entry of history(dir, { files, verify: unchecked })) {
      if (!('state' in entry)) {
        // A shallow clone's boundary: if the text is still the newest one there, its date is unknown.
        if (entry.error.ruleId === 'shallow-clone' && !closed.has(entry.file)) {
          dates.delete(entry.file)
          undated.add(entry.file)
          closed.add(entry.file)
        }
        continue
      }
      if (!current.has(entry.file)) current.set(entry.file, entry.blob)
      if (entry.blob === current.get(entry.file) && !closed.has(entry.file)) {
        dates.set(entry.file, `${new Date(entry.date).toISOString().slice(0, 19)}Z`)
      } else closed.add(entry.file)
    }
  } catch {
    // Not a git checkout: no dates from history.
  }
  return { dates, undated: [...undated] }
}
