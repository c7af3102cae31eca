/**
 * `scanCheckout` on a fake checkout made in a temporary folder (documents
 * from the project's own fixtures, fake signatures), and on the corpus
 * secpack read in place.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanCheckout, type ScanOptions } from '../src/secpack/index.js'
import { ScanEntry } from '../src/secpack/schema.js'
import { corpus, corpusPath } from './helpers/corpus.js'
import { describeWith } from './helpers/needs.js'
import { fakeSignature, fakeVerifier } from './helpers/git-repo.js'

const fixtures = resolve(import.meta.dirname, '../fixtures/bulletins')
const bulletin = readFileSync(join(fixtures, 'qsb-112-2025.txt'), 'utf8')
const canary = readFileSync(join(fixtures, 'canary-040-2024.txt'), 'utf8')
let dir = ''

async function scan(folder: string, options?: Readonly<ScanOptions>): Promise<ScanEntry[]> {
  const entries: ScanEntry[] = []
  for await (const entry of scanCheckout(folder, options)) entries.push(entry)
  return entries
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qsb-checkout-'))
  const write = (path: string, text: string): void => writeFileSync(join(dir, path), text)
  mkdirSync(join(dir, 'QSBs/drafts'), { recursive: true })
  mkdirSync(join(dir, 'canaries'))
  write('QSBs/qsb-112-2025.txt', bulletin)
  write('QSBs/qsb-112-2025.txt.sig.alice', fakeSignature(bulletin))
  write('QSBs/qsb-112-2025.txt.sign.bob', fakeSignature('an older text'))
  write('QSBs/qsb-113-2025.txt', bulletin.replace('Bulletin 112', 'Bulletin 113'))
  symlinkSync(join(dir, 'nowhere'), join(dir, 'QSBs/qsb-114-2025.txt'))
  write('QSBs/qsb-115-2025.txt', 'Not a bulletin at all.\n')
  write('QSBs/qsb-template.txt', bulletin.replace('Bulletin 112', 'Bulletin TODO'))
  write('QSBs/xsa-109-risk-graph.dot', 'digraph {}\n')
  write('QSBs/xsa-109-risk-graph.dot.sig.alice', fakeSignature('digraph {}\n'))
  write('QSBs/qsb-068-2021.txt.txt.sig.marmarek', 'orphan\n')
  write('QSBs/drafts/qsb-116-2025.txt', bulletin)
  write('canaries/canary-040-2024.txt', canary)
  write('canaries/canary-040-2024.txt.sig.alice', fakeSignature(canary))
  write('canaries/canary-template.txt', 'template\n')
})

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('scanCheckout', () => {
  it('lists every file of QSBs/ and canaries/ but signatures, each with its kind and signature files', async () => {
    const entries = await scan(dir, { verify: fakeVerifier })
    expect(entries.map((entry) => [entry.file, entry.kind, entry.signatures])).toEqual([
      ['QSBs/qsb-068-2021.txt.txt.sig.marmarek', 'other', []],
      ['QSBs/qsb-112-2025.txt', 'bulletin', ['QSBs/qsb-112-2025.txt.sig.alice', 'QSBs/qsb-112-2025.txt.sign.bob']],
      ['QSBs/qsb-113-2025.txt', 'bulletin', []],
      ['QSBs/qsb-114-2025.txt', 'bulletin', []],
      ['QSBs/qsb-115-2025.txt', 'bulletin', []],
      ['QSBs/qsb-template.txt', 'template', []],
      ['QSBs/xsa-109-risk-graph.dot', 'other', ['QSBs/xsa-109-risk-graph.dot.sig.alice']],
      ['canaries/canary-040-2024.txt', 'canary', ['canaries/canary-040-2024.txt.sig.alice']],
      ['canaries/canary-template.txt', 'template', []],
    ])
    for (const entry of entries) expect(ScanEntry.parse(entry)).toEqual(entry)
  })

  it('parses documents with the existing parser and verifies signed files with the injected verifier', async () => {
    const entries = new Map((await scan(dir, { verify: fakeVerifier })).map((entry) => [entry.file, entry]))
    const signed = entries.get('QSBs/qsb-112-2025.txt') as ScanEntry
    expect(signed.record).toMatchObject({ kind: 'bulletin', number: 112, file: 'QSBs/qsb-112-2025.txt', xsas: [470] })
    expect(signed.error).toBeNull()
    expect(signed.verification).toMatchObject({
      authentic: false,
      signatures: [
        { source: 'QSBs/qsb-112-2025.txt.sig.alice', signer: 'alice', status: 'good' },
        { source: 'QSBs/qsb-112-2025.txt.sign.bob', signer: 'bob', status: 'bad' },
      ],
    })
    expect(entries.get('canaries/canary-040-2024.txt')).toMatchObject({
      record: { kind: 'canary', number: 40 },
      verification: { authentic: true },
    })
    expect(entries.get('QSBs/xsa-109-risk-graph.dot')).toMatchObject({ record: null, error: null, verification: { authentic: true } })
  })

  it('says a document without signatures is a draft, unverified', async () => {
    const entries = new Map((await scan(dir, { verify: fakeVerifier })).map((entry) => [entry.file, entry]))
    expect(entries.get('QSBs/qsb-113-2025.txt')).toMatchObject({
      record: { number: 113 },
      verification: { authentic: false, signatures: [] },
      notes: ['no signature files: a draft, or not published here'],
    })
  })

  it('lists templates and other files as such, not as errors', async () => {
    const entries = new Map((await scan(dir, { verify: fakeVerifier })).map((entry) => [entry.file, entry]))
    expect(entries.get('QSBs/qsb-template.txt')).toEqual({
      file: 'QSBs/qsb-template.txt',
      kind: 'template',
      signatures: [],
      record: null,
      error: null,
      verification: null,
      digests: null,
      notes: [],
    })
    expect(entries.get('QSBs/qsb-068-2021.txt.txt.sig.marmarek')).toMatchObject({
      kind: 'other',
      error: null,
      notes: ['a signature of `qsb-068-2021.txt.txt`, which is not in QSBs/'],
    })
  })

  it('gives an unreadable or unparsable document a clean error and goes on', async () => {
    const entries = new Map((await scan(dir, { verify: fakeVerifier })).map((entry) => [entry.file, entry]))
    expect(entries.get('QSBs/qsb-114-2025.txt')?.error).toEqual({
      message: 'QSBs/qsb-114-2025.txt: cannot read: it is a link to a missing file',
      ruleId: 'unreadable',
      line: null,
      column: null,
    })
    expect(entries.get('QSBs/qsb-115-2025.txt')?.error).toEqual({
      message: expect.stringMatching(/^QSBs\/qsb-115-2025\.txt:1:1: Expected a banner/),
      ruleId: 'missing-banner',
      line: 1,
      column: 1,
    })
    expect(entries.get('QSBs/qsb-115-2025.txt')?.record).toBeNull()
  })

  it('parses nothing with parse: false, and verifies nothing without a verifier', async () => {
    const plain = await scan(dir)
    expect(plain.every((entry) => entry.verification === null)).toBe(true)
    expect(plain.find((entry) => entry.file === 'QSBs/qsb-112-2025.txt')?.record).not.toBeNull()
    const listed = await scan(dir, { parse: false })
    expect(listed.every((entry) => entry.record === null && entry.verification === null)).toBe(true)
    expect(listed.filter((entry) => entry.error).map((entry) => entry.file)).toEqual([])
  })

  it('streams: the first entry comes before later files are read', async () => {
    fakeVerifier.calls.length = 0
    const entries = scanCheckout(dir, { verify: fakeVerifier })
    const first = await entries.next()
    expect(first.value).toMatchObject({ file: 'QSBs/qsb-068-2021.txt.txt.sig.marmarek' })
    await entries.next()
    expect(fakeVerifier.calls).toHaveLength(1)
    await entries.return(undefined)
  })

  it('says when a folder is no checkout, or no folder', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'qsb-plain-'))
    try {
      await expect(scan(plain)).rejects.toThrow(`${plain} is not a secpack checkout: it has neither QSBs/ nor canaries/`)
      await expect(scan(join(plain, 'missing'))).rejects.toThrow(`${join(plain, 'missing')}: cannot read: no such folder`)
    } finally {
      rmSync(plain, { recursive: true, force: true })
    }
  })
})

describeWith([corpus('secpack')], 'corpus: scanCheckout on the secpack', () => {
  it('finds every bulletin and canary, parses them all, and pairs their signatures', async () => {
    const entries = await scan(corpusPath('secpack'), { verify: fakeVerifier })
    const count = (kind: string): number => entries.filter((entry) => entry.kind === kind).length
    expect([count('bulletin'), count('canary'), count('template')]).toEqual([99, 25, 2])
    expect(entries.filter((entry) => entry.kind === 'other').map((entry) => [entry.file, entry.signatures.length])).toEqual([
      ['QSBs/xsa-109-risk-graph.dot', 2],
    ])
    const documents = entries.filter((entry) => entry.kind === 'bulletin' || entry.kind === 'canary')
    expect(documents.filter((entry) => entry.error || !entry.record).map((entry) => entry.file)).toEqual([])
    expect(documents.filter((entry) => entry.signatures.length === 0).map((entry) => entry.file)).toEqual([])
    expect(entries.flatMap((entry) => entry.signatures).filter((path) => path.includes('.sign.'))).toHaveLength(2)
    expect(documents.every((entry) => entry.verification?.signatures.length === entry.signatures.length)).toBe(true)
  })
})
