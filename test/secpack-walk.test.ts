/**
 * The walk that emulates `git log -- PATHS`: hand-drawn graphs for each rule,
 * and random repositories (merges taking either side or neither, reverts,
 * removals, equal and out-of-order commit times) checked against real git.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { history } from '../src/secpack/index.js'
import type { HistoryEntry } from '../src/secpack/schema.js'
import { simplifiedLog, type WalkGraph } from '../src/secpack/index.js'
import { createGitRepo, fakeVerifier } from './helpers/git-repo.js'
import { describeWith, git } from './helpers/needs.js'

/** A graph drawn as `id: [parents], time, content of the paths` ('' = the paths absent). */
function drawn(commits: Record<string, [string[], number, string]>): WalkGraph {
  const get = (oid: string): [string[], number, string] => commits[oid] as [string[], number, string]
  return {
    commit: (oid) => ({ parents: get(oid)[0], timestamp: get(oid)[1] }),
    same: (commit, parent) => get(commit)[2] === get(parent)[2],
    present: (commit) => get(commit)[2] !== '',
  }
}

describe('simplifiedLog', () => {
  it('lists commits that changed the paths, newest first, and a root that has them', () => {
    const graph = drawn({ a: [[], 1, 'x'], b: [['a'], 2, 'x'], c: [['b'], 3, 'y'], d: [['c'], 4, 'y'] })
    expect([...simplifiedLog('d', graph)]).toEqual(['c', 'a'])
  })

  it('leaves out a root without the paths', () => {
    const graph = drawn({ a: [[], 1, ''], b: [['a'], 2, 'x'] })
    expect([...simplifiedLog('b', graph)]).toEqual(['b'])
  })

  it('follows only the side a merge took its paths from, and does not list the merge', () => {
    // m took y from s; the first parent's line (f) is never walked.
    const graph = drawn({ a: [[], 1, 'x'], f: [['a'], 3, 'z'], s: [['a'], 2, 'y'], m: [['f', 's'], 4, 'y'] })
    expect([...simplifiedLog('m', graph)]).toEqual(['s', 'a'])
  })

  it('prefers the first parent when the merge is the same as several', () => {
    const graph = drawn({ a: [[], 1, 'x'], f: [['a'], 2, 'x'], s: [['a'], 3, 'x'], m: [['f', 's'], 4, 'x'] })
    expect([...simplifiedLog('m', graph)]).toEqual(['a'])
  })

  it('lists a merge that differs from every parent and walks both sides by time', () => {
    const graph = drawn({ a: [[], 1, 'x'], f: [['a'], 2, 'y'], s: [['a'], 3, 'z'], m: [['f', 's'], 4, 'w'] })
    expect([...simplifiedLog('m', graph)]).toEqual(['m', 's', 'f', 'a'])
  })

  it('breaks ties in time by the order commits were queued', () => {
    const graph = drawn({ a: [[], 1, 'x'], f: [['a'], 5, 'y'], s: [['a'], 5, 'z'], m: [['f', 's'], 5, 'w'] })
    expect([...simplifiedLog('m', graph)]).toEqual(['m', 'f', 's', 'a'])
  })

  it('pops by time, not by ancestry, when a parent is newer than its child', () => {
    const graph = drawn({ a: [[], 9, 'x'], b: [['a'], 1, 'y'], c: [['b'], 5, 'z'] })
    expect([...simplifiedLog('c', graph)]).toEqual(['c', 'b', 'a'])
  })
})

/** One random commit: which earlier commits are parents, what it does to the paths, when. */
const commitPlan = fc.record({
  shape: fc.constantFrom('linear', 'linear', 'linear', 'merge', 'merge', 'root'),
  first: fc.nat(),
  second: fc.nat(),
  merge: fc.constantFrom('first', 'second', 'own'),
  changes: fc.array(fc.tuple(fc.constantFrom('D', 'D.sig.a', 'D.sign.b', 'D.txt.sig.c', 'E'), fc.constantFrom('1', '2', '3', null)), { maxLength: 3 }),
  time: fc.integer({ min: 0, max: 4 }),
})

type CommitPlan = typeof commitPlan extends fc.Arbitrary<infer T> ? T : never

async function randomRepository(plans: readonly CommitPlan[]): Promise<string> {
  const repo = await createGitRepo(mkdtempSync(join(tmpdir(), 'qsb-random-')))
  const oids: string[] = []
  const contents: Array<Map<string, string>> = []
  for (const [index, plan] of plans.entries()) {
    const parents: number[] = []
    if (index > 0 && plan.shape !== 'root') parents.push(plan.first % index)
    if (index > 0 && plan.shape === 'merge') parents.push(plan.second % index)
    const base = new Map(parents[0] === undefined ? [] : contents[parents[0]])
    const files: Record<string, string | null> = {}
    const set = (name: string, value: string | null | undefined): void => {
      const path = `QSBs/${name.replace(/^D/, 'qsb-001-2024.txt').replace(/^E$/, 'qsb-002-2024.txt')}`
      files[path] = value ?? null
      if (value == null) base.delete(path)
      else base.set(path, value)
    }
    if (plan.shape === 'merge' && plan.merge === 'second' && parents[1] !== undefined) {
      const other = contents[parents[1]] as Map<string, string>
      for (const path of new Set([...base.keys(), ...other.keys()])) {
        files[path] = other.get(path) ?? null
        if (other.has(path)) base.set(path, other.get(path) as string)
        else base.delete(path)
      }
    } else if (plan.shape !== 'merge' || plan.merge === 'own') {
      for (const [name, value] of plan.changes) set(name, value)
    }
    oids.push(await repo.commit({ parents: parents.map((parent) => oids[parent] as string), files, time: 1_700_000_000 + plan.time * 60 }))
    contents.push(base)
  }
  return repo.dir
}

describeWith([git], 'history against git log on random repositories', () => {
  it('lists the same commits in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commitPlan, { minLength: 1, maxLength: 24 }), async (plans) => {
        const dir = await randomRepository(plans)
        try {
          for (const file of ['QSBs/qsb-001-2024.txt', 'QSBs/qsb-002-2024.txt']) {
            const expected = execFileSync('git', ['-C', dir, 'log', '--format=%H', '--', file, `${file}.sig.*`, `${file}.sign.*`], {
              encoding: 'utf8',
            })
              .split('\n')
              .filter(Boolean)
            const entries: HistoryEntry[] = []
            for await (const entry of history(dir, { files: [file], verify: fakeVerifier })) entries.push(entry)
            const actual = entries.flatMap((entry) => ('commit' in entry ? [entry.commit] : []))
            expect(actual, file).toEqual(expected)
            if (expected.length === 0) expect(entries).toMatchObject([{ error: { ruleId: 'not-in-history' } }])
          }
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      }),
      { numRuns: 50 },
    )
  })
})
