/**
 * The generated XSA tracker, against the website's hand-kept one.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import type { Bulletin } from '../src/record/schema.js'
import { buildIndex, coveredXsas } from '../src/secpack/index.js'
import { corpus, corpusFiles, corpusPath, readTruth } from './helpers/corpus.js'
import { describeWith } from './helpers/needs.js'

const fixtures = ['qsb-001-2012.txt', 'qsb-023-2016.txt', 'qsb-047-2019.txt', 'qsb-112-2025.txt'].map(
  (name) => parse(readFileSync(resolve(import.meta.dirname, '../fixtures/bulletins', name)), { path: name }) as Bulletin,
)

describe('indexes', () => {
  it('indexes by XSA (covered apart from mentioned), CVE, release and date', () => {
    const index = buildIndex(fixtures)
    expect(index.xsas.find((entry) => entry.xsa === 470)?.covered.map((entry) => entry.number)).toEqual([112])
    expect(index.xsas.find((entry) => entry.xsa === 226)).toMatchObject({ covered: [], mentioned: [{ number: 23 }] })
    expect(index.xsas.find((entry) => entry.xsa === 9)?.covered.map((entry) => entry.number)).toEqual([1])
    expect(index.cves.map((entry) => entry.cve)).toEqual(['CVE-2016-7777', 'CVE-2016-10013', 'CVE-2025-0101'])
    expect(index.releases.map((entry) => entry.release)).toEqual(['1', '2', '3.0', '3.1', '3.2', '4.0', '4.2', '4.3'])
    expect(index.dates.map((entry) => entry.number)).toEqual([1, 23, 47, 112])
  })
})

interface TrackerEntry {
  xsa: number
  affected: string | boolean
  qsb?: string
}

/** Tracker rows the bulletin does not support as its subject, and why (checked by hand). */
const trackerDisagrees: Record<string, string> = {
  'XSA-7 → 002': 'QSB-002 never names the advisory: it links the Xen.org announcement by mailing-list URL only',
  'XSA-87 → 010': 'QSB-010 names XSA-87 only in passing text; its headings and references name XSA-86',
}

describeWith([corpus('secpack'), corpus('truth')], 'the generated XSA tracker', () => {
  it('agrees with the website’s hand-kept tracker wherever the bulletin supports it', () => {
    const bulletins = corpusFiles('secpack/QSBs', /^qsb-\d{3}-\d{4}\.txt$/).map(
      (name) => parse(readFileSync(corpusPath('secpack/QSBs', name)), { path: name }) as Bulletin,
    )
    const byNumber = new Map(bulletins.map((bulletin) => [bulletin.number, bulletin]))
    const missing: string[] = []
    for (const row of readTruth<TrackerEntry[]>('website-xsa-tracker.yml')) {
      if (!row.qsb) continue
      const number = Number(String(row.qsb).slice(0, 3))
      const key = `XSA-${row.xsa} → ${String(row.qsb).slice(0, 3)}`
      if (trackerDisagrees[key]) continue
      if (!coveredXsas(byNumber.get(number) as Bulletin).includes(row.xsa)) missing.push(key)
    }
    expect(missing).toEqual([])
  })
})
