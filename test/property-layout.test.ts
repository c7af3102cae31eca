/**
 * Layout invariance: the same content laid out differently gives the same
 * record and a tree that differs only in positions. Every corpus bulletin,
 * canary and draft and every fixture is laid out again with each variation of
 * `helpers/layout.ts` alone (blank lines, list markers, indentation of lists
 * and release lines, underline length and style, trailing whitespace, line
 * endings, prose re-wrapped), then with random combinations of them.
 *
 * "Less positions" is exact for the tree: only `position` is dropped. In the
 * record, positions go (section positions, diagnostics' lines and columns),
 * and the two fields that are the text as written (`sections[].text`,
 * `proofOfFreshness`) are compared with their layout undone (line breaks,
 * runs of whitespace and bullet characters), since they are, by definition,
 * the layout itself.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { toRecord } from '../src/record/index.js'
import type { QsbRecord } from '../src/record/schema.js'
import { fromQsb } from '../src/text/index.js'
import { corpusFiles, corpusPath } from './helpers/corpus.js'
import { type Layout, layoutOf, relayout, type Variation, variationKinds, variationOf, variations } from './helpers/layout.js'

interface Document {
  name: string
  text: string
  layout: Layout
  /** Less positions. */
  tree: unknown
  /** Less positions, its text as written unlaid. */
  record: unknown
}

const fixtures = resolve(import.meta.dirname, '../fixtures/bulletins')
const sources: Array<{ name: string; text: string }> = [
  ...readdirSync(fixtures)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => ({ name, text: readFileSync(join(fixtures, name), 'utf8') })),
  ...corpusFiles('secpack/QSBs', /^qsb-\d{3}-\d{4}\.txt$/).map((name) => ({ name, text: readFileSync(corpusPath('secpack/QSBs', name), 'utf8') })),
  ...corpusFiles('secpack/canaries', /^canary-\d{3}-\d{4}\.txt$/).map((name) => ({
    name,
    text: readFileSync(corpusPath('secpack/canaries', name), 'utf8'),
  })),
  // The exact drafts among the seeds (the fifth is a scrape, read lossy).
  ...corpusFiles('seeds', /^00[0-3]_/).map((name) => ({ name, text: readFileSync(corpusPath('seeds', name), 'utf8') })),
]

/** Text as written with its layout undone: lines trimmed, bullets as `-`, whitespace runs as one space. */
function unlaid(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(/^[-*+•](?=\s)/, '-'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The tree and the record of a text, less positions (one parse: `toRecord` reads the tree `fromQsb` built). */
function read(text: string, name: string): { tree: unknown; record: unknown } {
  const file = new VFile({ path: name, value: text })
  const tree = fromQsb(file)
  const record = toRecord(tree, file) as QsbRecord & { proofOfFreshness?: string | null }
  const sections = (list: QsbRecord['sections']): unknown[] =>
    list.map((section) => ({ heading: section.heading, depth: section.depth, text: unlaid(section.text), children: sections(section.children) }))
  return {
    tree: JSON.parse(JSON.stringify(tree, (key, value) => (key === 'position' ? undefined : value))),
    record: {
      ...record,
      sections: sections(record.sections),
      diagnostics: record.diagnostics.map(({ severity, message, ruleId }) => ({ severity, message, ruleId })),
      ...(record.kind === 'canary' ? { proofOfFreshness: record.proofOfFreshness === null ? null : unlaid(record.proofOfFreshness ?? '') } : {}),
    },
  }
}

const documents: Document[] = sources.map(({ name, text }) => ({ name, text, layout: layoutOf(text), ...read(text, name) }))

function check(index: number, variation: Variation): void {
  const document = documents[index] as Document
  const { tree, record } = read(relayout(document.layout, variation), document.name)
  expect(record, `${document.name}: record`).toEqual(document.record)
  expect(tree, `${document.name}: tree`).toEqual(document.tree)
}

/** A document by its index (so that a counterexample prints short). */
const document = fc.nat({ max: documents.length - 1 })

describe('layout invariance', () => {
  it('reads every document (fixtures and, when present, the corpus), and lays each out again as it was', () => {
    expect(documents.length).toBeGreaterThanOrEqual(6)
    for (const entry of documents) expect(relayout(entry.layout, {}), entry.name).toBe(entry.text.endsWith('\n') ? entry.text : `${entry.text}\n`)
  })

  /** One clear instance of each variation. */
  const instances: Record<(typeof variationKinds)[number], Variation> = {
    blanks: { blanks: [0, 2, 3] },
    markers: { markers: [1, 2, 3] },
    indent: { indent: [{ columns: 3, tab: false }, { columns: 1, tab: true }, { columns: 0, tab: false }] },
    underlines: { underlines: { swap: true, lengths: [1, 7, 40] } },
    trailing: { trailing: [' ', '\t', null] },
    eol: { eol: 'crlf' },
    rewrap: { rewrap: [30, 90] },
  }

  it.each(variationKinds)('%s alone changes the text of most documents (the property below is not vacuous)', (kind) => {
    // Canaries have numbered lists only: no bullet to change.
    const applicable = documents.filter((entry) => kind !== 'markers' || entry.layout.lists.some((list) => !list.ordered))
    const changed = applicable.filter((entry) => relayout(entry.layout, instances[kind]) !== entry.text)
    expect(changed.length).toBeGreaterThanOrEqual(applicable.length * 0.9)
    for (const entry of documents) check(documents.indexOf(entry), instances[kind])
  })

  it.each(variationKinds)('%s alone changes neither the record nor the tree', (kind) => {
    // Every document once with a variation of its own, then random ones.
    const own = fc.sample(variationOf(kind), { numRuns: documents.length, seed: 42 })
    fc.assert(fc.property(document, variationOf(kind), check), {
      numRuns: Number(process.env.RUNS ?? 100),
      examples: own.map((variation, index) => [index, variation] as [number, Variation]),
    })
  })

  it('any combination of them changes neither', () => {
    fc.assert(fc.property(document, variations, check), { numRuns: Number(process.env.RUNS ?? 500) })
  })
})
