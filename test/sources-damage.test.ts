/**
 * `sources/` under change and abuse: tampering inside the bulletin changes
 * `bytes`, text around it does not; inputs with no bulletin, too large, binary
 * or malformed fail with a clean fatal message naming the input.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { VFileMessage } from 'vfile-message'
import { describe, expect, it } from 'vitest'
import { type Format, type Unwrapped, unwrap } from '../src/sources/index.js'

const folder = new URL('../fixtures/reposts/', import.meta.url)
const read = (name: string): string => readFileSync(new URL(name, folder), 'utf8')
const bulletin = read('qsb-901-2031.txt')
const signature = read(`qsb-901-2031.txt.sig.alice`)
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

async function first(input: string, path: string): Promise<Unwrapped> {
  const [found] = await unwrap(input, { path })
  return found as Unwrapped
}

async function failure(input: Uint8Array | string, path: string, format?: Format, maxSize?: number): Promise<VFileMessage> {
  const error: unknown = await unwrap(input, { path, format, maxSize }).then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(VFileMessage)
  const message = error as VFileMessage
  expect(message.fatal).toBe(true)
  expect(message.file).toBe(path)
  expect(String(message)).toContain(path)
  return message
}

/** A mail from parts: `[headers, body]`, multipart/mixed when there are several. */
function mail(headers: string[], parts: [string[], string][]): string {
  const top = ['From: a@example.invalid', 'Subject: QSB 901', 'MIME-Version: 1.0', ...headers]
  if (parts.length === 1) return [...top, ...(parts[0]?.[0] ?? []), '', parts[0]?.[1]].join('\r\n')
  const boundary = 'b0undary'
  return [
    ...top,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    ...parts.flatMap(([partHeaders, body]) => [`--${boundary}`, ...partHeaders, '', body]),
    `--${boundary}--`,
    '',
  ].join('\r\n')
}
const attachment = (type: string, name: string, body: string): [string[], string] => [
  [`Content-Type: ${type}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`],
  body,
]

describe('tampering inside the bulletin changes the bytes', () => {
  const cases: [string, string, (text: string) => string][] = [
    ['post.md: one word', 'post.md', (text) => text.replace('backend still holds', 'backend never holds')],
    ['post.md: a line re-wrapped', 'post.md', (text) => text.replace('security updates\ndescribed', 'security updates described\n')],
    ['page.html: one word', 'page.html', (text) => text.replace('backend still holds', 'backend never holds')],
    ['page.html: an entity left undecoded', 'page.html', (text) => text.replace('&lt;unmap&gt;', '&amp;lt;unmap&amp;gt;')],
    ['page.html: a line re-wrapped', 'page.html', (text) => text.replace('security updates</span>\n<span class="line">described', 'security updates described</span>\n<span class="line">')],
    ['mail-crlf.eml: one word', 'mail-crlf.eml', (text) => text.replace('backend still holds', 'backend never holds')],
    ['archive.mbox: one word', 'archive.mbox', (text) => text.replace('backend still holds', 'backend never holds')],
  ]
  it.each(cases)('%s', async (_, name, tamper) => {
    const original = read(name)
    const changed = tamper(original)
    expect(changed).not.toBe(original)
    const unwrapped = await first(changed, name)
    expect(decode(unwrapped.bytes)).not.toBe(bulletin)
    for (const other of unwrapped.alternatives) expect(decode(other)).not.toBe(bulletin)
  })
})

describe('text around the bulletin never changes the bytes', () => {
  // Prose a site might add: anything but fences, tags, banners and armor.
  const prose = fc.string({ maxLength: 200 }).map((text) => text.replace(/[`~<>&\-=|_*#\\[\]\r]/g, ' ').replace(/Source:/gi, 'S'))

  it('in a Markdown post: intro, headings and the explanation after', async () => {
    const post = read('post.md')
    await fc.assert(
      fc.asyncProperty(prose, prose, async (before, after) => {
        const changed = post.replace('\nWe have published', `\n${before}\n\nWe have published`).concat(`\n${after}\n`)
        const unwrapped = await first(changed, 'post.md')
        expect(decode(unwrapped.bytes)).toBe(bulletin)
        expect(unwrapped.signatures).toHaveLength(2)
      }),
      { numRuns: 60 },
    )
  })

  it('in an HTML page: navigation and footer', async () => {
    const page = read('page.html')
    await fc.assert(
      fc.asyncProperty(prose, prose, async (before, after) => {
        const changed = page.replace('<nav>', `<nav>${before}`).replace('<footer>', `<footer><pre>${after}</pre>`)
        expect(decode((await first(changed, 'page.html')).bytes)).toBe(bulletin)
      }),
      { numRuns: 60 },
    )
  })

  it('in mail: the greeting, extra headers, another message in the mbox', async () => {
    const qp = read('mail-qp.eml').replace('Dear Qubes users,', 'Hello everyone, and a long greeting =\nthat wraps.').replace('MIME-Version', 'X-Mailer: test\nMIME-Version')
    expect(decode((await first(qp, 'mail-qp.eml')).bytes)).toBe(bulletin)
    const mbox = `${read('archive.mbox')}From someone@example.invalid Thu Apr  3 08:00:00 2031\nFrom: someone@example.invalid\nSubject: thanks\n\nThanks for QSB 901!\n`
    const found = await unwrap(mbox, { path: 'archive.mbox' })
    expect(found.map((unwrapped) => decode(unwrapped.bytes))).toEqual([bulletin, bulletin])
  })
})

describe('containers in their variants', () => {
  it('markdown: CRLF line breaks, a fence in a list item, tildes, broken front matter', async () => {
    const crlf = read('post.md').replace(/\n/g, '\r\n')
    expect(decode((await first(crlf, 'post.md')).bytes)).toBe(bulletin)
    const listed = `1. The bulletin:\n\n   ~~~~\n${bulletin.replace(/^(?=.)/gm, '   ')}   ~~~~\n`
    const unwrapped = await first(listed, 'list.md')
    expect(unwrapped.format).toBe('markdown')
    expect(decode(unwrapped.bytes)).toBe(bulletin)
    const broken = `---\ntitle: [unclosed\n---\n\n\`\`\`\n${bulletin}\`\`\`\n`
    const fromBroken = await first(broken, 'broken.md')
    expect(decode(fromBroken.bytes)).toBe(bulletin)
    expect(fromBroken.hints.title).toBeUndefined()
  })

  it('markdown: two bulletins, each with the signatures after it', async () => {
    const other = bulletin.replace('Bulletin 901', 'Bulletin 902')
    const post = `\`\`\`\n${bulletin}\`\`\`\n\n\`\`\`\n${signature}\`\`\`\n\n**Source:** <https://x.invalid/qsb-901-2031.txt.sig.alice>\n\n\`\`\`\n${other}\`\`\`\n`
    const found = await unwrap(post, { path: 'two.md' })
    expect(found.map((unwrapped) => decode(unwrapped.bytes))).toEqual([bulletin, other])
    expect(found.map((unwrapped) => unwrapped.signatures.map((embedded) => embedded.signer))).toEqual([['alice'], []])
  })

  it('html: the line break right after `<pre>` is the parser’s, `<br>` is a line break', async () => {
    const escaped = bulletin.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    const direct = await first(`<html><body><pre>\n${escaped}</pre></body></html>`, 'direct.html')
    expect(decode(direct.bytes)).toBe(bulletin)
    const broken = await first(`<div><pre>${escaped.replace(/\n/g, '<br>')}</pre></div>`, 'br.html')
    expect(decode(broken.bytes)).toBe(bulletin)
  })

  it('html: line numbers and a copy button inside the `pre` are not text', async () => {
    const escaped = bulletin.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    const numbered = escaped
      .split('\n')
      .map((line, i) => `<span class="linenos">${i + 1}</span>${line}`)
      .join('\n')
    const unwrapped = await first(`<pre><button>Copy</button><code>${numbered}</code></pre>`, 'numbered.html')
    expect(decode(unwrapped.bytes)).toBe(bulletin)
  })

  it('html: a page that reflowed the bulletin into paragraphs is read from its text, lossy', async () => {
    const paragraphs = bulletin.split('\n\n').map((block) => `<p>${block.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    const unwrapped = await first(`<!doctype html><html><body>${paragraphs.join('')}</body></html>`, 'reflowed.html')
    expect(unwrapped.format).toBe('html')
    expect(unwrapped.fidelity).toBe('lossy')
    expect(unwrapped.text).toMatch(/^---===\[ Qubes Security Bulletin 901 \]===---/)
  })

  it('mail: signatures matched to the attached bulletin they name', async () => {
    const other = bulletin.replace('Bulletin 901', 'Bulletin 902')
    const message = mail([], [
      [['Content-Type: text/plain'], 'Two bulletins attached.'],
      attachment('text/plain', 'qsb-901-2031.txt', bulletin),
      attachment('text/plain', 'qsb-902-2031.txt', other),
      attachment('application/pgp-signature', 'qsb-902-2031.txt.sig.bob', signature),
      attachment('application/pgp-signature', 'qsb-901-2031.txt.sig.alice', signature),
    ])
    const found = await unwrap(message, { path: 'two.eml' })
    expect(found.map((unwrapped) => decode(unwrapped.bytes))).toEqual([bulletin, other])
    expect(found.map((unwrapped) => unwrapped.signatures.map((embedded) => embedded.signer))).toEqual([['alice'], ['bob']])
  })

  it('mail: an attached file that seems to end in a blank line offers both readings', async () => {
    const base64 = Buffer.from(`${bulletin}\n`).toString('base64')
    const message = mail([], [
      [['Content-Type: text/plain'], 'Attached.'],
      [[...attachment('text/plain', 'qsb-901-2031.txt', '')[0], 'Content-Transfer-Encoding: base64'], base64],
    ])
    const unwrapped = await first(message, 'old.eml')
    expect(decode(unwrapped.bytes)).toBe(bulletin)
    expect(unwrapped.alternatives.map(decode)).toEqual([`${bulletin}\n`])
  })

  it('mail: a PGP/MIME envelope signature signs the mail, not the bulletin, and is left out', async () => {
    const message = [
      'From: a@example.invalid',
      'Subject: QSB 901',
      'MIME-Version: 1.0',
      'Content-Type: multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256; boundary="s"',
      '',
      '--s',
      'Content-Type: text/plain; charset=utf-8',
      '',
      bulletin,
      '--s',
      'Content-Type: application/pgp-signature; name="signature.asc"',
      '',
      signature,
      '--s--',
      '',
    ].join('\r\n')
    const unwrapped = await first(message, 'signed.eml')
    expect(decode(unwrapped.bytes)).toBe(bulletin)
    expect(unwrapped.signatures).toEqual([])
  })

  it('mail: the date is the day the sender wrote, not the UTC day', async () => {
    const message = mail(['Date: Tue, 1 Apr 2031 01:30:00 +0200', 'Content-Type: text/plain'], [[[], bulletin]])
    expect((await first(message, 'dated.eml')).hints.date).toBe('2031-04-01')
  })

  it('mail: format=flowed may have joined quote lines, so it is lossy', async () => {
    const message = mail(['Content-Type: text/plain; charset=utf-8; format=flowed'], [[[], bulletin]])
    expect((await first(message, 'flowed.eml')).fidelity).toBe('lossy')
  })

  it('mail: an HTML-only message is read from its `pre`', async () => {
    const escaped = bulletin.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    const message = mail(['Content-Type: text/html; charset=utf-8'], [[[], `<html><body><pre><code>${escaped}</code></pre></body></html>`]])
    const unwrapped = await first(message, 'html.eml')
    expect(unwrapped.format).toBe('email')
    expect(decode(unwrapped.bytes)).toBe(bulletin)
  })
})

describe('no bulletin, too large, binary, malformed: a clean fatal message', () => {
  const empty: [string, string][] = [
    ['notes.txt', 'Nothing to see here.\nQubes Security Bulletin (QSB) 901 was published today.\n'],
    ['empty.txt', ''],
    ['post.md', '---\ntitle: Release notes\n---\n\n```\nmake install\n```\n'],
    ['page.html', '<!doctype html><html><body><pre><code>$ ls</code></pre></body></html>'],
    ['message.eml', mail(['Content-Type: text/plain'], [[[], 'Hello, no bulletin here.']])],
    ['box.mbox', 'From a@example.invalid Tue Apr  1 12:00:00 2031\nFrom: a@example.invalid\nSubject: hi\n\nhello\n'],
  ]
  it.each(empty)('%s: no-bulletin', async (path, input) => {
    const message = await failure(input, path)
    expect(message.ruleId).toBe('no-bulletin')
    expect(message.reason).toMatch(/^No bulletin found/)
  })

  it('a post that only redirects says where to, as a value', async () => {
    const [found] = await unwrap('---\ntitle: Canary\nredirect_to:\n- https://x.invalid/canary-901.txt\n---\n', { path: 'redirect.md' })
    expect(found?.redirect).toBe('https://x.invalid/canary-901.txt')
    expect(found?.text).toBe('')
  })

  // The page a static site writes where a post moved (jekyll-redirect-from's shape), in the spellings the HTML standard admits.
  it.each([
    ['0; url=https://x.invalid/qsb-901/', 'https://x.invalid/qsb-901/'],
    ['0;URL=\'https://x.invalid/qsb-901/\'', 'https://x.invalid/qsb-901/'],
    ['3, https://x.invalid/qsb-901/', 'https://x.invalid/qsb-901/'],
    ['0 ; url = "https://x.invalid/qsb-901/"', 'https://x.invalid/qsb-901/'],
  ])('a page that only redirects (content="%s") says where to, as a value', async (content, target) => {
    const page = `<!DOCTYPE html><html><head><title>Redirecting…</title><meta http-equiv="Refresh" content="${content.replace(/"/g, '&quot;')}"></head><body><h1>Redirecting…</h1><a href="${target}">Click here</a></body></html>`
    const [found] = await unwrap(page, { path: 'redirect.html' })
    expect(found).toMatchObject({ format: 'html', redirect: target, text: '', fidelity: 'lossy' })
  })

  it('a page whose refresh only reloads it, or names no URL, is no redirect: no-bulletin', async () => {
    for (const content of ['30', '0;', 'soon']) {
      const message = await failure(`<html><head><meta http-equiv="refresh" content="${content}"></head><body><p>Nothing here.</p></body></html>`, 'page.html')
      expect(message.ruleId).toBe('no-bulletin')
    }
  })

  it('refuses an input over the size limit before reading it', async () => {
    const message = await failure(bulletin, 'big.txt', undefined, 1000)
    expect(message.ruleId).toBe('too-large')
  })

  it('refuses binary data', async () => {
    const message = await failure(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), 'image.png')
    expect(message.ruleId).toBe('binary')
  })

  it('reads a truncated page and a mail with a missing closing boundary', async () => {
    const page = read('page.html')
    const cut = page.slice(0, page.indexOf('</code>'))
    expect(decode((await first(cut, 'cut.html')).bytes)).toBe(bulletin)
    const qp = read('mail-qp.eml')
    expect(decode((await first(qp.slice(0, qp.indexOf('--=_mixed_qp--')), 'cut.eml')).bytes)).toBe(bulletin)
  })

  it('a mail nested too deep fails cleanly', async () => {
    const depth = 80
    const open = Array.from({ length: depth }, (_, i) => `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}`).join('\n')
    const message = await failure(`From: a@example.invalid\nSubject: deep\nMIME-Version: 1.0\n${open}\n\n${bulletin}`, 'deep.eml')
    expect(message.ruleId).toBe('no-bulletin')
  })

  it('stays fast on Markdown built to make parsers quadratic, and scans a huge post as text', async () => {
    const hostile = [
      `${'*a'.repeat(50_000)}\n\n\`\`\`\n${bulletin}\`\`\`\n`,
      `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n')}\n\n\`\`\`\n${bulletin}\`\`\`\n`,
      `${'> '.repeat(100_000)}x\n\n\`\`\`\n${bulletin}\`\`\`\n`,
    ]
    for (const post of hostile) {
      const started = performance.now()
      expect(decode((await first(post, 'hostile.md')).bytes)).toBe(bulletin)
      expect(performance.now() - started).toBeLessThan(10_000)
    }
  })

  it('markup nested past what the stack holds is `unreadable`, not a crash', async () => {
    const message = await failure(`<!doctype html>${'<b>'.repeat(100_000)}<pre>${bulletin}</pre>`, 'deep.html')
    expect(message.ruleId).toBe('unreadable')
  })

  it.each(['secpack', 'markdown', 'html', 'email', 'plain'] as const)('never crashes on arbitrary input read as %s', async (format) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300 })), async (input) => {
        const outcome = await unwrap(input, { path: 'fuzz', format }).then(
          (found) => found,
          (error: unknown) => error,
        )
        if (!Array.isArray(outcome)) expect(outcome).toBeInstanceOf(VFileMessage)
      }),
      { numRuns: 150 },
    )
  })
})
