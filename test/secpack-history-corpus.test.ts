/**
 * The real secpack history (the corpus bundle, cloned at test time): for every
 * document, `history` lists exactly the commits, in exactly the order, that
 * `git log -- DOC 'DOC.sig.*' 'DOC.sign.*'` lists, with `%cI` dates (the same instants, in UTC).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { history } from '../src/secpack/index.js'
import type { HistoryEntry, HistoryRecord } from '../src/secpack/schema.js'
import { corpus, corpusPath } from './helpers/corpus.js'
import { fakeVerifier } from './helpers/git-repo.js'
import { describeWith, git as gitBinary } from './helpers/needs.js'

const bundle = corpusPath('secpack-history-2023.bundle')
let checkout = ''
let entries: HistoryEntry[] = []

function git(...args: string[]): string {
  return execFileSync('git', ['-C', checkout, '-c', 'log.showSignature=false', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
}

function byFile(list: readonly HistoryEntry[]): Map<string, HistoryRecord[]> {
  const files = new Map<string, HistoryRecord[]>()
  for (const entry of list) {
    if (!('state' in entry)) continue
    const records = files.get(entry.file) ?? []
    records.push(entry)
    files.set(entry.file, records)
  }
  return files
}

// The bundle is cloned, and checked against, with the git binary.
describeWith([corpus('secpack-history-2023.bundle'), gitBinary], 'corpus: secpack history against git log', () => {
  beforeAll(async () => {
    checkout = mkdtempSync(join(tmpdir(), 'qsb-history-'))
    execFileSync('git', ['clone', '--quiet', '-b', 'upto-2023', bundle, checkout])
    entries = []
    for await (const entry of history(checkout, { verify: fakeVerifier })) entries.push(entry)
  })

  afterAll(() => {
    if (checkout) rmSync(checkout, { recursive: true, force: true })
  })

  it('has the history the corpus describes', () => {
    expect(git('rev-list', '--count', 'HEAD').trim()).toBe('875')
    expect(git('rev-list', '--merges', '--count', 'HEAD').trim()).toBe('33')
  })

  it('follows every document that was ever in QSBs/ or canaries/, in HEAD or not', () => {
    const changed = git('log', '--format=', '--name-only', '-m', 'HEAD', '--', 'QSBs', 'canaries')
    const documents = [...new Set(changed.split('\n').filter((path) => /^(QSBs|canaries)\/(qsb|canary)-\d{3}-\d{4}\.txt$/.test(path)))]
    expect([...byFile(entries).keys()]).toEqual(documents.sort())
    expect(documents.filter((path) => path.startsWith('QSBs/'))).toHaveLength(99)
    expect(documents.filter((path) => path.startsWith('canaries/'))).toHaveLength(37)
    expect(entries.every((entry) => 'state' in entry)).toBe(true)
  })

  it('lists exactly the commits git log lists, in its order, with its dates', () => {
    const mismatches: string[] = []
    for (const [file, records] of byFile(entries)) {
      const expected = git('log', '--format=%H %cI', '--', file, `${file}.sig.*`, `${file}.sign.*`)
        .trim()
        .split('\n')
        .map((line) => `${line.slice(0, 40)} ${new Date(line.slice(41)).toISOString()}`)
      const actual = records.map((record) => `${record.commit} ${record.date}`)
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(file)
    }
    expect(mismatches).toEqual([])
  })

  it('lists merges of side branches where git does', () => {
    const merges = new Set(git('rev-list', '--merges', 'HEAD').trim().split('\n'))
    const listed = new Set(entries.filter((entry) => 'state' in entry && merges.has(entry.commit)).map((entry) => ('commit' in entry ? entry.commit : '')))
    const expected = new Set<string>()
    for (const file of byFile(entries).keys()) {
      for (const commit of git('log', '--format=%H', '--', file, `${file}.sig.*`, `${file}.sign.*`).trim().split('\n')) {
        if (merges.has(commit)) expected.add(commit)
      }
    }
    expect(listed).toEqual(expected)
  })

  it('marks a renamed-away document removed, and reads the `.sign.` files', () => {
    const old = byFile(entries).get('QSBs/qsb-064-2020.txt') ?? []
    expect(old.map((record) => record.state)).toEqual(['removed', 'stale', 'unsigned'])
    expect(old[0]?.signatures).toEqual([])
    const signed = byFile(entries).get('QSBs/qsb-017-2015.txt') ?? []
    expect(signed.some((record) => record.signatures.some((verdict) => verdict.source.endsWith('.sign.joanna')))).toBe(true)
  })

  it('follows one document asked for by path, as git does', async () => {
    const file = 'QSBs/qsb-080-2022.txt'
    const records: HistoryEntry[] = []
    for await (const entry of history(checkout, { files: [file], verify: fakeVerifier })) records.push(entry)
    expect(records).toEqual(byFile(entries).get(file))
  })
})
