/**
 * `sources/` on the synthetic reposts of `fixtures/reposts/` (written by
 * `fixtures/reposts/build.mjs` from `qsb-901-2031.txt` and its signatures):
 * every container gives back the bulletin's exact bytes and its signatures.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { detectFormat, type Format, type Unwrapped, unwrap } from '../src/sources/index.js'

const folder = new URL('../fixtures/reposts/', import.meta.url)
const read = (name: string): Buffer => readFileSync(new URL(name, folder))
const bulletin = read('qsb-901-2031.txt')
const signatures = readdirSync(folder)
  .filter((name) => name.startsWith('qsb-901-2031.txt.sig.'))
  .sort()
  .map((name) => ({ signer: name.slice('qsb-901-2031.txt.sig.'.length), bytes: read(name) }))
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

async function only(input: Uint8Array | string, path: string): Promise<Unwrapped> {
  const found = await unwrap(input, { path })
  expect(found).toHaveLength(1)
  return found[0] as Unwrapped
}


const containers: [string, Format][] = [
  ['qsb-901-2031.txt', 'secpack'],
  ['post.md', 'markdown'],
  ['page.html', 'html'],
  ['mail-qp.eml', 'email'],
  ['mail-base64.eml', 'email'],
  ['mail-crlf.eml', 'email'],
  ['archive.mbox', 'email'],
  ['scrape.txt', 'plain'],
]

describe('detectFormat', () => {
  it.each(containers)('%s is %s, from its bytes alone', (name, format) => {
    expect(detectFormat(read(name))).toBe(format)
  })

  it('reads a paste with text before the banner as plain, and lets a name break that tie', () => {
    const paste = `Here it is:\n${bulletin}`
    expect(detectFormat(paste)).toBe('plain')
    expect(detectFormat(paste, { path: 'notes.md' })).toBe('markdown')
    expect(detectFormat(paste, { path: 'saved.html' })).toBe('html')
  })

  it('does not take blog front matter in `Key: value` form for mail', () => {
    expect(detectFormat(`Title: QSB 901\nDate: 2031-04-01\n\n${bulletin}`)).toBe('plain')
    expect(detectFormat(`Subject: QSB 901\n\n${bulletin}`)).toBe('email')
  })
})

describe('unwrap: byte-exact recovery', () => {
  it.each(containers.filter(([name]) => name !== 'scrape.txt'))('%s gives the bulletin’s bytes', async (name, format) => {
    const found = await unwrap(read(name), { path: name })
    expect(found.length).toBeGreaterThan(0)
    for (const unwrapped of found) {
      expect(unwrapped.format).toBe(format)
      expect(unwrapped.fidelity).toBe('exact')
      expect(Buffer.from(unwrapped.bytes).equals(bulletin)).toBe(true)
      expect(unwrapped.text).toBe(bulletin.toString('utf8'))
    }
  })

  it.each(containers.filter(([name]) => !/scrape|qsb-901/.test(name)))('%s gives each signature byte for byte, named', async (name) => {
    for (const unwrapped of await unwrap(read(name), { path: name })) {
      expect(unwrapped.signatures.map((signature) => Buffer.from(signature.bytes).toString('utf8'))).toEqual(
        signatures.map((signature) => signature.bytes.toString('utf8')),
      )
      for (const signature of unwrapped.signatures) expect(signature.source.startsWith(name)).toBe(true)
    }
  })

  it('names signers from `Source:` links and attachment names, and null where the container names none', async () => {
    const names = signatures.map((signature) => signature.signer)
    for (const name of ['post.md', 'page.html', 'mail-qp.eml', 'mail-base64.eml', 'mail-crlf.eml']) {
      expect((await only(read(name), name)).signatures.map((signature) => signature.signer)).toEqual(names)
    }
    const [pasted, attached] = await unwrap(read('archive.mbox'), { path: 'archive.mbox' })
    expect(pasted?.signatures.map((signature) => signature.signer)).toEqual(names.map(() => null))
    expect(attached?.signatures.map((signature) => signature.signer)).toEqual(names)
  })

  it('says where each signature was found', async () => {
    const post = await only(read('post.md'), 'post.md')
    const lines = read('post.md').toString('utf8').split('\n')
    for (const signature of post.signatures) {
      const line = Number(/^post\.md:(\d+)$/.exec(signature.source)?.[1])
      expect(lines[line - 1]).toBe('-----BEGIN PGP SIGNATURE-----')
    }
    const mail = await only(read('mail-qp.eml'), 'mail-qp.eml')
    expect(mail.signatures[0]?.source).toBe(`mail-qp.eml#attachment-1 (qsb-901-2031.txt.sig.${signatures[0]?.signer})`)
    const [first, second] = await unwrap(read('archive.mbox'), { path: 'archive.mbox' })
    expect(first?.signatures[0]?.source).toMatch(/^archive\.mbox#message-1\/text:\d+$/)
    expect(second?.signatures[0]?.source).toMatch(/^archive\.mbox#message-2\/attachment-2 \(qsb-901-2031\.txt\.sig\./)
  })

  it('reads hints from front matter, the page, the mail and `Source:` links', async () => {
    const url = 'https://github.com/QubesOS/qubes-secpack/blob/main/QSBs/qsb-901-2031.txt'
    const title = 'QSB-901: Stale grant mappings in the imaginary frobnicator backend (XSA-9001)'
    expect((await only(read('post.md'), 'post.md')).hints).toEqual({ title, date: '2031-04-01', url })
    expect((await only(read('page.html'), 'page.html')).hints).toEqual({ title: `${title} | Qubes OS`, date: '2031-04-01', url })
    expect((await only(read('mail-qp.eml'), 'mail-qp.eml')).hints).toEqual({ title, date: '2031-04-01' })
    expect((await only(read('scrape.txt'), 'scrape.txt')).hints).toEqual({ url })
    const [, second] = await unwrap(read('archive.mbox'))
    expect(second?.hints.date).toBe('2031-04-02')
  })

  it('offers the other blank-line readings as alternatives, never text from outside', async () => {
    const post = await only(read('post.md'), 'post.md')
    // The post adds a blank line before its closing fence.
    expect(post.alternatives.map(decode)).toEqual([`${bulletin}\n`])
    for (const name of ['mail-qp.eml', 'mail-base64.eml', 'archive.mbox']) {
      for (const unwrapped of await unwrap(read(name))) {
        for (const other of unwrapped.alternatives) expect(decode(other).trim()).toBe(bulletin.toString('utf8').trim())
      }
    }
    expect((await only(read('qsb-901-2031.txt'), 'qsb-901-2031.txt')).alternatives).toEqual([])
  })
})

describe('unwrap: where the text came from (span)', () => {
  const slice = (input: Buffer, unwrapped: Unwrapped): string =>
    input.toString('utf8').slice(unwrapped.span.start.offset, unwrapped.span.end.offset)
  const byteSlice = (input: Buffer, unwrapped: Unwrapped): string =>
    input.subarray(unwrapped.byteSpan?.start, unwrapped.byteSpan?.end).toString('utf8')

  it('secpack: the whole file', async () => {
    const unwrapped = await only(bulletin, 'qsb-901-2031.txt')
    expect(unwrapped.span.start).toEqual({ line: 1, column: 1, offset: 0 })
    expect(unwrapped.byteSpan).toEqual({ start: 0, end: bulletin.byteLength })
  })

  it('markdown: the lines inside the fence that make up the bytes', async () => {
    const input = read('post.md')
    const unwrapped = await only(input, 'post.md')
    expect(slice(input, unwrapped)).toBe(unwrapped.text)
    expect(byteSlice(input, unwrapped)).toBe(unwrapped.text)
    expect(input.toString('utf8').split('\n')[unwrapped.span.start.line - 2]).toBe('```')
  })

  it('html: from the first to the last text of the `pre`, markup and entities included', async () => {
    const input = read('page.html')
    const unwrapped = await only(input, 'page.html')
    const raw = slice(input, unwrapped)
    expect(raw.startsWith('\n<span class="line">             ---===[ Qubes Security Bulletin')).toBe(true)
    expect(raw.endsWith('https://www.qubes-os.org/security/</span>\n')).toBe(true)
    expect(byteSlice(input, unwrapped)).toBe(raw)
  })

  it('email: the text itself in an 8bit body (CRLF as on the wire), else the body of its MIME part', async () => {
    const crlf = read('mail-crlf.eml')
    const inline = await only(crlf, 'mail-crlf.eml')
    expect(slice(crlf, inline).replace(/\r\n/g, '\n')).toBe(inline.text)
    expect(inline.encoding).toBe('crlf')
    const qp = read('mail-qp.eml')
    const encoded = await only(qp, 'mail-qp.eml')
    expect(encoded.encoding).toBe('quoted-printable')
    expect(encoded.part?.name).toBe('MIME part 1 (text/plain, quoted-printable)')
    expect(slice(qp, encoded).startsWith('Dear Qubes users,')).toBe(true)
    expect(encoded.within?.start).toBeGreaterThan(0)
    const mbox = read('archive.mbox')
    const [, second] = await unwrap(mbox)
    expect(second?.part).toMatchObject({ kind: 'MIME part', message: { number: 2 } })
    expect(second?.encoding).toBe('base64')
  })

  it('plain: from the banner line to the end of the last line', async () => {
    const input = read('scrape.txt')
    const unwrapped = await only(input, 'scrape.txt')
    expect(slice(input, unwrapped)).toBe(unwrapped.text)
    expect(unwrapped.text.startsWith('---===[ Qubes Security Bulletin 901 ]===---\n')).toBe(true)
  })
})

describe('unwrap: fidelity of scrapes', () => {
  it('cuts a scrape from its banner to its last line before the site text, as lossy', async () => {
    const unwrapped = await only(read('scrape.txt'), 'scrape.txt')
    expect(unwrapped.format).toBe('plain')
    expect(unwrapped.fidelity).toBe('lossy')
    expect(unwrapped.alternatives).toEqual([])
    expect(unwrapped.text.trimEnd().endsWith('The Qubes Security Team')).toBe(true)
    expect(unwrapped.text).not.toMatch(/Source:|PGP signature|Example Tech News/)
  })

  it('keeps an intact paste exact, with the blank lines above the banner the file had', async () => {
    const paste = `Forwarding this:\n\n${bulletin}\nSource: https://example.invalid/qsb-901-2031.txt\n\nRelated posts: …\n`
    const unwrapped = await only(paste, 'paste.txt')
    expect(unwrapped.fidelity).toBe('exact')
    expect(decode(unwrapped.bytes)).toBe(bulletin.toString('utf8'))
    expect(unwrapped.hints.url).toBe('https://example.invalid/qsb-901-2031.txt')
  })

  it('calls a paste lossy when its banner lost its centring or its last line break', async () => {
    const flushed = bulletin.toString('utf8').replace(/^ +(---===\[)/m, '$1')
    expect((await only(flushed, 'a.txt')).fidelity).toBe('lossy')
    const unterminated = `Look:\n${bulletin.toString('utf8').trimEnd()}`
    expect((await only(unterminated, 'b.txt')).fidelity).toBe('lossy')
  })
})
