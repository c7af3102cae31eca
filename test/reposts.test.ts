/**
 * Reposts end to end: read into records, and verified through the bytes
 * recovered from them — never through the text around them.
 */
import { readFileSync } from 'node:fs'
import { VFileMessage } from 'vfile-message'
import { beforeAll, describe, expect, it } from 'vitest'
import { type ReadDocument, readDocuments } from '../src/read/index.js'
import type { Bulletin } from '../src/record/schema.js'
import { loadKeyring } from '../src/read/node/index.js'
import type { Keyring } from '../src/verify/index.js'
import { type EmbeddedVerification, verifyEmbedded } from '../src/verify/index.js'
import { corpus, corpusPath } from './helpers/corpus.js'
import { describeWith } from './helpers/needs.js'
import { fingerprints, fixture } from './helpers/keys.js'
import { render } from './helpers/render.js'

async function verifyAll(input: Uint8Array | string, path: string, keyring: Keyring): Promise<EmbeddedVerification[]> {
  const documents = await readDocuments(input, { path })
  return Promise.all(
    documents.map(({ unwrapped }) => verifyEmbedded(unwrapped, unwrapped.signatures.map((signature) => ({ ...signature })), keyring)),
  )
}

describe('synthetic reposts, signed with the fixture keys', () => {
  let keyring: Keyring
  beforeAll(async () => {
    keyring = await loadKeyring({ secpack: fixture('secpack'), master: fingerprints.master })
  })
  const signed = ['post.md', 'page.html', 'mail-qp.eml', 'mail-base64.eml', 'mail-crlf.eml', 'archive.mbox']

  it.each(signed)('%s: every bulletin in it verifies good, both signers', async (name) => {
    const results = await verifyAll(readFileSync(fixture('reposts', name)), name, keyring)
    expect(results.length).toBeGreaterThan(0)
    for (const result of results) {
      expect(result.authentic).toBe(true)
      expect(result.signatures.map((signature) => [signature.signer, signature.status])).toEqual([
        ['alice', 'good'],
        ['bob', 'good'],
      ])
      expect(result.verified.fidelity).toBe('exact')
    }
  })

  it.each([
    ['one word changed inside the block', 'post.md', (text: string) => text.replace('| Only backends built', '| Only frontends built')],
    ['an entity left undecoded', 'page.html', (text: string) => text.replace('&quot;', '&amp;quot;')],
    ['a line re-wrapped', 'post.md', (text: string) => text.replace('security updates\ndescribed', 'security updates described\n')],
  ])('tampering inside the recovered block (%s) makes every signature bad', async (_what, name, tamper) => {
    const original = readFileSync(fixture('reposts', name), 'utf8')
    const changed = tamper(original)
    expect(changed).not.toBe(original)
    const [result] = await verifyAll(changed, name, keyring)
    expect(result?.authentic).toBe(false)
    expect(result?.signatures.map((signature) => signature.status)).toEqual(['bad', 'bad'])
  })

  it('text added outside the block changes nothing, and is not in the verified span', async () => {
    const original = readFileSync(fixture('reposts', 'post.md'), 'utf8')
    const [before] = await verifyAll(original, 'post.md', keyring)
    const padded = original.replace(/\n```\n/, '\n\nAn editor added this sentence.\n\n```\n')
    const [after] = await verifyAll(padded, 'post.md', keyring)
    expect(after?.authentic).toBe(true)
    expect(after?.sha256).toBe(before?.sha256)
    const span = after?.verified.span
    const verifiedText = padded.slice(span?.start.offset, span?.end.offset)
    expect(verifiedText).not.toContain('An editor added this sentence')
  })

  it('a lossy scrape cannot match the signatures: bad, with a note saying the text was damaged', async () => {
    const [{ unwrapped }] = (await readDocuments(readFileSync(fixture('reposts/scrape.txt')), { path: 'scrape.txt' })) as [ReadDocument]
    expect(unwrapped.fidelity).toBe('lossy')
    const signatures = ['alice', 'bob'].map((signer) => ({
      source: `qsb-901-2031.txt.sig.${signer}`,
      signer,
      bytes: readFileSync(fixture(`reposts/qsb-901-2031.txt.sig.${signer}`)),
    }))
    const result = await verifyEmbedded(unwrapped, signatures, keyring)
    expect(result.authentic).toBe(false)
    for (const signature of result.signatures) {
      expect(signature.status).toBe('bad')
      expect(signature.notes.join(' ')).toMatch(/damaged in transit/)
    }
  })

  it('a page or mail with no bulletin: a clean “no bulletin found” error naming the input', async () => {
    for (const [name, text] of [
      ['empty.html', '<!doctype html><html><body><p>Nothing here.</p></body></html>'],
      ['empty.eml', 'From: a@example.org\nTo: b@example.org\nSubject: hello\nMIME-Version: 1.0\n\nJust a note.\n'],
    ] as const) {
      const error = await readDocuments(text, { path: name }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(VFileMessage)
      expect(String(error)).toMatch(new RegExp(`^${name.replace('.', '\\.')}:1:1: No bulletin found`))
    }
  })
})

describeWith([corpus('secpack'), corpus('posts'), corpus('seeds')], 'the website’s posts and the seed scrape', () => {
  let keyring: Keyring
  beforeAll(async () => {
    keyring = await loadKeyring({ secpack: corpusPath('secpack') })
  })

  it.each([
    ['2016-12-13-canary-10.md', 'canary', 10, true],
    ['2017-08-15-qsb-32.md', 'bulletin', 32, false],
    ['2022-06-09-qsb-080.md', 'bulletin', 80, false],
    ['2023-03-21-qsb-088.md', 'bulletin', 88, false],
  ] as const)('%s parses to %s %i (partial: %s)', async (name, kind, number, partial) => {
    const [document, ...rest] = await readDocuments(readFileSync(corpusPath('posts', name)), { path: name })
    expect(rest).toEqual([])
    expect(document?.record).toMatchObject({ kind, number, source: { format: 'markdown', partial } })
    // Each post names the document its text is: no disagreement to report.
    expect(document?.record.diagnostics.map((diagnostic) => diagnostic.ruleId)).not.toContain('number-mismatch')
  })

  it('the redirect-only post yields what its front matter says, and says the text is elsewhere', async () => {
    const [document] = await readDocuments(readFileSync(corpusPath('posts/2016-12-13-canary-10.md')), { path: 'post.md' })
    expect(document?.record).toMatchObject({ date: '2016-12-13', source: { fidelity: 'lossy', partial: true }, statements: [] })
    expect(document?.record.diagnostics[0]?.message).toMatch(/only redirects to https:\/\/github\.com\/.*canary-010-2016\.txt/)
  })

  it('QSB-088 verifies good for both signers from the Markdown post', async () => {
    const [result] = await verifyAll(readFileSync(corpusPath('posts/2023-03-21-qsb-088.md')), 'post.md', keyring)
    expect(result?.authentic).toBe(true)
    expect(result?.signatures.map((signature) => [signature.signer, signature.status])).toEqual([
      ['marmarek', 'good'],
      ['simon', 'good'],
    ])
  })

  it.each([false, true])('QSB-088 verifies good from an HTML rendering of the post (highlighter spans: %s)', async (highlight) => {
    const html = render(readFileSync(corpusPath('posts/2023-03-21-qsb-088.md')), highlight)
    const [result] = await verifyAll(html, 'qsb-088.html', keyring)
    expect(result?.verified.format).toBe('html')
    expect(result?.authentic).toBe(true)
    expect(result?.signatures.map((signature) => signature.status)).toEqual(['good', 'good'])
  })

  it('the seed scrape reads as bulletin 100: title, XSA-449, patches for 4.1 and 4.2, lossy', async () => {
    const [document] = await readDocuments(readFileSync(corpusPath('seeds/004_7cff213ec2b1fc02.txt')), { path: 'scrape.txt' })
    const record = document?.record as Bulletin
    expect(record.number).toBe(100)
    expect(record.title).toBe('Incorrect handling of PCI devices with phantom functions (XSA-449)')
    expect(record.xsas).toEqual([449])
    expect(record.patches).toEqual([
      { release: '4.1', domain: 'dom0', condition: null, packages: [{ name: 'Xen packages', version: '4.14.6-6' }] },
      { release: '4.2', domain: 'dom0', condition: null, packages: [{ name: 'Xen packages', version: '4.17.3-2' }] },
    ])
    // A scrape that lost layout still carries the whole bulletin: lossy, not partial.
    expect(record.source).toEqual({ format: 'plain', fidelity: 'lossy', partial: false })
    expect(record.date).toBeNull()
    expect(record.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(
      expect.arrayContaining(['missing-date', 'missing-underline', 'recovered-heading']),
    )
  })
})
