/**
 * Reposts that carry less than a bulletin: update announcements that quote
 * only what changed, stubs with a title line, in every rendering (Markdown,
 * HTML, scrape), and a post whose page names another document than its
 * signed text. Each gives a record of the right kind and number, lossy and
 * marked partial (except the post that carries the whole canary), compared as
 * whole records with the expected JSON next to the input (regenerate on
 * purpose with `UPDATE=1 npx vitest run test/partial.test.ts`, then read the
 * diff).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readDocuments } from '../src/read/index.js'
import { QsbRecord } from '../src/record/schema.js'

const folder = resolve(import.meta.dirname, '../fixtures/partial')
const inputs = readdirSync(folder)
  .filter((name) => !name.endsWith('.json'))
  .sort()

function expectJson(actual: unknown, path: string): void {
  const json = `${JSON.stringify(actual, null, 2)}\n`
  if (process.env.UPDATE === '1' || !existsSync(path)) writeFileSync(path, json)
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(path, 'utf8')))
}

async function records(name: string): Promise<QsbRecord[]> {
  const documents = await readDocuments(readFileSync(join(folder, name)), { path: name })
  return documents.map((document) => document.record)
}

/** What each input is: kind, number, container, partial. */
const expected: Record<string, { kind: 'bulletin' | 'canary'; number: number; format: string; partial: boolean }> = {
  '2031-01-23-qsb-907-update.md': { kind: 'bulletin', number: 907, format: 'markdown', partial: true },
  '2031-01-23-qsb-907-update.html': { kind: 'bulletin', number: 907, format: 'html', partial: true },
  'qsb-907-update-scrape.txt': { kind: 'bulletin', number: 907, format: 'plain', partial: true },
  '2031-02-03-qsb-908.md': { kind: 'bulletin', number: 908, format: 'markdown', partial: true },
  '2031-02-03-qsb-908.html': { kind: 'bulletin', number: 908, format: 'html', partial: true },
  'qsb-908-stub-scrape.txt': { kind: 'bulletin', number: 908, format: 'plain', partial: true },
  '2031-03-24-canary-031.md': { kind: 'canary', number: 31, format: 'markdown', partial: true },
  '2031-03-24-canary-031.html': { kind: 'canary', number: 31, format: 'html', partial: true },
  'canary-031-stub-scrape.txt': { kind: 'canary', number: 31, format: 'plain', partial: true },
  // The whole canary, signed text and all: the record follows its banner, not the page.
  '2031-06-02-canary-026.md': { kind: 'canary', number: 25, format: 'markdown', partial: false },
}

describe('partial reposts', () => {
  it('has an expectation for every input', () => {
    expect(inputs.sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(inputs)('%s: one record of the right kind and number, lossy, partial as it is', async (name) => {
    const found = await records(name)
    expect(found).toHaveLength(1)
    const [record] = found as [QsbRecord]
    const want = expected[name] as (typeof expected)[string]
    expect(QsbRecord.safeParse(record).success).toBe(true)
    expect({ kind: record.kind, number: record.number }).toEqual({ kind: want.kind, number: want.number })
    expect(record.source).toEqual({ format: want.format, fidelity: want.partial ? 'lossy' : 'exact', partial: want.partial })
    if (want.partial) expect(record.diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('partial')
    expectJson(found, join(folder, name.replace(/\.[^.]+$/, `.${name.split('.').pop()}.json`)))
  })

  it('an update announcement carries its title, advisories, changelog and the changed patches, in every rendering', async () => {
    for (const name of ['2031-01-23-qsb-907-update.md', '2031-01-23-qsb-907-update.html', 'qsb-907-update-scrape.txt']) {
      const [record] = (await records(name)) as [QsbRecord & { kind: 'bulletin' }]
      expect(record.title, name).toBe('Frobnicator leak in the example driver (XSA-912)')
      expect(record.xsas, name).toEqual([912])
      expect(record.changelog, name).toEqual([
        { date: '2031-01-11', text: 'Original QSB published' },
        { date: '2031-01-23', text: 'Added the fixed Xen packages for Qubes 4.3; noted that dom0 must be restarted' },
      ])
      expect(record.patches, name).toEqual([
        { release: '4.3', domain: 'dom0', condition: null, packages: [{ name: 'Xen packages', version: '4.19.4-2' }] },
      ])
      // The post's date is the update's, not the bulletin's.
      expect(record.date, name).toBeNull()
    }
  })

  it('a stub carries its title line: title, advisories, the post’s date', async () => {
    for (const name of ['2031-02-03-qsb-908.md', '2031-02-03-qsb-908.html', 'qsb-908-stub-scrape.txt']) {
      const [record] = (await records(name)) as [QsbRecord & { kind: 'bulletin' }]
      expect(record.title, name).toBe('Xen bugs (XSA 913, XSA 914)')
      expect(record.xsas, name).toEqual([913, 914])
      expect(record.patches, name).toEqual([])
    }
  })

  it('a page that names another number than its signed text: the record follows the text and says so', async () => {
    const [record] = (await records('2031-06-02-canary-026.md')) as [QsbRecord]
    const mismatch = record.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'number-mismatch')
    expect(mismatch).toHaveLength(1)
    expect(mismatch[0]?.message).toMatch(/canary 25 in the text: the page says canary 26 \(its title `Qubes Canary 026`\) and canary 26 \(its file name/)
    expect(mismatch[0]?.severity).toBe('warning')
  })
})
