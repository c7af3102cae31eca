/**
 * What a checkout's bulletins say, all together: the index (the XSA tracker)
 * and the OSV records, with `modified` taken from the git history when there
 * is one.
 */
import type { Bulletin } from '../../record/index.js'
import { history } from '../git/history.js'
import { buildIndex, type SecpackIndex } from './indexes.js'
import { type OsvRecord, toOsv } from './osv.js'
import { scanCheckout } from '../checkout/scan.js'
import type { EntryError } from '../schema.js'

/** The bulletins of a checkout, parsed (not verified), and the files that failed. */
export interface CheckoutBulletins {
  bulletins: Array<{ file: string; bulletin: Bulletin }>
  failures: Array<{ file: string; error: EntryError }>
}

/**
 * Parse every bulletin of a checkout.
 *
 * @param dir
 *   The checkout (a plain folder will do).
 * @returns
 *   The bulletins by path, and the ones that could not be read. Rejects with a
 *   `SecpackError` when the folder has no `QSBs/` or `canaries/`.
 */
export async function checkoutBulletins(dir: string): Promise<CheckoutBulletins> {
  const read: CheckoutBulletins = { bulletins: [], failures: [] }
  for await (const entry of scanCheckout(dir)) {
    if (entry.kind !== 'bulletin') continue
    if (entry.error) read.failures.push({ file: entry.file, error: entry.error })
    else if (entry.record?.kind === 'bulletin') read.bulletins.push({ file: entry.file, bulletin: entry.record })
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
export async function indexCheckout(dir: string): Promise<{ index: SecpackIndex; failures: CheckoutBulletins['failures'] }> {
  const { bulletins, failures } = await checkoutBulletins(dir)
  return { index: buildIndex(bulletins.map(({ bulletin }) => bulletin)), failures }
}

/**
 * OSV records for a checkout's bulletins. `modified` is when each bulletin's
 * present text was committed, when `dir` is a git checkout (re-signing a text
 * does not modify the bulletin); else the changelog's last date.
 *
 * @param dir
 *   The checkout.
 * @param options
 *   `url(file)`: the address of a bulletin's file (default: in the qubes-secpack repository on GitHub).
 * @returns
 *   One record per bulletin, by path, and the files that could not be read;
 *   `fromHistory` says whether the dates came from git.
 */
export async function osvCheckout(
  dir: string,
  options?: Readonly<{ url?: ((file: string) => string) | null | undefined }> | null,
): Promise<{ records: Array<{ file: string; record: OsvRecord }>; failures: CheckoutBulletins['failures']; fromHistory: boolean }> {
  const { bulletins, failures } = await checkoutBulletins(dir)
  const modified = await textDates(dir, bulletins.map(({ file }) => file))
  const url = options?.url ?? ((file: string) => `https://github.com/QubesOS/qubes-secpack/blob/main/${file}`)
  const records = bulletins.map(({ file, bulletin }) => ({
    file,
    record: toOsv(bulletin, { modified: modified.get(file) ?? null, url: url(file) }),
  }))
  return { records, failures, fromHistory: modified.size > 0 }
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
  const dates = new Map<string, string>()
  const current = new Map<string, string | null>()
  const closed = new Set<string>()
  // Only the texts' blob ids are wanted: signatures are not checked here.
  const unchecked = async (): Promise<{ authentic: boolean; signatures: [] }> => ({ authentic: false, signatures: [] })
  try {
    // Newest first: walk back while the text stays the one in the newest commit.
    for await (const entry of history(dir, { files, verify: unchecked })) {
      if (!('state' in entry)) continue
      if (!current.has(entry.file)) current.set(entry.file, entry.blob)
      if (entry.blob === current.get(entry.file) && !closed.has(entry.file)) {
        dates.set(entry.file, `${new Date(entry.date).toISOString().slice(0, 19)}Z`)
      } else closed.add(entry.file)
    }
  } catch {
    // Not a git checkout: no dates from history.
  }
  return dates
}
