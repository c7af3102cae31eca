/**
 * `qsb scan`, `history`, `match`, `index` and `export`, run in-process on the
 * fixture checkout and (when present) the corpus and its git history.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { corpus, corpusPath } from './helpers/corpus.js'
import { memoryIo } from './helpers/io.js'
import { fingerprints, fixture } from './helpers/keys.js'
import { describeWith, git, itWith } from './helpers/needs.js'

const master = fingerprints.master as string

describe('qsb scan', () => {
  it('lists every document with its verdicts, and says history needs a git checkout', async () => {
    const io = memoryIo()
    expect(await main(['scan', '--master', master, fixture('secpack')], io)).toBe(0)
    expect(io.out()).toMatch(/^QSBs\/\n +FILE +NO\. +DATE +TITLE +SIGNATURES +STATUS\n +qsb-901-2016\.txt +901 +2016-01-07 .*alice:good carol:good +authentic$/m)
    expect(io.out()).toMatch(/^canaries\/\n.*\n +canary-901-2022\.txt +901 .*alice:good bob:good +authentic$/m)
    expect(io.out()).toMatch(/3 files: 3 authentic\n/)
    expect(io.out()).toMatch(/all 3 signed files authentic; no tag authenticates the folder \(not a git checkout\)\n$/)
    expect(io.err()).toMatch(/is not a git checkout.*`qsb history` needs the git history/)
  })

  it('exits 1 when a document is not authentic, and streams NDJSON', async () => {
    const io = memoryIo()
    expect(await main(['scan', '--ndjson', fixture('fake-secpack')], io)).toBe(1)
    const [entry] = io.out().trim().split('\n').map((line) => JSON.parse(line) as { file: string; verification: { authentic: boolean } })
    expect(entry).toMatchObject({ file: 'QSBs/qsb-901-2016.txt', verification: { authentic: false } })
  })

  itWith([corpus('secpack')], 'the corpus secpack: every document authentic, the template and the signed graph listed as such', async () => {
    const io = memoryIo()
    expect(await main(['scan', corpusPath('secpack')], io)).toBe(0)
    expect(io.out()).toMatch(/^ +qsb-template\.txt +template \(not a document\)$/m)
    expect(io.out()).toMatch(/^ +xsa-109-risk-graph\.dot +joanna:good marmarek:good +not a bulletin; authentic$/m)
    expect(io.out()).toMatch(/^127 files: 125 authentic, /m)
  })
})

describe('qsb history', () => {
  it('a folder that is not a git checkout gets a clear message, and exit status 2 before any work', async () => {
    const io = memoryIo()
    expect(await main(['history', fixture('secpack')], io)).toBe(2)
    expect(io.err()).toMatch(/secpack: not a git checkout: history reads the git history/)
    expect(io.out()).toBe('')
  })
})

describeWith([corpus('secpack-history-2023.bundle'), corpus('posts'), corpus('seeds'), git], 'on a clone of the corpus history', () => {
  let clone = ''
  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'qsb-clone-'))
    execFileSync('git', ['clone', '-q', '-b', 'upto-2023', corpusPath('secpack-history-2023.bundle'), clone])
  })
  afterAll(() => {
    if (clone) rmSync(clone, { recursive: true, force: true })
  })

  it('qsb history follows a bulletin from draft to signatures', async () => {
    const io = memoryIo()
    expect(await main(['history', '--ndjson', clone, 'QSBs/qsb-080-2022.txt'], io)).toBe(0)
    const records = io.out().trim().split('\n').map((line) => JSON.parse(line) as { commit: string; state: string; subject: string })
    expect(records.map((record) => [record.subject, record.state])).toEqual([
      ['QSB-080: sign', 'signed'],
      ['QSB-080: Sign', 'signed'],
      ['QSB-080: Minor rewording', 'unsigned'],
      ['QSB-080: revise', 'unsigned'],
      ['QSB-080: draft', 'unsigned'],
    ])
    expect(records[0]?.commit).toMatch(/^761a3c80[0-9a-f]{32}$/)
  })

  it('qsb match traces the website’s post to the signed revision, and a seed draft to its unsigned draft', async () => {
    const io = memoryIo()
    const status = await main(['match', '--secpack', clone, corpusPath('posts/2022-06-09-qsb-080.md'), corpusPath('seeds/000_2e7e6cddf7123d68.txt')], io)
    expect(io.out()).toMatch(/2022-06-09-qsb-080\.md → QSBs\/qsb-080-2022\.txt @ 761a3c804648 \(2022-06-09, signed\)\n {2}faithful/)
    expect(io.out()).toMatch(/000_2e7e6cddf7123d68\.txt → QSBs\/qsb-080-2022\.txt @ 0d7c997caddd \(2022-06-09, not signed: unsigned\)/)
    // A draft is not what was signed: the batch is not all fine.
    expect(status).toBe(1)
  })
})

describe('qsb index and qsb export', () => {
  itWith([corpus('secpack')], 'index: the XSA tracker, generated', async () => {
    const io = memoryIo()
    expect(await main(['index', corpusPath('secpack')], io)).toBe(0)
    expect(io.out()).toMatch(/^XSA +COVERED BY +ALSO MENTIONED IN$/m)
    expect(io.out()).toMatch(/^XSA-226 +QSB-032$/m)
    expect(io.out()).toMatch(/^XSA-254 +QSB-037 +QSB-048 QSB-088 QSB-096$/m)
  })

  it('export: one OSV record per bulletin, named by its id', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qsb-osv-'))
    try {
      const io = memoryIo()
      expect(await main(['export', '--format', 'osv', '--master', master, fixture('secpack'), out], io)).toBe(0)
      expect(readdirSync(out).sort()).toEqual(['x_QSB-901.json', 'x_QSB-902.json'])
      const record = JSON.parse(readFileSync(join(out, 'x_QSB-902.json'), 'utf8')) as { id: string; published: string; references: Array<{ url: string }> }
      expect(record).toMatchObject({ id: 'x_QSB-902', published: '2022-03-01T00:00:00Z' })
      expect(record.references[0]?.url).toBe('https://github.com/QubesOS/qubes-secpack/blob/main/QSBs/qsb-902-2022.txt')
      expect(io.out()).toMatch(/wrote 2 OSV records/)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })

  it('export needs --format osv', async () => {
    const io = memoryIo()
    expect(await main(['export', fixture('secpack'), 'out'], io)).toBe(2)
    expect(existsSync('out')).toBe(false)
  })
})
