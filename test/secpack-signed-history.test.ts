/**
 * History and repost tracing with real signatures: a synthetic secpack
 * repository whose revisions are signed at test time with the fixture team
 * keys (certified by the fixture master key), verified by the real verifier.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMessage, readPrivateKey, sign } from 'openpgp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDocuments } from '../src/read/index.js'
import { history } from '../src/secpack/index.js'
import { matchRepost } from '../src/secpack/index.js'
import type { HistoryRecord } from '../src/secpack/schema.js'
import type { Verifier } from '../src/secpack/index.js'
import { loadKeyring } from '../src/read/node/index.js'
import { verifyDocument } from '../src/verify/index.js'
import { createGitRepo, type GitRepo } from './helpers/git-repo.js'
import { fingerprints, fixture } from './helpers/keys.js'

const base = readFileSync(fixture('bulletins/qsb-112-2025.txt'), 'utf8').replace('Bulletin 112', 'Bulletin 950')
const v1 = base.replace('4.17.5-3', '4.17.5-1')
const v2 = base
const v3 = base.replace('4.17.5-3', '4.17.5-4').replace('The issue was reported', 'The issue was found and reported')
const path = 'QSBs/qsb-950-2025.txt'
const day = (n: number): number => Date.UTC(2025, 1, 18 + n) / 1000

async function signature(who: 'alice' | 'bob', text: string, seconds: number): Promise<string> {
  const key = await readPrivateKey({ armoredKey: readFileSync(fixture(`keys/secret/${who}.asc`), 'utf8') })
  const message = await createMessage({ binary: new TextEncoder().encode(text) })
  return sign({ message, signingKeys: key, detached: true, date: new Date(seconds * 1000), format: 'armored' })
}

/** What a scraper does to a bulletin: underlines, indentation, `--`, blank lines and double spaces lost (noise only). */
function scrape(text: string): string {
  const page = text
    .split('\n')
    .filter((line) => !/^\s*(?:-{3,}|={3,}|--)?\s*$/.test(line))
    .map((line) => line.trim().replace(/ {2,}/g, ' '))
    .join('\n')
    .replace(/"([^"\n]*)"/g, '“$1”')
    .trim()
  return `Site navigation\n\n${page}\n\nShare this post`
}

let repo: GitRepo
let verify: Verifier
const commits: Record<string, string> = {}

beforeAll(async () => {
  const keyring = await loadKeyring({ secpack: fixture('secpack'), master: fingerprints.master })
  verify = (document, signatures) => verifyDocument(document, signatures, keyring, { now: new Date(Date.UTC(2026, 0, 1)) })
  repo = await createGitRepo(mkdtempSync(join(tmpdir(), 'qsb-signed-')))
  commits.draft = await repo.commit({ time: day(0), message: 'QSB-950: draft', files: { [path]: v1 } })
  commits.revise = await repo.commit({ time: day(1), message: 'QSB-950: revise', files: { [path]: v2 } })
  commits.alice = await repo.commit({ time: day(2), message: 'QSB-950: sign (alice)', files: { [`${path}.sig.alice`]: await signature('alice', v2, day(2)) } })
  commits.bob = await repo.commit({ time: day(3), message: 'QSB-950: sign (bob)', files: { [`${path}.sig.bob`]: await signature('bob', v2, day(3)) } })
  commits.update = await repo.commit({ time: day(4), message: 'QSB-950: update versions', files: { [path]: v3 } })
  commits.resign = await repo.commit({
    time: day(5),
    message: 'QSB-950: re-sign',
    files: { [`${path}.sig.alice`]: await signature('alice', v3, day(5)), [`${path}.sig.bob`]: await signature('bob', v3, day(5)) },
  })
  commits.unsign = await repo.commit({ time: day(6), message: 'QSB-950: drop a signature', files: { [`${path}.sig.bob`]: null } })
})

afterAll(() => {
  if (repo) rmSync(repo.dir, { recursive: true, force: true })
})

describe('history with real signatures', () => {
  it('reports every state and verdict, newest commit first', async () => {
    const records: HistoryRecord[] = []
    for await (const entry of history(repo.dir, { files: [path], verify })) if ('state' in entry) records.push(entry)
    const summary = records.map((record) => [
      record.commit,
      record.state,
      record.signatures.map((signature) => `${signature.signer}:${signature.status}`).join(' '),
    ])
    expect(summary).toEqual([
      [commits.unsign, 'signed', 'alice:good'],
      [commits.resign, 'signed', 'alice:good bob:good'],
      [commits.update, 'stale', 'alice:bad bob:bad'],
      [commits.bob, 'signed', 'alice:good bob:good'],
      [commits.alice, 'signed', 'alice:good'],
      [commits.revise, 'unsigned', ''],
      [commits.draft, 'unsigned', ''],
    ])
    const good = records.flatMap((record) => record.signatures.filter((signature) => signature.status === 'good'))
    for (const signature of good) expect(signature.fingerprint).toMatch(/^[0-9A-F]{40}$/)
  })
})

describe('tracing scrapes to their revision', () => {
  async function trace(text: string): Promise<Awaited<ReturnType<typeof matchRepost>>> {
    const [document] = await readDocuments(text, { path: 'scrape.txt' })
    expect(document?.record.source.fidelity).toBe('lossy')
    return matchRepost(repo.dir, { file: 'scrape.txt', record: document!.record, text: document!.unwrapped.text }, { verify })
  }

  it.each([
    ['the first signed text', () => v2, () => commits.bob],
    ['the re-signed text', () => v3, () => commits.unsign],
  ])('a scrape of %s traces to its newest signed commit, with no difference of substance', async (_what, text, commit) => {
    const match = await trace(scrape(text()))
    expect(match.error).toBeNull()
    expect(match.document).toBe(path)
    expect(match.revision).toMatchObject({ commit: commit(), signed: true, state: 'signed' })
    expect(match.substance).toBe(false)
    expect(match.differences.map((difference) => difference.line)).toEqual(['site-text'])
    // What is presented as authentic is the revision's own text.
    expect(match.record?.sections.find((section) => section.heading === 'Patching')?.text).toContain('  - Xen packages')
  })

  it('a scrape that lost the date line differs in substance, and says the line was the date', async () => {
    const match = await trace(scrape(v2).replace(/^\d{4}-\d{2}-\d{2}\n/m, ''))
    expect(match.revision?.commit).toBe(commits.bob)
    expect(match.differences.filter((difference) => difference.substance)).toEqual([
      expect.objectContaining({ kind: 'removed', line: 'date', substance: true }),
    ])
  })

  it('a changed version number inside an otherwise faithful scrape is a difference of substance', async () => {
    const match = await trace(scrape(v3).replace('4.17.5-4', '4.17.5-9'))
    expect(match.revision?.commit).toBe(commits.unsign)
    expect(match.substance).toBe(true)
    expect(match.differences.filter((difference) => difference.substance)).toEqual([
      expect.objectContaining({ kind: 'changed', revision: expect.objectContaining({ text: '4.17.5-4' }), repost: expect.objectContaining({ text: '4.17.5-9' }) }),
    ])
  })

  it('an added sentence is a difference of substance', async () => {
    const match = await trace(scrape(v2).replace('The issue was reported', 'No reboot is needed. The issue was reported'))
    expect(match.substance).toBe(true)
    expect(match.differences.find((difference) => difference.substance)).toMatchObject({ kind: 'added', repost: { text: 'No reboot is needed.' } })
  })

  it('a scrape of a draft traces to the unsigned draft, and says so', async () => {
    const match = await trace(scrape(v1))
    expect(match.revision).toMatchObject({ commit: commits.draft, signed: false })
    expect(match.substance).toBe(false)
  })
})
