/**
 * The secpack's real signed tags (the 2023 bundle, cloned at test time)
 * against GnuPG's verdict on each (`truth/gpg-tag-verdicts-2023.tsv`, made
 * with every key under that checkout's `keys/`), and the commit each points
 * at against git's own. Which keys the master key certifies is asked of
 * GnuPG too (`--check-sigs`), not of the code under test.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { tagVerifier } from '../src/read/index.js'
import { loadKeyring } from '../src/read/node/index.js'
import { readTags, type TagRecord } from '../src/secpack/index.js'
import { corpusPath } from './helpers/corpus.js'
import { corpus, describeWith, git, gpg, itWith } from './helpers/needs.js'

const masterKeyId = 'DDFA1A3E36879494'
let clone = ''
let tags: TagRecord[] = []

interface Truth {
  tag: string
  commit: string
  status: string
  keyId: string
  fingerprint: string
}

function truth(): Truth[] {
  const [, ...lines] = readFileSync(corpusPath('truth/gpg-tag-verdicts-2023.tsv'), 'utf8').trim().split('\n')
  return lines.map((line) => {
    const [tag, commit, status, keyId, fingerprint] = line.split('\t') as [string, string, string, string, string]
    return { tag, commit, status, keyId, fingerprint: fingerprint ?? '' }
  })
}

/** Key ids (of primary keys) that GnuPG finds certified by the master key, with every key under `keys/` imported. */
function certifiedByMaster(dir: string): Set<string> {
  const home = mkdtempSync(join(tmpdir(), 'qsb-gpg-certs-'))
  try {
    const files = execFileSync('find', [join(dir, 'keys'), '-name', '*.asc']).toString().trim().split('\n')
    for (const file of files) execFileSync('gpg', ['--homedir', home, '--batch', '--import', file], { stdio: 'ignore' })
    const listing = execFileSync('gpg', ['--homedir', home, '--batch', '--with-colons', '--check-sigs'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()
    const certified = new Set<string>()
    let key = ''
    for (const line of listing.split('\n')) {
      const fields = line.split(':')
      if (fields[0] === 'pub') key = fields[4] as string
      if (fields[0] === 'sig' && fields[1] === '!' && fields[4] === masterKeyId) certified.add(key)
    }
    return certified
  } finally {
    execFileSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' })
    rmSync(home, { recursive: true, force: true })
  }
}

/** What the real tags need: the 2023 bundle, GnuPG's verdicts on it, and git to clone it. */
const needs = [corpus('secpack-history-2023.bundle'), corpus('truth'), git]

beforeAll(async () => {
  if (!needs.every((item) => item.present)) return
  clone = mkdtempSync(join(tmpdir(), 'qsb-tags-corpus-'))
  execFileSync('git', ['clone', '-q', '-b', 'upto-2023', corpusPath('secpack-history-2023.bundle'), clone], { stdio: 'ignore' })
  const keyring = await loadKeyring({ secpack: clone })
  for await (const tag of readTags(clone, { verify: tagVerifier(keyring) })) tags.push(tag)
}, 300_000)

afterAll(() => {
  if (clone) rmSync(clone, { recursive: true, force: true })
})

describeWith(needs, 'the secpack’s real signed tags (2023)', () => {
  it('every tag gets GnuPG’s verdict, key included, and git’s commit', () => {
    const expected = truth()
    expect(expected).toHaveLength(623)
    expect(tags.map((tag) => tag.tag).sort()).toEqual(expected.map((entry) => entry.tag).sort())
    const byName = new Map(tags.map((tag) => [tag.tag, tag]))
    let agree = 0
    for (const entry of expected) {
      const tag = byName.get(entry.tag) as TagRecord
      expect(tag.commit, entry.tag).toBe(entry.commit)
      if (entry.status === 'GOODSIG') {
        expect(tag.fingerprint, entry.tag).toBe(entry.fingerprint)
        expect(['good', 'untrusted'], entry.tag).toContain(tag.status)
      } else {
        expect(entry.status).toBe('ERRSIG')
        expect(tag.status, entry.tag).toBe('unknown-key')
        expect(tag.notes.join(' '), entry.tag).toContain(entry.keyId)
      }
      agree++
    }
    expect(agree).toBe(623)
  })

  itWith([gpg], 'a good signature is `good` exactly when GnuPG finds its key certified by the master key', () => {
    const certified = certifiedByMaster(clone)
    for (const entry of truth().filter((candidate) => candidate.status === 'GOODSIG')) {
      const tag = tags.find((candidate) => candidate.tag === entry.tag) as TagRecord
      expect(tag.status, entry.tag).toBe(certified.has(entry.keyId) ? 'good' : 'untrusted')
    }
  })

  it('roles come from the certified user ids: team tags and code-signing tags', () => {
    const counts: Record<string, number> = {}
    for (const tag of tags) counts[`${tag.status} ${tag.role ?? '-'}`] = (counts[`${tag.status} ${tag.role ?? '-'}`] ?? 0) + 1
    expect(counts).toEqual({ 'good security-team': 536, 'good code-signing': 55, 'unknown-key -': 29, 'untrusted -': 3 })
  })
})
