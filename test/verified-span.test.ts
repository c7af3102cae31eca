/**
 * A verified span is true for every container: the input's bytes under it,
 * decoded as the container requires — by decoders written here, apart from
 * the readers (HTML through a fragment parse, quoted-printable and base64 by
 * hand and by Buffer, mbox `>From ` unescaped) — are exactly the verified
 * bytes, for the reading that verified and for every other reading the
 * container leaves open.
 */
import { readFileSync } from 'node:fs'
import type { Nodes } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { visit, SKIP } from 'unist-util-visit'
import { beforeAll, describe, expect, it } from 'vitest'
import { readDocuments } from '../src/read/index.js'
import { loadKeyring } from '../src/read/node/index.js'
import type { ByteSpan, Unwrapped } from '../src/sources/index.js'
import { type Keyring, verifyEmbedded } from '../src/verify/index.js'
import { corpusPath } from './helpers/corpus.js'
import { fingerprints, fixture } from './helpers/keys.js'
import { render } from './helpers/render.js'
import { corpus, describeWith } from './helpers/needs.js'

const decoder = new TextDecoder()

/** What the input's bytes under a span say, decoded as `encoding` says (and cut at `within`). */
function decodeSpan(input: Uint8Array, byteSpan: ByteSpan, encoding: Unwrapped['encoding'], within: Unwrapped['within'], mbox: boolean): string {
  const bytes = input.subarray(byteSpan.start, byteSpan.end)
  // A transfer encoding is undone on the bytes; anything else is text already.
  let raw = encoding === 'quoted-printable' ? Buffer.from(bytes).toString('latin1') : decoder.decode(bytes)
  if (mbox) raw = raw.replace(/^>(>*From )/gm, '$1')
  let text: string
  switch (encoding) {
    case 'identity':
      text = raw
      break
    case 'crlf':
      text = raw.replace(/\r\n/g, '\n')
      break
    case 'html':
      text = htmlText(raw)
      break
    case 'quoted-printable':
      text = quotedPrintable(raw).replace(/\r\n/g, '\n')
      break
    case 'base64':
      text = Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8').replace(/\r\n/g, '\n')
      break
    default:
      throw new Error(`no decoder for ${encoding} here`)
  }
  return within ? text.slice(within.start, within.end) : text
}

/** The text of an HTML fragment: text nodes, `<br>` as a line break, controls and line numbers left out. */
function htmlText(fragment: string): string {
  let text = ''
  visit(fromHtml(fragment, { fragment: true }), (node: Nodes) => {
    if (node.type === 'text') text += node.value
    if (node.type !== 'element') return undefined
    if (node.tagName === 'br') text += '\n'
    const classes = Array.isArray(node.properties.className) ? node.properties.className.map(String) : []
    if (['button', 'img', 'input'].includes(node.tagName) || classes.some((name) => /gutter|line-?numbers?|linenos?/.test(name))) return SKIP
    return undefined
  })
  return text
}

function quotedPrintable(body: string): string {
  const bytes = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1')
  return bytes.toString('utf8')
}

/** Every reading of every document of an input: its span decodes to its bytes. */
async function expectTrueSpans(input: Uint8Array, path: string): Promise<Unwrapped[]> {
  const documents = await readDocuments(input, { path })
  expect(documents.length).toBeGreaterThan(0)
  for (const { unwrapped } of documents) {
    const mbox = unwrapped.part?.message !== undefined
    const readings = [
      { bytes: unwrapped.bytes, span: unwrapped },
      ...unwrapped.alternatives.map((bytes, index) => ({ bytes, span: unwrapped.alternativeSpans[index] })),
    ]
    for (const [index, { bytes, span }] of readings.entries()) {
      expect(span?.byteSpan, `${path} reading ${index}`).toBeDefined()
      const decoded = decodeSpan(input, span?.byteSpan as ByteSpan, unwrapped.encoding, span?.within, mbox)
      expect(decoded, `${path} reading ${index} (${unwrapped.encoding})`).toBe(decoder.decode(bytes))
    }
    // The part holds the span.
    if (unwrapped.part?.byteSpan && unwrapped.byteSpan) {
      expect(unwrapped.part.byteSpan.start).toBeLessThanOrEqual(unwrapped.byteSpan.start)
      expect(unwrapped.part.byteSpan.end).toBeGreaterThanOrEqual(unwrapped.byteSpan.end)
    }
  }
  return documents.map((document) => document.unwrapped)
}

const reposts = ['post.md', 'page.html', 'mail-qp.eml', 'mail-base64.eml', 'mail-crlf.eml', 'archive.mbox', 'scrape.txt', 'qsb-901-2031.txt']

describe('synthetic reposts: the span’s bytes decode to the verified bytes', () => {
  it.each(reposts)('%s', async (name) => {
    const unwrapped = await expectTrueSpans(readFileSync(fixture('reposts', name)), name)
    for (const entry of unwrapped) expect(entry.encoding).not.toBe('mime')
  })

  it.each([false, true])('the post rendered to HTML (highlighter spans: %s)', async (highlight) => {
    const [entry] = await expectTrueSpans(Buffer.from(render(readFileSync(fixture('reposts/post.md')), highlight)), 'post.html')
    expect(entry?.encoding).toBe('html')
    expect(entry?.part?.kind).toBe('element')
  })

  it('a page with CRLF line breaks, numeric and legacy entities, line numbers and a copy button', async () => {
    const bulletin = readFileSync(fixture('reposts/qsb-901-2031.txt'), 'utf8')
    const escaped = bulletin.replace(/&/g, '&#38;').replace(/</g, '&lt').replace(/>/g, '&#x3E;').replace(/"/g, '&quot;')
    const page = `<!doctype html>\r\n<html><body>\r\n<pre><button>Copy</button><span class="lineno">1</span>${escaped.replace(/\n/g, '\r\n')}</pre></body></html>\r\n`
    const [entry] = await expectTrueSpans(Buffer.from(page), 'crlf.html')
    expect(decoder.decode(entry?.bytes)).toBe(bulletin)
    expect(entry?.warnings.join('\n')).toMatch(/“Copy”.*not part of the verified bytes/)
  })

  it('a mail that attaches the bulletin quoted-printable, with a body beside it: the part is named, the body listed as unsigned', async () => {
    const bulletin = readFileSync(fixture('reposts/qsb-901-2031.txt'), 'utf8')
    const qp = [...Buffer.from(bulletin.replace(/\n/g, '\r\n'))]
      .map((byte) => (byte === 61 || byte > 126 ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte)))
      .join('')
    const mail = [
      'From: a@example.invalid',
      'Subject: QSB-901',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please update now, no need to read the attachment.',
      '--b',
      'Content-Type: text/plain; charset=utf-8; name="qsb-901-2031.txt"',
      'Content-Disposition: attachment; filename="qsb-901-2031.txt"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      `${qp}--b--`,
      '',
    ].join('\r\n')
    const [entry] = await expectTrueSpans(Buffer.from(mail), 'attached.eml')
    expect(entry?.encoding).toBe('quoted-printable')
    expect(entry?.part?.name).toBe('MIME part 2 (text/plain, qsb-901-2031.txt, attached, quoted-printable)')
    expect(entry?.others.map((other) => other.name)).toEqual(['MIME part 1 (text/plain, 7bit)'])
    expect(entry?.others[0]?.span.start.line).toBe(7)
  })
})

describe('verification records carry the span of the reading that verified', () => {
  let keyring: Keyring
  beforeAll(async () => {
    keyring = await loadKeyring({ secpack: fixture('secpack'), master: fingerprints.master })
  })

  it.each(reposts.filter((name) => !['scrape.txt', 'qsb-901-2031.txt'].includes(name)))('%s', async (name) => {
    const input = readFileSync(fixture('reposts', name))
    for (const { unwrapped } of await readDocuments(input, { path: name })) {
      const result = await verifyEmbedded(unwrapped, unwrapped.signatures, keyring)
      expect(result.authentic).toBe(true)
      const { verified } = result
      const bytes = [unwrapped.bytes, ...unwrapped.alternatives][verified.reading] as Uint8Array
      // A container's spans are never a cleartext message's (that reading is `verifyRepost`'s own, for pastes).
      if (verified.encoding === 'cleartext') throw new Error(`${name}: read as a cleartext message`)
      const decoded = decodeSpan(input, verified.byteSpan as ByteSpan, verified.encoding, verified.within ?? undefined, verified.part?.message != null)
      expect(decoded).toBe(decoder.decode(bytes))
      expect(verified.firstLine.trim()).toBe('---===[ Qubes Security Bulletin 901 ]===---')
      expect(verified.lastLine).toBe(decoder.decode(bytes).trimEnd().split('\n').at(-1))
    }
  })
})

describeWith([corpus('posts')], 'the website’s posts: the span’s bytes decode to the verified bytes', () => {
  const posts = ['2017-08-15-qsb-32.md', '2022-06-09-qsb-080.md', '2023-03-21-qsb-088.md']
  it.each(posts)('%s as Markdown, and rendered to HTML with and without highlighting', async (name) => {
    const markdown = readFileSync(corpusPath('posts', name))
    await expectTrueSpans(markdown, name)
    for (const highlight of [false, true]) {
      const [entry] = await expectTrueSpans(Buffer.from(render(markdown, highlight)), `${name}.html`)
      // Not an empty span: the page's text, from its banner line to its last line.
      expect((entry?.byteSpan?.end ?? 0) - (entry?.byteSpan?.start ?? 0)).toBeGreaterThanOrEqual(entry?.bytes.length ?? 0)
      expect(entry?.span.end.line).toBeGreaterThan((entry?.span.start.line ?? 0) + 50)
    }
  })
})
