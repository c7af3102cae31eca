/**
 * The real corpus: every bulletin and canary parses, and the records agree
 * with independent readings and with the website's hand-kept indexes.
 */
import { readFileSync } from 'node:fs'
import { VFileMessage } from 'vfile-message'
import { expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import type { Bulletin, Canary, QsbRecord } from '../src/record/schema.js'
import { corpus, corpusFiles, corpusPath, readTruth } from './helpers/corpus.js'
import { describeWith } from './helpers/needs.js'

const bulletinFiles = corpusFiles('secpack/QSBs', /^qsb-\d{3}-\d{4}\.txt$/)
const canaryFiles = corpusFiles('secpack/canaries', /^canary-\d{3}-\d{4}\.txt$/)

const records = new Map<string, QsbRecord>()
function record(folder: string, name: string): QsbRecord {
  const key = `${folder}/${name}`
  let found = records.get(key)
  if (!found) {
    const path = corpusPath(folder, name)
    found = parse(readFileSync(path), { path, file: name })
    records.set(key, found)
  }
  return found
}

/** Independent oracle: the first non-blank line after the banner, read by `Date`. */
function dateLine(text: string): string {
  const lines = text.split('\n')
  const banner = lines.findIndex((line) => line.includes('Qubes Security Bulletin'))
  const line = (lines.slice(banner + 1).find((candidate) => candidate.trim() !== '') as string).trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(line)) return line
  return new Date(`${line} UTC`).toISOString().slice(0, 10)
}

describeWith([corpus('secpack')], 'corpus: secpack bulletins', () => {
  it('finds the bulletins', () => {
    expect(bulletinFiles.length).toBeGreaterThanOrEqual(99)
  })

  it.each(bulletinFiles)('%s parses, with number and date from the file and its date line', (name) => {
    const found = record('secpack/QSBs', name)
    const [, number, year] = /^qsb-(\d{3})-(\d{4})/.exec(name) as RegExpExecArray
    expect(found.kind).toBe('bulletin')
    expect(found.number).toBe(Number(number))
    expect(found.date).toBe(dateLine(readFileSync(corpusPath('secpack/QSBs', name), 'utf8')))
    expect(found.date?.slice(0, 4)).toBe(year)
    expect(found.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([])
    expect(found.sections.length).toBeGreaterThan(0)
  })

  it('rejects the unfilled template with a clear error naming file and place', () => {
    const path = corpusPath('secpack/QSBs/qsb-template.txt')
    let error: unknown
    try {
      parse(readFileSync(path), { path })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(VFileMessage)
    const message = error as VFileMessage
    expect(message.ruleId).toBe('template')
    expect(message.file).toBe(path)
    expect(message.line).toBe(2)
    expect(String(message)).toMatch(/qsb-template\.txt:2:\d+.*template/)
  })
})

describeWith([corpus('secpack')], 'corpus: secpack canaries', () => {
  it.each(canaryFiles)('%s parses, dated by statement 1', (name) => {
    const found = record('secpack/canaries', name) as Canary
    const text = readFileSync(corpusPath('secpack/canaries', name), 'utf8')
    const [, number] = /^canary-(\d{3})/.exec(name) as RegExpExecArray
    const issued = (/date of issue of this canary is ([^.]+)\./.exec(text.replace(/\s+/g, ' ')) as RegExpExecArray)[1]
    const expected = new Date(`${(issued as string).replace(/(\d)(st|nd|rd|th)/, '$1')} UTC`).toISOString().slice(0, 10)
    expect(found.kind).toBe('canary')
    expect(found.number).toBe(Number(number))
    expect(found.date).toBe(expected)
    expect(found.statements.map((statement) => statement.number)).toEqual([1, 2, 3, 4, 5])
    expect(found.masterKeyFingerprint).toBe('427F11FD0FAA4B080123F01CDDFA1A3E36879494')
    expect(found.bulletinCount).toBeGreaterThan(0)
    expect(found.nextCanary?.month).toMatch(/^\d{4}-\d{2}$/)
    expect(found.proofOfFreshness).toBeTruthy()
  })
})

interface TrackerEntry {
  xsa: number
  qsb?: string
}
interface IndexEntry {
  qsb: string
  title: string
  date: string
}

/**
 * XSAs the tracker maps to a bulletin whose text does not name them in any
 * form (checked by hand against the bulletin): number → reason.
 */
const trackerOnly: Record<number, string> = {
  7: 'QSB-002 cites only "the official Xen.org advisory" by its mailing-list URL; no XSA number or advisory-N URL appears',
}

/** Bulletins whose index title differs from the bulletin's own, and why the bulletin is right. */
const indexTitleDiffers: Record<string, string> = {
  ...Object.fromEntries(
    ['001', '002', '003', '004', '005', '006', '007', '008', '009', '010'].map((qsb) => [
      qsb,
      'the bulletin has no title line (a heading or prose follows the date); the index wrote one afterwards',
    ]),
  ),
  '011': 'the index paraphrases the title ("Qubes clipboard inter-VM leak")',
  '069': 'the title’s second line lists the advisories; the index drops it',
  '070': 'the title’s second line lists the advisories; the index drops it',
  '083': 'the title is set as "Retbleed" over two more lines; the index joins them with a colon',
  '093': 'the title’s second line lists the advisories; the index drops it',
  '097': 'the title’s second line gives the CVE and Intel advisory; the index drops it',
}

describeWith([corpus('secpack'), corpus('truth')], 'corpus: the website’s hand-kept indexes', () => {
  it('every XSA the tracker maps to a bulletin is in that bulletin’s xsas', () => {
    const tracker = readTruth<TrackerEntry[]>('website-xsa-tracker.yml')
    const missing: string[] = []
    for (const entry of tracker) {
      if (!entry.qsb || trackerOnly[entry.xsa]) continue
      const name = `qsb-${entry.qsb}.txt`
      const found = record('secpack/QSBs', name) as Bulletin
      if (!found.xsas.includes(entry.xsa)) missing.push(`XSA-${entry.xsa} not in ${name}`)
    }
    expect(missing).toEqual([])
  })

  it('titles agree with the website’s index, except where the index is wrong', () => {
    const index = readTruth<IndexEntry[]>('website-qsb-index.yml')
    const differ: string[] = []
    for (const entry of index) {
      const name = bulletinFiles.find((file) => file.startsWith(`qsb-${entry.qsb}-`))
      if (!name || indexTitleDiffers[entry.qsb]) continue
      const found = record('secpack/QSBs', name)
      if (found.title !== entry.title) differ.push(`${entry.qsb}: ${JSON.stringify(found.title)} ≠ ${JSON.stringify(entry.title)}`)
    }
    expect(differ).toEqual([])
  })
})

describeWith([corpus('seeds')], 'corpus: seed drafts', () => {
  it.each([
    ['000_2e7e6cddf7123d68.txt', 80],
    ['001_91fc94777606340e.txt', 103],
    ['002_f2054c5a8caabfd5.txt', 55],
    ['003_20a37111dca7945c.txt', 32],
  ])('%s parses to bulletin %i', (name, number) => {
    const found = parse(readFileSync(corpusPath('seeds', name)), { path: name })
    expect(found.kind).toBe('bulletin')
    expect(found.number).toBe(number)
    expect(found.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(found.title).toBeTruthy()
  })
})
