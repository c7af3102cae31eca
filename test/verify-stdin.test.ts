/**
 * `qsb verify -` reads standard input (in-process, and through a real pipe to
 * the built command); the record's `file` is `-`. A copy whose bytes fail
 * only because the website dropped its leading blank lines stays NOT
 * AUTHENTIC — its bytes are never changed — and the output says the copy is
 * faithful to the signed text and names `qsb match`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import type { EmbeddedVerification } from '../src/verify/index.js'
import { corpusPath } from './helpers/corpus.js'
import { memoryIo } from './helpers/io.js'
import { cleanEnv } from './helpers/qsb.js'
import { fingerprints, fixture } from './helpers/keys.js'
import { build, corpus, describeWith, git, itWith } from './helpers/needs.js'

const master = fingerprints.master as string
const post = readFileSync(fixture('reposts/post.md'))
const cli = resolve(import.meta.dirname, '../dist/cli/qsb.js')

describe('qsb verify -', () => {
  it('reads the post from standard input; the record’s file is `-`', async () => {
    const io = memoryIo(post)
    expect(await main(['verify', '--json', '--secpack', fixture('secpack'), '--master', master, '-'], io)).toBe(0)
    const [record] = JSON.parse(io.out()) as EmbeddedVerification[]
    expect(record).toMatchObject({ file: '-', authentic: true, verified: { format: 'markdown', fidelity: 'exact' } })
    expect(record?.signatures.map((signature) => signature.status)).toEqual(['good', 'good'])
  })

  it('reads a secpack file from standard input, with its signature files given', async () => {
    const io = memoryIo(readFileSync(fixture('reposts/qsb-901-2031.txt')))
    const signatures = ['alice', 'bob'].flatMap((signer) => ['--signature', fixture(`reposts/qsb-901-2031.txt.sig.${signer}`)])
    expect(await main(['verify', '--secpack', fixture('secpack'), '--master', master, ...signatures, '-'], io)).toBe(0)
    expect(io.out()).toMatch(/^-: AUTHENTIC\n/)
  })

  it('gives what the same file gives: each signature’s verdict and notes, an unreadable signature file named', async () => {
    const document = fixture('reposts/qsb-901-2031.txt')
    const args = ['--json', '--secpack', fixture('secpack'), '--master', master, '--signature', fixture('reposts/qsb-901-2031.txt.sig.alice'), '--signature', 'no-such.sig']
    const fromFile = memoryIo()
    await main(['verify', ...args, document], fromFile)
    const fromStdin = memoryIo(readFileSync(document))
    await main(['verify', ...args, '-'], fromStdin)
    const strip = (out: string): unknown => (JSON.parse(out) as Array<Record<string, unknown>>).map(({ file, ...rest }) => (void file, rest))
    expect(strip(fromStdin.out())).toEqual(strip(fromFile.out()))
    const [record] = JSON.parse(fromStdin.out()) as EmbeddedVerification[]
    expect(record?.signatures.map((signature) => [signature.status, signature.notes.join(' ')])).toEqual([
      ['good', expect.any(String)],
      ['error', expect.stringMatching(/^the signature file cannot read/)],
    ])
  })

  itWith([build], 'works from a real pipe to the built command', () => {
    const child = spawnSync(process.execPath, [cli, 'verify', '--secpack', fixture('secpack'), '--master', master, '-'], { input: post, encoding: 'utf8', env: cleanEnv() })
    expect(child.stdout).toMatch(/^-: AUTHENTIC\n {2}checked: the exact markdown text in the fenced code block at line 12, lines 13–92 of the input/)
    expect(child.status).toBe(0)
  })
})

describe('a copy that fails only by noise', () => {
  /** The post as the website serves it: the code block lost the bulletin's leading blank line. */
  const trimmed = post.toString('utf8').replace('```\n\n             ---===[', '```\n             ---===[')

  it('stays NOT AUTHENTIC, its bytes unchanged, and says it is faithful to the signed file and which command shows it', async () => {
    expect(trimmed).not.toBe(post.toString('utf8'))
    const io = memoryIo(new TextEncoder().encode(trimmed))
    const signature = fixture('reposts/qsb-901-2031.txt.sig.alice')
    const status = await main(['verify', '--json', '--secpack', fixture('secpack'), '--master', master, '--signature', signature, '-'], io)
    expect(status).toBe(1)
    const [record] = JSON.parse(io.out()) as EmbeddedVerification[]
    expect(record?.authentic).toBe(false)
    expect(record?.signatures.map((entry) => entry.status)).toEqual(['bad'])
    // The verified bytes are the copy's, not the signed file's.
    const signed = readFileSync(fixture('reposts/qsb-901-2031.txt'))
    expect(record?.sha256).toBe(createHash('sha256').update(signed.subarray(1)).digest('hex'))
    expect(record?.verified.traced).toEqual({ document: fixture('reposts/qsb-901-2031.txt'), commit: null, noise: [], command: 'qsb match --secpack DIR -' })
    const table = memoryIo(new TextEncoder().encode(trimmed))
    await main(['verify', '--secpack', fixture('secpack'), '--master', master, '--signature', signature, '-'], table)
    expect(table.out()).toMatch(/^-: NOT AUTHENTIC\n/)
    expect(table.out()).toMatch(/\n {2}note: these bytes are not what was signed, but the copy is faithful to the signed text of .*qsb-901-2031\.txt: it differs only in noise \(whitespace and blank lines\)\n {8}see `qsb match --secpack DIR -`/)
  })

  it('a copy with a changed word gets no such note', async () => {
    const io = memoryIo(new TextEncoder().encode(trimmed.replace('Only backends built', 'Only frontends built')))
    await main(['verify', '--json', '--secpack', fixture('secpack'), '--master', master, '--signature', fixture('reposts/qsb-901-2031.txt.sig.alice'), '-'], io)
    const [record] = JSON.parse(io.out()) as EmbeddedVerification[]
    expect(record?.authentic).toBe(false)
    expect(record?.verified.traced).toBeNull()
  })
})

describeWith([corpus('secpack'), corpus('secpack-history-2023.bundle'), git], 'corpus: the website’s QSB-088 post without its leading blank line, against the 2023 history', () => {
  let checkout = ''
  beforeAll(() => {
    checkout = mkdtempSync(join(tmpdir(), 'qsb-verify-trace-'))
    execFileSync('git', ['clone', '--quiet', '-b', 'upto-2023', corpusPath('secpack-history-2023.bundle'), join(checkout, 'secpack')])
  })
  afterAll(() => {
    if (checkout) rmSync(checkout, { recursive: true, force: true })
  })

  it('is NOT AUTHENTIC with `--signature`, and traced to the signed revision through the history', async () => {
    const signed = readFileSync(corpusPath('secpack/QSBs/qsb-088-2023.txt'), 'utf8')
    const copy = join(checkout, 'post.md')
    writeFileSync(copy, `---\nlayout: post\ntitle: "QSB-088"\n---\n\n\`\`\`\n${signed.replace(/^\n+/, '')}\`\`\`\n`)
    const io = memoryIo()
    const secpack = join(checkout, 'secpack')
    const status = await main(['verify', '--json', '--secpack', secpack, '--signature', corpusPath('secpack/QSBs/qsb-088-2023.txt.sig.marmarek'), copy], io)
    expect(status).toBe(1)
    const [record] = JSON.parse(io.out()) as EmbeddedVerification[]
    expect(record?.signatures.map((entry) => entry.status)).toEqual(['bad'])
    expect(record?.verified.traced).toMatchObject({ document: 'QSBs/qsb-088-2023.txt', commit: expect.stringMatching(/^[0-9a-f]{40}$/), command: `qsb match --secpack ${secpack} ${copy}` })
  })
})
