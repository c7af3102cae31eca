/**
 * `qsb match` picks the document by content, not by the number a copy gives:
 * a signed canary whose banner carries another canary's number (the typo of
 * the real canary 026, rebuilt from fixture keys and fixture documents),
 * posted as Markdown, traces to its own document and signed revision, and
 * the disagreement is a note. A post that only redirects is reported as such.
 * A batch walks the history once, with progress on a terminal.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMessage, readPrivateKey, sign } from 'openpgp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../src/cli/main.js'
import { readDocuments } from '../src/read/index.js'
import { loadKeyring } from '../src/read/node/index.js'
import { type Match, matchReposts, type Verifier } from '../src/secpack/index.js'
import { verifyDocument } from '../src/verify/index.js'
import { createGitRepo, type GitRepo } from './helpers/git-repo.js'
import { memoryIo } from './helpers/io.js'
import { fingerprints, fixture } from './helpers/keys.js'

const canary = readFileSync(fixture('secpack/canaries/canary-901-2022.txt'), 'utf8')
/** Canary 905 as signed: its banner still says 904 (copied from the last one and not updated). */
const typo = canary.replace('Qubes Canary 901', 'Qubes Canary 904').replace('March 1, 2022', 'March 1, 2031').replace('902 Qubes', '950 Qubes')
/** Canary 904 itself: another text. */
const previous = canary.replace('Qubes Canary 901', 'Qubes Canary 904').replace('March 1, 2022', 'December 1, 2030').replace('902 Qubes', '940 Qubes')
/** Signing times in the past (the command checks signatures against the clock). */
const day = (n: number): number => Date.UTC(2025, 0, 1 + n) / 1000

async function signature(who: 'alice' | 'bob', text: string, seconds: number): Promise<string> {
  const key = await readPrivateKey({ armoredKey: readFileSync(fixture(`keys/secret/${who}.asc`), 'utf8') })
  const message = await createMessage({ binary: new TextEncoder().encode(text) })
  return sign({ message, signingKeys: key, detached: true, date: new Date(seconds * 1000), format: 'armored' })
}

function post(title: string, text: string): string {
  return `---\nlayout: post\ntitle: "${title}"\ndate: 2031-03-01\n---\n\nWe have published ${title}.\n\n\`\`\`\n${text}\`\`\`\n`
}

let repo: GitRepo
let verify: Verifier
let work: string
const commits: Record<string, string> = {}

beforeAll(async () => {
  const keyring = await loadKeyring({ secpack: fixture('secpack'), master: fingerprints.master })
  verify = (document, signatures) => verifyDocument(document, signatures, keyring, { now: new Date(Date.UTC(2032, 0, 1)) })
  repo = await createGitRepo(mkdtempSync(join(tmpdir(), 'qsb-match-')))
  work = mkdtempSync(join(tmpdir(), 'qsb-match-posts-'))
  const old = 'canaries/canary-904-2030.txt'
  const path = 'canaries/canary-905-2031.txt'
  commits.previous = await repo.commit({
    time: day(0),
    message: 'Canary 904',
    files: { [old]: previous, [`${old}.sig.alice`]: await signature('alice', previous, day(0)), [`${old}.sig.bob`]: await signature('bob', previous, day(0)) },
  })
  commits.signed = await repo.commit({
    time: day(60),
    message: 'Canary 905: sign',
    files: { [path]: typo, [`${path}.sig.alice`]: await signature('alice', typo, day(60)), [`${path}.sig.bob`]: await signature('bob', typo, day(60)) },
  })
})

afterAll(() => {
  if (repo) rmSync(repo.dir, { recursive: true, force: true })
  if (work) rmSync(work, { recursive: true, force: true })
})

async function trace(name: string, markdown: string): Promise<Match> {
  const [document] = await readDocuments(markdown, { path: name })
  const unwrapped = document!.unwrapped
  const [match] = await matchReposts(
    repo.dir,
    [{ file: name, record: document!.record, text: unwrapped.text, title: unwrapped.hints.title ?? null, redirect: unwrapped.redirect ?? null }],
    { verify },
  )
  return match as Match
}

describe('matching by content', () => {
  it('a signed canary whose banner has a typo traces to its own document and signed revision, the typo a note', async () => {
    const match = await trace('typo.md', post('Qubes Canary 904', typo))
    expect(match.error).toBeNull()
    expect(match.document).toBe('canaries/canary-905-2031.txt')
    expect(match.revision).toMatchObject({ commit: commits.signed, signed: true, state: 'signed' })
    expect(match.substance).toBe(false)
    expect(match.differences).toEqual([])
    expect(match.diagnostics.map((note) => note.ruleId)).toEqual(['number-mismatch', 'number-mismatch'])
    expect(match.diagnostics[0]?.message).toMatch(/its banner says Canary 904, but its text is that of canaries\/canary-905-2031\.txt \(Canary 905\), whose own banner says the same/)
    expect(match.diagnostics[1]?.message).toMatch(/its title “Qubes Canary 904” says Canary 904/)
    // The record presents the signed revision's own text.
    expect(match.record).toMatchObject({ kind: 'canary', number: 904, bulletinCount: 950 })
  })

  it('the document its banner names is still compared, and loses to the one with its text', async () => {
    const match = await trace('previous.md', post('Qubes Canary 904', previous))
    expect(match.document).toBe('canaries/canary-904-2030.txt')
    expect(match.revision?.commit).toBe(commits.previous)
    expect(match.diagnostics).toEqual([])
  })

  it('a copy with a changed word still finds its document, and the change is substance', async () => {
    const match = await trace('changed.md', post('Qubes Canary 905', typo.replace('950 Qubes', '951 Qubes')))
    expect(match.document).toBe('canaries/canary-905-2031.txt')
    expect(match.substance).toBe(true)
    expect(match.differences).toMatchObject([{ kind: 'changed', revision: { text: '950' }, repost: { text: '951' } }])
  })

  it('a copy of a document the checkout does not hold: no match, said plainly', async () => {
    const other = readFileSync(fixture('bulletins/qsb-112-2025.txt'), 'utf8')
    const match = await trace('other.md', post('QSB-112', other))
    expect(match.revision).toBeNull()
    expect(match.error).toMatchObject({ ruleId: 'no-document' })
    expect(match.error?.message).toMatch(/no document in .* has this text, and none is bulletin 112/)
  })
})

describe('qsb match', () => {
  const keys = (): string[] => ['--keys', fixture('secpack/keys/master-key'), '--keys', fixture('secpack/keys/security-team'), '--master', fingerprints.master as string]

  it('a post that only redirects: no revision, no diff, said as such', async () => {
    const redirect = join(work, 'redirect.md')
    writeFileSync(redirect, '---\nlayout: post\ntitle: "Qubes Canary 905"\nredirect_to: https://example.invalid/canary-905-2031.txt\n---\n')
    const io = memoryIo()
    expect(await main(['match', '--json', '--secpack', repo.dir, ...keys(), redirect], io)).toBe(1)
    const [match] = JSON.parse(io.out()) as Match[]
    expect(match).toMatchObject({ document: null, revision: null, differences: [], redirect: 'https://example.invalid/canary-905-2031.txt', error: { ruleId: 'redirect' } })
    const table = memoryIo()
    await main(['match', '--secpack', repo.dir, ...keys(), redirect], table)
    expect(table.out()).toBe(`${redirect}: NO MATCH: this post holds no bulletin text; it only redirects to https://example.invalid/canary-905-2031.txt\n`)
  })

  it('reads standard input for `-`, and shows the notes', async () => {
    const io = memoryIo(new TextEncoder().encode(post('Qubes Canary 904', typo)))
    expect(await main(['match', '--secpack', repo.dir, ...keys(), '-'], io)).toBe(0)
    expect(io.out()).toMatch(/^- → canaries\/canary-905-2031\.txt @ [0-9a-f]{12} \(2025-03-02, signed\)\n {2}note: -: its banner says Canary 904/)
    expect(io.out()).toMatch(/\n {2}faithful: no difference of substance; the signed text is the revision’s, not this copy’s\n$/)
  })

  it('a batch walks the history once, and shows progress on a terminal', async () => {
    const files = [1, 2, 3].map((index) => {
      const file = join(work, `copy-${index}.md`)
      writeFileSync(file, post('Qubes Canary 905', typo.replace(/\n\n/g, index % 2 ? '\n\n\n' : '\n\n')))
      return file
    })
    const calls: number[] = []
    const counting: Verifier = (document, signatures) => {
      calls.push(signatures.length)
      return verify(document, signatures)
    }
    const [document] = await readDocuments(readFileSync(files[0] as string), { path: 'copy.md' })
    const repost = { file: 'copy.md', record: document!.record, text: document!.unwrapped.text }
    await matchReposts(repo.dir, [repost], { verify: counting })
    const once = calls.length
    calls.length = 0
    const progress: string[] = []
    const matches = await matchReposts(repo.dir, [repost, repost, repost], { verify: counting, onProgress: (step) => progress.push(`${step.phase} ${step.done}/${step.total}`) })
    expect(matches.map((match) => match.revision?.commit)).toEqual([commits.signed, commits.signed, commits.signed])
    // Three reposts, one walk: each revision's signatures checked once, as for one repost.
    expect(calls.length).toBe(once)
    expect(progress.at(0)).toMatch(/^history 0\//)
    expect(progress.at(-1)).toBe('compare 3/3')

    // The command on a terminal: a spinner on standard error (drawn by yocto-spinner, which
    // stays silent when it sees CI in the environment), the three results on standard output.
    vi.stubEnv('CI', undefined)
    const drawn: string[] = []
    const terminal = {
      isTTY: true,
      columns: 80,
      write: (chunk: string | Uint8Array) => drawn.push(String(chunk)) > 0,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    } as unknown as NodeJS.WriteStream
    const tty = memoryIo()
    const io = { ...tty, isTTY: true, env: {}, terminal }
    try {
      expect(await main(['match', '--secpack', repo.dir, ...keys(), ...files], io)).toBe(0)
    } finally {
      vi.unstubAllEnvs()
    }
    expect(drawn.join('')).toContain(`matching against ${repo.dir}`)
    expect(tty.out().match(/faithful/g)).toHaveLength(3)
  })
})
