/**
 * Damaged copies: the grammar's lossy mode recovers what can be recovered and
 * says what was missing; it never invents a field it could not read.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import type { Bulletin } from '../src/record/schema.js'

const folder = resolve(import.meta.dirname, '../fixtures')
const exact = parse(readFileSync(resolve(folder, 'bulletins/qsb-112-2025.txt')), { path: 'qsb-112-2025.txt' }) as Bulletin
const scrape = readFileSync(resolve(folder, 'lossy/qsb-112-scrape.txt'), 'utf8')
/** What `sources/` hands over: from the banner to the end of the bulletin. */
const cut = scrape.slice(scrape.indexOf('---===['), scrape.indexOf('\n\nShare this post'))

describe('lossy mode', () => {
  const record = parse(cut, { lossy: true, source: { format: 'plain', fidelity: 'lossy', partial: false } }) as Bulletin

  it('recovers the fields the scrape still carries, equal to the exact copy’s', () => {
    for (const field of ['number', 'title', 'xsas', 'cves', 'patches', 'userActionRequired', 'references', 'credits'] as const) {
      expect(record[field], field).toEqual(exact[field])
    }
    expect(record.source).toEqual({ format: 'plain', fidelity: 'lossy', partial: false })
  })

  it('never invents the date the scrape lost', () => {
    expect(record.date).toBeNull()
    expect(record.diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('missing-date')
  })

  it('puts back lost headings by their content, and says so', () => {
    expect(record.sections.map((section) => section.heading)).toEqual([
      'User action',
      'Summary',
      'Impact',
      'Patching',
      'Credits',
      'References',
    ])
    const recovered = record.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'recovered-heading')
    expect(recovered.map((diagnostic) => diagnostic.message.match(/`(.+?)`/)?.[1])).toEqual([
      'Summary',
      'Patching',
      'Credits',
      'References',
    ])
    expect(record.diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('missing-underline')
    expect(record.diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('recovered-signoff')
  })

  it('does not restructure text that is not marked lossy', () => {
    const plain = parse(cut)
    expect(plain.sections.map((section) => section.heading)).toEqual(['User action', 'Impact'])
  })
})
