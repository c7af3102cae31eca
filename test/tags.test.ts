/**
 * Signed tags on synthetic repositories: keys made at test time (a master
 * key, a team key, a code-signing key, an uncertified key, an unknown one),
 * tags signed with `git tag -s`, and `git verify-tag` as the oracle (with a
 * GnuPG home holding only what the checkout's `keys/` holds).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, chmodSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { tagVerifier } from '../src/read/index.js'
import { loadKeyring } from '../src/read/node/index.js'
import { type CheckoutRecord, checkoutRecord, readTags, type TagRecord } from '../src/secpack/index.js'
import { TagRecord as TagRecordSchema } from '../src/secpack/checkout-schema.js'
import { type GpgVerdict, hasGit, hasGpg, makeGpg, parseStatus, type TestGpg } from './helpers/gpg.js'
import { memoryIo } from './helpers/io.js'
import { describeWith, git as gitNeed, gpg as gpgNeed } from './helpers/needs.js'

let gpg: TestGpg
let oracleHome = ''
let base = ''

const identity = ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgSign=false', '-c', 'tag.gpgSign=false']

function git(repo: string, args: readonly string[], input?: string): string {
  return execFileSync('git', ['-C', repo, ...identity, ...args], { env: gpg.env, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString()
}

function signTag(repo: string, key: string, name: string, commit = 'HEAD'): void {
  git(repo, ['tag', '-s', '-u', `${gpg.fp[key]}!`, '-m', `${name}: signed at test time`, name, commit])
}

/** A repository with a checkout's `keys/` (master, team, code-signing, uncertified) and two commits. */
function makeRepo(name: string): { repo: string; first: string; second: string } {
  const repo = join(base, name)
  mkdirSync(repo)
  execFileSync('git', ['init', '-q', '-b', 'main', repo])
  gpg.exportKey('master', join(repo, 'keys/master-key/master.asc'))
  gpg.exportKey('team', join(repo, 'keys/security-team/tess.asc'))
  gpg.exportKey('dev', join(repo, 'keys/core-devs/dev.asc'))
  // A folder name decides nothing: the uncertified key sits with the team keys.
  gpg.exportKey('stranger', join(repo, 'keys/security-team/stranger.asc'))
  mkdirSync(join(repo, 'QSBs'))
  writeFileSync(join(repo, 'QSBs/README'), 'bulletins go here\n')
  git(repo, ['add', '-A'])
  git(repo, ['commit', '-q', '-m', 'first'])
  const first = git(repo, ['rev-parse', 'HEAD']).trim()
  writeFileSync(join(repo, 'QSBs/notes.txt'), 'a second file\n')
  git(repo, ['add', '-A'])
  git(repo, ['commit', '-q', '-m', 'second'])
  return { repo, first, second: git(repo, ['rev-parse', 'HEAD']).trim() }
}

/** `git verify-tag`'s verdict, with a GnuPG home holding only the checkout's keys. */
function gitVerdict(repo: string, tag: string): GpgVerdict {
  const result = spawnSync('git', ['-C', repo, 'verify-tag', '--raw', tag], { env: { ...gpg.env, GNUPGHOME: oracleHome }, encoding: 'utf8' })
  return parseStatus(result.stderr)
}

async function tagsOf(repo: string): Promise<{ tags: TagRecord[]; checkout: CheckoutRecord }> {
  const keyring = await loadKeyring({ secpack: repo, master: gpg.fp.master as string })
  const verify = tagVerifier(keyring)
  const tags: TagRecord[] = []
  for await (const tag of readTags(repo, { verify })) tags.push(tag)
  return { tags, checkout: await checkoutRecord(repo, null, { verifyTag: verify }) }
}

const ready = hasGpg && hasGit

beforeAll(() => {
  if (!ready) return
  gpg = makeGpg({
    team: { uid: 'Tess Team (Qubes security pack) <tess@example.org>' },
    dev: { uid: 'Dev Coder (Qubes OS signing key) <dev@example.org>' },
    stranger: { uid: 'Stranger (Qubes security pack) <stranger@example.org>', certify: false },
    unknown: { uid: 'Unknown (Qubes security pack) <unknown@example.org>' },
  })
  base = mkdtempSync(join(tmpdir(), 'qsb-tags-'))
  oracleHome = mkdtempSync(join(tmpdir(), 'qsb-gpg-oracle-'))
  for (const name of ['master', 'team', 'dev', 'stranger']) {
    execFileSync('gpg', ['--homedir', oracleHome, '--batch', '--import'], { input: gpg.run(['--export', gpg.fp[name] as string]), stdio: ['pipe', 'ignore', 'ignore'] })
  }
}, 120_000)

afterAll(() => {
  if (!ready) return
  gpg.cleanup()
  spawnSync('gpgconf', ['--homedir', oracleHome, '--kill', 'gpg-agent'], { stdio: 'ignore' })
  rmSync(oracleHome, { recursive: true, force: true })
  rmSync(base, { recursive: true, force: true })
})

describeWith([gpgNeed, gitNeed], 'signed tags', () => {
  let repo = ''
  let first = ''
  let second = ''
  let tags: TagRecord[] = []
  let checkout: CheckoutRecord

  beforeAll(async () => {
    ;({ repo, first, second } = makeRepo('tagged'))
    signTag(repo, 'team', 'older', first)
    signTag(repo, 'team', 'team_head')
    signTag(repo, 'dev', 'dev_head')
    signTag(repo, 'stranger', 'stranger_head')
    signTag(repo, 'unknown', 'unknown_head')
    git(repo, ['tag', 'light_head'])
    // The team's tag object with one word of its message changed after signing.
    const edited = git(repo, ['cat-file', 'tag', 'team_head']).replace('signed at test time', 'signed at test tim3')
    const oid = git(repo, ['hash-object', '-t', 'tag', '-w', '--stdin'], edited).trim()
    git(repo, ['update-ref', 'refs/tags/edited_head', oid])
    ;({ tags, checkout } = await tagsOf(repo))
  }, 120_000)

  const byName = (name: string): TagRecord => tags.find((tag) => tag.tag === name) as TagRecord

  it('gives each tag its verdict and role, and the commit it points at', () => {
    expect(tags.map((tag) => [tag.tag, tag.status, tag.role])).toEqual([
      ['dev_head', 'good', 'code-signing'],
      ['edited_head', 'bad', null],
      ['light_head', 'unsigned', null],
      ['older', 'good', 'security-team'],
      ['stranger_head', 'untrusted', null],
      ['team_head', 'good', 'security-team'],
      ['unknown_head', 'unknown-key', null],
    ])
    expect(byName('older').commit).toBe(first)
    for (const tag of tags.filter((entry) => entry.tag !== 'older')) expect(tag.commit, tag.tag).toBe(second)
    expect(byName('team_head')).toMatchObject({ signer: 'tess', fingerprint: gpg.fp.team, hash: expect.any(String) })
    expect(byName('unknown_head').notes.join(' ')).toContain((gpg.fp.unknown as string).slice(-16))
    for (const tag of tags) expect(TagRecordSchema.parse(tag)).toEqual(tag)
  })

  it('agrees with git verify-tag on every signed tag (key included)', () => {
    const expected: Record<string, GpgVerdict['status']> = { good: 'GOODSIG', untrusted: 'GOODSIG', bad: 'BADSIG', 'unknown-key': 'ERRSIG' }
    for (const tag of tags.filter((entry) => entry.status !== 'unsigned')) {
      const oracle = gitVerdict(repo, tag.tag)
      expect(oracle.status, tag.tag).toBe(expected[tag.status])
      if (oracle.status === 'GOODSIG') expect(tag.fingerprint, tag.tag).toBe(oracle.fingerprint)
    }
  })

  it('a good team tag on HEAD and a clean tree authenticate the checkout', () => {
    expect(checkout).toMatchObject({ kind: 'checkout', head: second, tag: 'team_head', signer: 'tess', clean: true, changed: [], authentic: true })
    expect(checkout.tags.map((tag) => tag.tag).sort()).toEqual(['dev_head', 'edited_head', 'light_head', 'stranger_head', 'team_head', 'unknown_head'])
  })

  it('a linked worktree (its .git a file) at the tagged commit is clean and authenticated', async () => {
    const linked = join(base, 'linked-worktree')
    git(repo, ['worktree', 'add', '-q', '--detach', linked, 'team_head'])
    const keyring = await loadKeyring({ secpack: linked, master: gpg.fp.master as string })
    const record = await checkoutRecord(linked, null, { verifyTag: tagVerifier(keyring) })
    expect(record).toMatchObject({ head: second, tag: 'team_head', clean: true, changed: [], authentic: true })
  })

  it('a dirty tree is not authenticated, and every changed or untracked path is listed', async () => {
    const { repo: dirty } = makeRepo('dirty')
    signTag(dirty, 'team', 'team_head')
    appendFileSync(join(dirty, 'QSBs/notes.txt'), 'changed after tagging\n')
    writeFileSync(join(dirty, 'QSBs/qsb-999-2030.txt'), 'untracked\n')
    rmSync(join(dirty, 'QSBs/README'))
    const { checkout: record } = await tagsOf(dirty)
    expect(record).toMatchObject({ tag: 'team_head', clean: false, authentic: false })
    expect(record.changed).toEqual(['QSBs/README', 'QSBs/notes.txt', 'QSBs/qsb-999-2030.txt'])
    const status = git(dirty, ['status', '--porcelain', '--untracked-files=all'])
    for (const path of record.changed) expect(status).toContain(path)
  })

  it('same-size edits, a retargeted link and a changed executable bit are changes; an untouched link is not', async () => {
    const { repo: edge } = makeRepo('edge')
    symlinkSync('notes.txt', join(edge, 'QSBs/latest'))
    git(edge, ['add', '-A'])
    git(edge, ['commit', '-q', '-m', 'a link'])
    signTag(edge, 'team', 'team_head')
    const { checkout: clean } = await tagsOf(edge)
    expect(clean).toMatchObject({ tag: 'team_head', clean: true, changed: [], authentic: true })
    // One byte, same size; a link to another name of the same length; a mode bit.
    writeFileSync(join(edge, 'QSBs/notes.txt'), readFileSync(join(edge, 'QSBs/notes.txt'), 'utf8').replace('second', 'secord'))
    rmSync(join(edge, 'QSBs/latest'))
    symlinkSync('notes.tx_', join(edge, 'QSBs/latest'))
    chmodSync(join(edge, 'QSBs/README'), 0o755)
    const { checkout: record } = await tagsOf(edge)
    expect(record).toMatchObject({ clean: false, authentic: false })
    expect(record.changed).toEqual(['QSBs/README', 'QSBs/latest', 'QSBs/notes.txt'])
    const status = git(edge, ['-c', 'core.fileMode=true', 'status', '--porcelain'])
    for (const path of record.changed) expect(status).toContain(path)
  })

  it('HEAD without tags, and HEAD after the tagged commit, are not authenticated', async () => {
    const { repo: bare } = makeRepo('untagged')
    const { checkout: none } = await tagsOf(bare)
    expect(none).toMatchObject({ tag: null, tags: [], authentic: false, clean: true })
    expect(none.notes).toContain('HEAD is not tagged: no signed tag authenticates it')
    const { repo: later, second: tagged } = makeRepo('older-only')
    signTag(later, 'team', 'team_second')
    writeFileSync(join(later, 'QSBs/third.txt'), 'after the tag\n')
    git(later, ['add', '-A'])
    git(later, ['commit', '-q', '-m', 'third'])
    const { tags: olderTags, checkout: record } = await tagsOf(later)
    expect(olderTags).toMatchObject([{ tag: 'team_second', status: 'good', commit: tagged }])
    expect(record).toMatchObject({ tag: null, authentic: false })
    expect(record.head).not.toBe(tagged)
  })

  it('a good tag by a certified key of another role does not authenticate the checkout', async () => {
    const { repo: devOnly } = makeRepo('dev-only')
    signTag(devOnly, 'dev', 'dev_head')
    const { checkout: record } = await tagsOf(devOnly)
    expect(record.tags).toMatchObject([{ tag: 'dev_head', status: 'good', role: 'code-signing' }])
    expect(record).toMatchObject({ tag: null, authentic: false })
    expect(record.notes).toContain('no tag on HEAD is a good tag by a security-team key')
  })

  it('qsb tags: a table, then the checkout in words; exit 1 while any tag fails', async () => {
    const io = memoryIo()
    expect(await main(['tags', '--master', gpg.fp.master as string, repo], io)).toBe(1)
    expect(io.out()).toMatch(/^team_head +[0-9a-f]{12} +tess +security-team +\d{4}-\d{2}-\d{2} +good$/m)
    expect(io.out()).toMatch(/^edited_head +[0-9a-f]{12} +\? +- +\d{4}-\d{2}-\d{2} +bad$/m)
    expect(io.out()).toMatch(/^7 tags: 1 bad, 1 good \(code-signing\), 2 good \(security-team\), 1 unknown-key, 1 unsigned, 1 untrusted$/m)
    expect(io.out()).toMatch(/^checkout: AUTHENTIC: HEAD [0-9a-f]{12} is tagged `team_head`, signed by tess \(security team\); the files are HEAD's$/m)
    const json = memoryIo()
    await main(['tags', '--ndjson', '--master', gpg.fp.master as string, repo], json)
    const lines = json.out().trim().split('\n').map((line) => JSON.parse(line) as { kind?: string; tag: string })
    expect(lines.at(-1)).toMatchObject({ kind: 'checkout', tag: 'team_head', authentic: true })
  })

  it('qsb tags --accept: the known failures accepted, the run passes; changed bytes fail it', async () => {
    const accept = join(base, 'accept.yml')
    const entry = (tag: TagRecord): string => `- tag: ${tag.tag}\n  sha256: ${tag.sha256}\n  status: ${tag.status}\n  reason: known at test time\n`
    writeFileSync(accept, tags.filter((tag) => !['good', 'unsigned'].includes(tag.status)).map(entry).join(''))
    const io = memoryIo()
    expect(await main(['tags', '--master', gpg.fp.master as string, '--accept', accept, repo], io)).toBe(0)
    expect(io.out()).toMatch(/^edited_head .* accepted \(bad\)$/m)
    // The edited tag re-edited: same name, other bytes.
    const again = git(repo, ['cat-file', 'tag', 'team_head']).replace('signed at test time', 'signed at test tim4')
    git(repo, ['update-ref', 'refs/tags/edited_head', git(repo, ['hash-object', '-t', 'tag', '-w', '--stdin'], again).trim()])
    const changed = memoryIo()
    expect(await main(['tags', '--master', gpg.fp.master as string, '--accept', accept, repo], changed)).toBe(1)
    expect(changed.err()).toMatch(/the accepted tag edited_head changed/)
    expect(readdirSync(base)).toContain('accept.yml')
    expect(readFileSync(accept, 'utf8')).toContain('edited_head')
  })
})
