/**
 * Which documents a repost may copy, by content: every bulletin and canary
 * at HEAD is read once, and a repost's candidates are the documents that
 * share most of its word triples (a cheap measure, before the exact diff of
 * every revision of the few that come close). The number a copy's banner
 * gives is a hint, never the answer: a banner can carry a typo.
 */
import { documentFolders, documentName } from '../../names/secpack.js'
import type { Repository } from '../git/repository.js'
import { wordsOf } from './compare.js'

/** A document at HEAD and its word triples. */
export interface HeadDocument {
  /** `QSBs/qsb-080-2022.txt`. */
  path: string
  kind: 'bulletin' | 'canary'
  number: number
  triples: Set<string>
}

/** How many documents are compared revision by revision, at most, per repost. */
const MAX_CANDIDATES = 3
/** A candidate shares at least this share of the repost's triples, relative to the best. */
const NEAR = 0.8

const decoder = new TextDecoder()

/**
 * Read every bulletin and canary of HEAD.
 *
 * @param repository
 *   The checkout's repository.
 * @returns
 *   The documents, sorted by path.
 */
export async function headDocuments(repository: Repository): Promise<HeadDocument[]> {
  const head = await repository.commit(repository.head)
  const found: HeadDocument[] = []
  for (const folder of documentFolders) {
    const tree = await repository.folder(head.tree, folder)
    if (!tree) continue
    for (const entry of await repository.tree(tree)) {
      const name = documentName(entry.name)
      if (!name || entry.type !== 'blob') continue
      const text = decoder.decode(await repository.blob(entry.oid))
      found.push({ path: `${folder}/${entry.name}`, kind: name.kind, number: name.number, triples: triplesOf(text) })
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/**
 * The documents a repost may copy: those that share the most of its word
 * triples, and the one its banner names (kind and number), if any.
 *
 * @param documents
 *   The documents at HEAD.
 * @param text
 *   The repost's bulletin text.
 * @param named
 *   What the repost's banner says: kind and number.
 * @param least
 *   The least share of the repost's word triples a document must have, unless the banner names it.
 * @returns
 *   Paths, nearest first.
 */
export function candidatesFor(
  documents: readonly HeadDocument[],
  text: string,
  named: { kind: 'bulletin' | 'canary'; number: number } | null,
  least: number,
): string[] {
  const triples = triplesOf(text)
  const scored = documents
    .map((document) => ({ path: document.path, score: shared(triples, document.triples) }))
    .filter((entry) => entry.score >= least)
    .sort((a, b) => b.score - a.score)
  const best = scored[0]?.score ?? 0
  const near = scored.filter((entry) => entry.score >= best * NEAR).slice(0, MAX_CANDIDATES).map((entry) => entry.path)
  const byNumber = named ? documents.filter((document) => document.kind === named.kind && document.number === named.number) : []
  return [...new Set([...near, ...byNumber.map((document) => document.path)])]
}

/** Share of `repost`'s triples that `document` has too. */
function shared(repost: ReadonlySet<string>, document: ReadonlySet<string>): number {
  if (repost.size === 0) return 0
  let common = 0
  for (const triple of repost) if (document.has(triple)) common++
  return common / repost.size
}

function triplesOf(text: string): Set<string> {
  const words = wordsOf(text).map((word) => word.toLowerCase())
  const triples = new Set<string>()
  for (let index = 0; index + 2 < words.length; index++) triples.add(`${words[index]} ${words[index + 1]} ${words[index + 2]}`)
  return triples
}
