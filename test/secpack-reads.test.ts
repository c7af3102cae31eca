/**
 * What `history` reads: every commit and tree at most once per run (shared by
 * all documents), and blobs only for records — counted by spying on
 * isomorphic-git's readers.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createGitRepo, fakeSignature, fakeVerifier, type GitRepo } from './helpers/git-repo.js'

const reads = { commit: [] as string[], tree: [] as string[], blob: [] as string[] }

// The git reader loads isomorphic-git with `require` (its CommonJS build, for Node): spy on that module object.
const git = createRequire(import.meta.url)('isomorphic-git') as typeof import('isomorphic-git')
for (const [name, list] of [
  ['readCommit', reads.commit],
  ['readTree', reads.tree],
  ['readBlob', reads.blob],
] as const) {
  const original = git[name] as (args: { oid: string }) => Promise<unknown>
  vi.spyOn(git, name).mockImplementation(((args: { oid: string }) => (list.push(args.oid), original(args))) as never)
}

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
