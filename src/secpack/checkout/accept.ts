/**
 * Known failures, accepted on purpose: an accept file lists signatures (or
 * tags) that are known not to verify, each with the SHA-256 of its exact
 * bytes, the status it has, and why that is fine. Such a signature is then
 * reported as `accepted` — never `good` — and does not fail the run.
 *
 * Why the digest: an entry vouches for those bytes only. If the signature
 * file (or tag) changes, the entry no longer applies, and the run fails until
 * someone looks again. A new failure beside an accepted one fails as usual.
 *
 * ```yaml
 * - signature: canaries/canary-026-2021.txt.sig.marmarek
 *   sha256: 8f3c…
 *   status: bad
 *   reason: signed before a one-word fix; the later signature of the same text is good
 * - tag: adw_295683ce
 *   sha256: …
 *   status: unknown-key
 *   reason: signed by a key that was never in keys/
 * ```
 */
import type { AcceptEntry, Acceptance } from '../checkout-schema.js'
import { SecpackError } from '../errors.js'

/** What an accept list is checked against: a verdict on one signature or tag. */
export interface AcceptCandidate {
  status: string
  notes: string[]
  sha256?: string | null | undefined
  accepted?: Acceptance | null | undefined
}

/** An accept list being applied: what it matched and what failed. */
export class Acceptor {
  /** The entries. */
  readonly entries: readonly AcceptEntry[]
  /** Entries whose signature bytes changed: each fails the run. */
  readonly failures: string[] = []
  readonly #used = new Set<AcceptEntry>()
  /** Entries that named a signature which is good now (re-signed, or a key came back): worth dropping. */
  readonly #good = new Set<AcceptEntry>()
  readonly #source: string

  /**
   * Start applying a list.
   *
   * @param entries
   *   The accept list.
   * @param source
   *   Where it was read from, for messages.
   */
  constructor(entries: readonly AcceptEntry[], source: string) {
    this.entries = entries
    this.#source = source
  }

  /**
   * Apply the list to a signature's verdict.
   *
   * @param verdict
   *   The verdict (`sha256` is the signature's bytes').
   * @param path
   *   The signature's path as the accept file names it (relative to the checkout), or the path as given.
   * @returns
   *   The verdict, `accepted` when an entry matches it exactly.
   */
  signature<T extends AcceptCandidate>(verdict: T, path: string): T {
    const entry = this.entries.find((candidate) => candidate.signature !== undefined && samePath(candidate.signature, path))
    return entry ? this.#apply(verdict, entry, `signature ${path}`) : verdict
  }

  /**
   * Apply the list to a tag's verdict.
   *
   * @param verdict
   *   The tag record.
   * @param name
   *   The tag's name.
   * @returns
   *   The record, `accepted` when an entry matches it exactly.
   */
  tag<T extends AcceptCandidate>(verdict: T, name: string): T {
    const entry = this.entries.find((candidate) => candidate.tag === name)
    return entry ? this.#apply(verdict, entry, `tag ${name}`) : verdict
  }

  /**
   * Entries that matched nothing (the file was removed) or only a good signature (it was fixed): worth a warning, not a failure.
   *
   * @returns
   *   The unused entries.
   */
  unused(): AcceptEntry[] {
    return this.entries.filter((entry) => !this.#used.has(entry) || this.#good.has(entry))
  }

  #apply<T extends AcceptCandidate>(verdict: T, entry: AcceptEntry, what: string): T {
    this.#used.add(entry)
    if (verdict.sha256 !== entry.sha256) {
      const message = `${this.#source}: the accepted ${what} changed (its SHA-256 is ${verdict.sha256 ?? 'unknown'}, the entry says ${entry.sha256}): the entry no longer applies`
      this.failures.push(message)
      return { ...verdict, notes: [...verdict.notes, message] }
    }
    if (verdict.status === 'good') {
      this.#good.add(entry)
      return verdict
    }
    if (verdict.status !== entry.status) {
      const note = `${this.#source} accepts this ${what} as \`${entry.status}\`, but it is \`${verdict.status}\`: not accepted`
      return { ...verdict, notes: [...verdict.notes, note] }
    }
    return { ...verdict, status: 'accepted', accepted: { status: verdict.status, reason: entry.reason } }
  }
}

/**
 * Read an accept file.
 *
 * @param text
 *   Its text: a YAML (or JSON) list of entries.
 * @param source
 *   Its path, for messages.
 * @returns
 *   The entries. Rejects with a `SecpackError` naming the file and the entry
 *   when it is malformed. Async because the YAML reader and zod load on
 *   first use (most runs have no accept file).
 */
export async function readAcceptList(text: string, source: string): Promise<AcceptEntry[]> {
  const [{ parse: parseYaml }, z, { AcceptList }] = await Promise.all([import('yaml'), import('zod'), import('../checkout-schema.js')])
  let value: unknown
  try {
    value = parseYaml(text)
  } catch (error) {
    throw new SecpackError(`${source}: not YAML: ${(error as Error).message}`)
  }
  const parsed = AcceptList.safeParse(value ?? [])
  if (!parsed.success) throw new SecpackError(`${source}: not an accept list:\n${z.prettifyError(parsed.error)}`)
  return parsed.data
}

function samePath(entry: string, path: string): boolean {
  const normal = (value: string): string => value.replaceAll('\\', '/').replace(/^\.\//, '')
  const wanted = normal(entry)
  const given = normal(path)
  return given === wanted || given.endsWith(`/${wanted}`)
}
