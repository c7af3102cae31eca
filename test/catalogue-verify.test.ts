/**
 * Publish only what verified: `qsb export` and `qsb index` verify each
 * bulletin first and leave out what is not authentic unless `--unverified`;
 * two files with one number are not both written. A shallow clone is named,
 * and `history` and the OSV `modified` dates never give the date where the
 * clone's history was cut (the full clone's dates are the oracle).
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { type HistoryEntry, history, osvCheckout } from '../src/secpack/index.js'
import { corpusPath } from './helpers/corpus.js'
import { memoryIo } from './helpers/io.js'
import { fingerprints, fixture } from './helpers/keys.js'
import { corpus, describeWith, git } from './helpers/needs.js'

const master = fingerprints.master as string
let dir = ''

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qsb-catalogue-'))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('export and index verify first', () => {
  it('a bulletin that is not authentic is left out, with a warning and exit 1', async () => {
    const out = join(dir, 'refused')
    const io = memoryIo()
    expect(await main(['export', '--format', 'osv', fixture('fake-secpack'), out], io)).toBe(1)
    expect(readdirSync(out)).toEqual([])
    expect(io.err()).toMatch(/left out .*QSBs\/qsb-901-2016\.txt: not authentic \(alice: untrusted\) \(--unverified exports it\)/)
    expect(io.out()).toMatch(/^wrote 0 OSV records/)
    const index = memoryIo()
    expect(await main(['index', fixture('fake-secpack')], index)).toBe(1)
    expect(index.err()).toMatch(/left out .*qsb-901-2016\.txt: not authentic/)
  })

  it('--unverified exports it on purpose, marked and warned about', async () => {
    const out = join(dir, 'unverified')
    const io = memoryIo()
    expect(await main(['export', '--format', 'osv', '--unverified', fixture('fake-secpack'), out], io)).toBe(0)
    const record = JSON.parse(readFileSync(join(out, 'x_QSB-901.json'), 'utf8')) as { database_specific: { authentic: boolean } }
    expect(record.database_specific.authentic).toBe(false)
    expect(io.err()).toMatch(/warning: QSBs\/qsb-901-2016\.txt is not authentic, and is exported \(--unverified\)/)
    const index = memoryIo()
    expect(await main(['index', '--unverified', fixture('fake-secpack')], index)).toBe(0)
    expect(index.err()).toMatch(/warning: QSBs\/qsb-901-2016\.txt is not authentic, and is kept/)
  })

  it('two files with the same number: one written, the other refused, and the count says so', async () => {
    const checkout = join(dir, 'twins')
    cpSync(fixture('secpack'), checkout, { recursive: true })
    for (const suffix of ['', '.sig.alice', '.sig.carol']) {
      cpSync(join(checkout, `QSBs/qsb-901-2016.txt${suffix}`), join(checkout, `QSBs/qsb-901-2017.txt${suffix}`))
    }
    const out = join(dir, 'twins-out')
    const io = memoryIo()
    expect(await main(['export', '--format', 'osv', '--master', master, checkout, out], io)).toBe(1)
    expect(readdirSync(out).sort()).toEqual(['x_QSB-901.json', 'x_QSB-902.json'])
    expect(io.out()).toMatch(/^wrote 2 OSV records/)
    expect(io.err()).toMatch(/not written: QSBs\/qsb-901-2017\.txt has the same number as QSBs\/qsb-901-2016\.txt \(x_QSB-901\)/)
    const record = JSON.parse(readFileSync(join(out, 'x_QSB-901.json'), 'utf8')) as { references: Array<{ url: string }> }
    expect(record.references[0]?.url).toMatch(/qsb-901-2016\.txt$/)
  })
})

describeWith([corpus('secpack-history-2023.bundle'), git], 'a shallow clone', () => {
  let full = ''
  let shallow = ''
  beforeAll(() => {
    full = join(dir, 'full')
    shallow = join(dir, 'shallow')
    execFileSync('git', ['clone', '-q', '-b', 'upto-2023', corpusPath('secpack-history-2023.bundle'), full], { stdio: 'ignore' })
    execFileSync('git', ['clone', '-q', '--depth', '30', `file://${full}`, shallow], { stdio: 'ignore' })
  }, 120_000)

  it('history names the cut instead of dating the document there', async () => {
    const verify = async (): Promise<{ authentic: boolean; signatures: [] }> => ({ authentic: false, signatures: [] })
    const entries: HistoryEntry[] = []
    for await (const entry of history(shallow, { files: ['QSBs/qsb-001-2011.txt'], verify })) entries.push(entry)
    expect(entries).toEqual([
      {
        file: 'QSBs/qsb-001-2011.txt',
        error: { message: expect.stringMatching(/is a shallow clone whose history stops at [0-9a-f]{12}: .*git fetch --unshallow/), ruleId: 'shallow-clone', line: null, column: null },
      },
    ])
    const io = memoryIo()
    await main(['history', shallow, 'QSBs/qsb-001-2011.txt'], io)
    expect(`${io.out()}${io.err()}`).toMatch(/shallow clone/)
  })

  it('every history record of the shallow clone is one the full clone has, with the same date', async () => {
    const verify = async (): Promise<{ authentic: boolean; signatures: [] }> => ({ authentic: false, signatures: [] })
    const files = ['QSBs/qsb-098-2023.txt', 'canaries/canary-037-2023.txt', 'QSBs/qsb-001-2011.txt']
    const records = async (clone: string): Promise<HistoryEntry[]> => {
      const found: HistoryEntry[] = []
      for await (const entry of history(clone, { files, verify })) found.push(entry)
      return found
    }
    const fullDates = new Map((await records(full)).flatMap((entry) => ('state' in entry ? [[`${entry.file} ${entry.commit}`, entry.date] as const] : [])))
    for (const entry of await records(shallow)) {
      if ('state' in entry) expect(entry.date, `${entry.file} ${entry.commit}`).toBe(fullDates.get(`${entry.file} ${entry.commit}`))
      else expect(entry.error.ruleId).toBe('shallow-clone')
    }
  })

  it('OSV `modified` is never the cut: a date from the history agrees with the full clone, else it is named', async () => {
    const [fromFull, fromShallow] = await Promise.all([osvCheckout(full, { unverified: true }), osvCheckout(shallow, { unverified: true })])
    const fullModified = new Map(fromFull.records.map(({ file, record }) => [file, record.modified]))
    expect(fromShallow.undated.length).toBeGreaterThan(50)
    for (const { file, record } of fromShallow.records) {
      if (!fromShallow.undated.includes(file)) expect(record.modified, file).toBe(fullModified.get(file))
    }
    const io = memoryIo()
    await main(['export', '--format', 'osv', '--unverified', shallow, join(dir, 'shallow-osv')], io)
    expect(io.err()).toMatch(/QSBs\/qsb-001-2011\.txt: a shallow clone cut its history, so `modified` is its changelog's date/)
  })

  it('the checkout record names it', async () => {
    const io = memoryIo()
    await main(['tags', '--ndjson', shallow], io)
    const checkout = JSON.parse(io.out().trim().split('\n').at(-1) as string) as { kind: string; shallow: boolean; notes: string[] }
    expect(checkout).toMatchObject({ kind: 'checkout', shallow: true })
    expect(checkout.notes[0]).toMatch(/a shallow clone/)
  })
})
