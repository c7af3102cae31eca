/**
 * What `history` reads: every commit and tree at most once per run (shared by
 * all documents), and blobs only for records — counted by spying on
 * isomorphic-git's readers.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createGitRepo, fakeSignature, fakeVerifier, type GitRepo } from './helpers/git-repo.js'

const reads = vi.hoisted(() => ({ commit: [] as string[], tree: [] as string[], blob: [] as string[] }))

vi.mock('isomorphic-git', async (importOriginal) => {
  const git = await importOriginal<typeof import('isomorphic-git')>()
  return {
    ...git,
    readCommit: (args: Parameters<typeof git.readCommit>[0]) => (reads.commit.push(args.oid), git.readCommit(args)),
    readTree: (args: Parameters<typeof git.readTree>[0]) => (reads.tree.push(args.oid), git.readTree(args)),
    readBlob: (args: Parameters<typeof git.readBlob>[0]) => (reads.blob.push(args.oid), git.readBlob(args)),
  }
})

const { history } = await import('../src/secpack/index.js')

let repo: GitRepo
const documents = ['QSBs/qsb-101-2024.txt', 'QSBs/qsb-102-2024.txt', 'canaries/canary-050-2024.txt']

beforeAll(async () => {
  repo = await createGitRepo(mkdtempSync(join(tmpdir(), 'qsb-reads-')))
  let time = 1_700_000_000
  for (let round = 0; round < 4; round++) {
    for (const path of documents) {
      const text = `${path} round ${round}\n`
      await repo.commit({ time: (time += 60), files: { [path]: text } })
      await repo.commit({ time: (time += 60), files: { [`${path}.sig.alice`]: fakeSignature(text) } })
      await repo.commit({ time: (time += 60), files: { 'README.md': `${path} ${round}\n` } })
    }
  }
})

afterAll(() => {
  if (repo) rmSync(repo.dir, { recursive: true, force: true })
})

describe('history reads', () => {
  it('reads each commit and tree once for all documents, and only the blobs records need', async () => {
    reads.commit.length = 0
    reads.tree.length = 0
    reads.blob.length = 0
    let records = 0
    for await (const entry of history(repo.dir, { verify: fakeVerifier })) if ('state' in entry) records++
    expect(records).toBe(24)
    expect(reads.commit).toHaveLength(36)
    expect(new Set(reads.commit).size).toBe(reads.commit.length)
    expect(new Set(reads.tree).size).toBe(reads.tree.length)
    expect(new Set(reads.blob).size).toBe(reads.blob.length)
    // Four texts and four signatures per document; README.md never.
    expect(reads.blob).toHaveLength(24)
  })
})
