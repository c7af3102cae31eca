/**
 * `history` on a synthetic repository built object by object: drafts, a
 * signed release, a revision that leaves the signatures stale, re-signings,
 * a removed signature, side branches merged both ways, equal timestamps, a
 * removed document — every record checked, and the commit lists checked
 * against the real `git log` where git is installed.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { history } from '../src/secpack/index.js'
import { HistoryEntry, type HistoryRecord } from '../src/secpack/schema.js'
import type { Verifier } from '../src/secpack/index.js'
import { createGitRepo, fakeSignature, fakeVerifier, type GitRepo } from './helpers/git-repo.js'
import { describeWith, git, itWith } from './helpers/needs.js'

/** Commit times are offsets from here (git refuses dates before the epoch). */
const T = 1_700_000_000
const D = 'QSBs/qsb-101-2024.txt'
const R = 'QSBs/qsb-102-2024.txt'
const C = 'canaries/canary-050-2024.txt'
const text = (version: number): string => `---===[ Qubes Security Bulletin 101 ]===---\n\nversion ${version}\n`

let repo: GitRepo
const ids: Record<string, string> = {}

async function collect(files?: string[]): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = []
  for await (const entry of history(repo.dir, files ? { files, verify: fakeVerifier } : { verify: fakeVerifier })) entries.push(entry)
  return entries
}

function gitLog(dir: string, file: string): string[] {
  const out = execFileSync('git', ['-C', dir, 'log', '--format=%H %cI', '--', file, `${file}.sig.*`, `${file}.sign.*`], { encoding: 'utf8' })
  // Records give times in UTC: git's own instant, with its committer offset, read by `Date`.
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit, date] = line.split(' ')
      return `${commit} ${new Date(date as string).toISOString()}`
    })
}

beforeAll(async () => {
  repo = await createGitRepo(mkdtempSync(join(tmpdir(), 'qsb-synthetic-')))
  const at = async (name: string, spec: Parameters<GitRepo['commit']>[0]): Promise<void> => {
    ids[name] = await repo.commit({ message: name, ...spec })
  }
  await at('draft 1', { time: T + 1000, offset: 60, files: { [D]: text(1), 'README.md': 'secpack\n' } })
  await at('draft 2', { time: T + 2000, files: { [D]: text(2) } })
  await at('release', { time: T + 3000, files: { [`${D}.sig.alice`]: fakeSignature(text(2)), [`${D}.sign.bob`]: fakeSignature(text(2)) } })
  await at('unrelated', { time: T + 3500, files: { 'README.md': 'secpack, again\n', [`${D}.txt.sig.alice`]: 'not a signature of D\n' } })
  await at('revision', { time: T + 4000, offset: -300, files: { [D]: text(3) } })
  await at('re-sign alice', { time: T + 5000, files: { [`${D}.sig.alice`]: fakeSignature(text(3)) } })
  await at('re-sign bob', { time: T + 6000, files: { [`${D}.sign.bob`]: fakeSignature(text(3)) } })
  await at('drop bob', { time: T + 7000, files: { [`${D}.sign.bob`]: null, [R]: 'draft of 102\n', [`${R}.sig.alice`]: 'old\n' } })
  // A side branch changes D; the merge takes D from it: TREESAME to its second parent, so not listed.
  await at('side: revision 4', { time: T + 8000, parents: [ids['drop bob'] as string], files: { [D]: text(4) } })
  await at('main: canary', { time: T + 8500, parents: [ids['drop bob'] as string], files: { [C]: 'canary\n', [R]: null } })
  await at('merge side', { time: T + 9000, parents: [ids['main: canary'] as string, ids['side: revision 4'] as string], files: { [D]: text(4) } })
  // Both sides change D at the same second; the merge differs from both: listed, both sides walked.
  await at('main: revision 5', { time: T + 10000, parents: [ids['merge side'] as string], files: { [D]: text(5) } })
  await at('side: sign 4', { time: T + 10000, parents: [ids['merge side'] as string], files: { [`${D}.sig.carol`]: fakeSignature(text(4)) } })
  await at('merge both', {
    time: T + 11000,
    parents: [ids['main: revision 5'] as string, ids['side: sign 4'] as string],
    files: { [`${D}.sig.carol`]: fakeSignature(text(5)), [`${D}.sig.alice`]: fakeSignature(text(5)) },
  })
})

afterAll(() => {
  if (repo) rmSync(repo.dir, { recursive: true, force: true })
})

describe('history of a synthetic repository', () => {
  it('gives one record per commit that changed the document or its signatures, newest first, with its state', async () => {
    const records = (await collect([D])) as HistoryRecord[]
    const summary = records.map((record) => [record.subject, record.state, record.signatures.map((verdict) => `${verdict.signer}:${verdict.status}`).join(' ')])
    expect(summary).toEqual([
      ['merge both', 'signed', 'alice:good carol:good'],
      ['main: revision 5', 'stale', 'alice:bad'],
      ['side: sign 4', 'stale', 'alice:bad carol:good'],
      ['side: revision 4', 'stale', 'alice:bad'],
      ['drop bob', 'signed', 'alice:good'],
      ['re-sign bob', 'signed', 'alice:good bob:good'],
      ['re-sign alice', 'stale', 'alice:good bob:bad'],
      ['revision', 'stale', 'alice:bad bob:bad'],
      ['release', 'signed', 'alice:good bob:good'],
      ['draft 2', 'unsigned', ''],
      ['draft 1', 'unsigned', ''],
    ])
    for (const record of records) expect(HistoryEntry.parse(record)).toEqual(record)
  })

  it('fills every field of a record', async () => {
    const records = (await collect([D])) as HistoryRecord[]
    const revision = records.find((record) => record.subject === 'revision') as HistoryRecord
    expect(revision).toEqual({
      file: D,
      commit: ids.revision,
      date: '2023-11-14T23:20:00.000Z',
      subject: 'revision',
      blob: repo.files(ids.revision as string).get(D),
      signatures: [
        {
          source: `${D}.sig.alice`,
          signer: 'alice',
          fingerprint: null,
          created: null,
          hash: 'SHA256',
          status: 'bad',
          notes: ['fake verifier: not the SHA-256 of this text'],
        },
        expect.objectContaining({ source: `${D}.sign.bob`, signer: 'bob', status: 'bad' }),
      ],
      state: 'stale',
    })
    // Committed at 23:30 in +01:00: the record gives the same instant in UTC.
    expect(records.at(-1)?.date).toBe('2023-11-14T22:30:00.000Z')
  })

  it('says `removed` where the document is gone, with the signatures left behind as errors', async () => {
    const records = (await collect([R])) as HistoryRecord[]
    expect(records.map((record) => [record.subject, record.state, record.blob === null])).toEqual([
      ['main: canary', 'removed', true],
      ['drop bob', 'stale', false],
    ])
    expect(records[0]?.signatures).toEqual([
      {
        source: `${R}.sig.alice`,
        signer: 'alice',
        fingerprint: null,
        created: null,
        hash: null,
        status: 'error',
        notes: ['the document is not in this commit: nothing to check the signature against'],
      },
    ])
  })

  it('covers every document ever present when no files are given, sorted by path', async () => {
    const entries = await collect()
    expect([...new Set(entries.map((entry) => entry.file))]).toEqual([R, D, C].sort())
    expect(entries.filter((entry) => entry.file === D)).toEqual(await collect([D]))
  })

  it('verifies each signature against each text once', async () => {
    fakeVerifier.calls.length = 0
    await collect([D])
    const pairs = fakeVerifier.calls.flatMap((call) => call.signatures.map((signature) => `${call.document} ${signature}`))
    expect(new Set(pairs).size).toBe(pairs.length)
    // 11 records carry 17 verdicts; only the distinct (text, signature) pairs reach the verifier.
    expect(pairs).toHaveLength(11)
  })

  it('gives a failure entry, not an exception, for a file no commit changed, outside the checkout, or a folder', async () => {
    const entries = await collect(['QSBs/qsb-999-2024.txt', '../elsewhere.txt', 'QSBs/', D])
    expect(entries[0]).toEqual({
      file: 'QSBs/qsb-999-2024.txt',
      error: {
        message: `QSBs/qsb-999-2024.txt: not in the history of ${repo.dir} (no commit reachable from HEAD changed it)`,
        ruleId: 'not-in-history',
        line: null,
        column: null,
      },
    })
    expect(entries[1]).toMatchObject({ file: '../elsewhere.txt', error: { ruleId: 'outside-checkout' } })
    expect(entries[2]).toMatchObject({ file: 'QSBs/', error: { ruleId: 'not-a-document' } })
    expect(entries.slice(3).every((entry) => entry.file === D && 'state' in entry)).toBe(true)
  })

  it('accepts absolute paths and ./ prefixes', async () => {
    const expected = await collect([D])
    expect(await collect([join(repo.dir, D)])).toEqual(expected)
    expect(await collect([`./${D}`])).toEqual(expected)
  })

  it('turns a verifier that throws or says too little or too much into contract verdicts', async () => {
    const run = async (verify: Verifier): Promise<HistoryRecord> => {
      for await (const entry of history(repo.dir, { files: [R], verify })) if ('state' in entry && entry.state !== 'removed') return entry
      throw new Error('no record')
    }
    const thrown = await run(async () => {
      throw new Error('keyring unreadable')
    })
    expect(thrown.state).toBe('stale')
    expect(thrown.signatures).toMatchObject([{ status: 'error', notes: ['verification failed: keyring unreadable'] }])
    const silent = await run(async () => ({ authentic: false, signatures: [] }))
    expect(silent.signatures).toMatchObject([{ status: 'error', notes: ['the verifier gave no verdict'] }])
    const talkative = await run(async (_document, signatures) => ({
      authentic: true,
      signatures: signatures.map((signature) => ({
        source: signature.source,
        signer: signature.signer,
        fingerprint: 'F'.repeat(40),
        issuer: 'F'.repeat(16),
        created: '2024-01-01T00:00:00Z',
        hash: 'SHA256',
        status: 'good' as const,
        notes: [],
      })),
    }))
    expect(talkative.state).toBe('signed')
    expect(Object.keys(talkative.signatures[0] ?? {}).sort()).toEqual(['created', 'fingerprint', 'hash', 'notes', 'signer', 'source', 'status'])
  })

  itWith([git], 'lists what git log lists, for each document, with its dates', async () => {
    for (const file of [D, R, C]) {
      const records = (await collect([file])) as HistoryRecord[]
      expect(records.map((record) => `${record.commit} ${record.date}`), file).toEqual(gitLog(repo.dir, file))
    }
  })
})

describeWith([git], 'history from a linked worktree and a bare clone', () => {
  it('reads the same history through a `.git` file and from a bare repository', async () => {
    const expected = await collect([D])
    const other = mkdtempSync(join(tmpdir(), 'qsb-other-'))
    try {
      execFileSync('git', ['-C', repo.dir, 'worktree', 'add', '--quiet', '--detach', join(other, 'worktree'), ids['merge both'] as string])
      execFileSync('git', ['clone', '--quiet', '--bare', repo.dir, join(other, 'bare.git')])
      for (const dir of [join(other, 'worktree'), join(other, 'bare.git')]) {
        const entries: HistoryEntry[] = []
        for await (const entry of history(dir, { files: [D], verify: fakeVerifier })) entries.push(entry)
        expect(entries, dir).toEqual(expected)
      }
    } finally {
      execFileSync('git', ['-C', repo.dir, 'worktree', 'remove', '--force', join(other, 'worktree')])
      rmSync(other, { recursive: true, force: true })
    }
  })
})

describe('history: not a git checkout', () => {
  it('says so with the message the command prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsb-plain-'))
    try {
      const run = async (): Promise<void> => {
        for await (const entry of history(dir, { verify: fakeVerifier })) void entry
      }
      await expect(run()).rejects.toThrow(`${dir} is not a git checkout: qsb history, tags and match need the git history; qsb scan works on a plain folder`)
      await expect(run()).rejects.toMatchObject({ name: 'SecpackError' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('names a folder that does not exist', async () => {
    const dir = join(tmpdir(), 'qsb-no-such-folder-here')
    const run = async (): Promise<void> => {
      for await (const entry of history(dir, { verify: fakeVerifier })) void entry
    }
    await expect(run()).rejects.toThrow(`${dir}: cannot read: no such folder`)
  })

  it('names a repository without commits', async () => {
    const empty = await createGitRepo(mkdtempSync(join(tmpdir(), 'qsb-empty-')))
    try {
      const run = async (): Promise<void> => {
        for await (const entry of history(empty.dir, { verify: fakeVerifier })) void entry
      }
      await expect(run()).rejects.toThrow(`${empty.dir} has no commits: HEAD points at refs/heads/main, which does not exist yet`)
    } finally {
      rmSync(empty.dir, { recursive: true, force: true })
    }
  })
})
