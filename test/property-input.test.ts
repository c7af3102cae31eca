/**
 * Any input gets a record or a clean error: `parse` and `readDocuments`, on
 * arbitrary bytes and strings and on text built from bulletin-like lines
 * (banners, underlines, dates, quotes, list markers, references, CRLF, BOM,
 * NUL, unicode dashes, huge lines), wrapped as posts, pages and mail, either
 * return records that satisfy the `QsbRecord` schema or fail with a fatal
 * `VFileMessage` that names the input, a rule and a place — never anything else.
 */
import fc from 'fast-check'
import { VFileMessage } from 'vfile-message'
import { describe, expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import { readDocuments } from '../src/read/index.js'
import { QsbRecord } from '../src/record/schema.js'
import { bulletinModel, dictionary, renderLines } from './helpers/render-bulletin.js'

/** Fatal rules each entry point documents. */
const parseRules = ['missing-banner', 'binary', 'template', 'invalid-number']
const readRules = [...parseRules, 'too-large', 'redirect', 'no-bulletin']

function expectCleanError(error: unknown, path: string, rules: readonly string[]): void {
  if (!(error instanceof VFileMessage)) throw error
  expect(error.fatal).toBe(true)
  expect(rules).toContain(error.ruleId)
  // A container's documents are named by their place in it (`page.html#2`).
  expect(error.file === path || error.file?.startsWith(`${path}#`), `file ${error.file}`).toBe(true)
  expect(error.line).toBeGreaterThanOrEqual(1)
  expect(error.column).toBeGreaterThanOrEqual(1)
}

function checkParse(input: string | Uint8Array, path: string): void {
  let record: unknown
  try {
    record = parse(input, { path })
  } catch (error) {
    expectCleanError(error, path, parseRules)
    return
  }
  QsbRecord.parse(record)
}

async function checkRead(input: string | Uint8Array, path: string): Promise<void> {
  let documents: Awaited<ReturnType<typeof readDocuments>>
  try {
    documents = await readDocuments(input, { path })
  } catch (error) {
    expectCleanError(error, path, readRules)
    return
  }
  expect(documents.length).toBeGreaterThan(0)
  for (const { record } of documents) QsbRecord.parse(record)
}

// ---------------------------------------------------------------- lines --

const structural = [
  '---===[ Qubes Security Bulletin 070 ]===---',
  '             ---===[ Qubes Security Bulletin #32 ]===---',
  '   ---===[ Qubes Canary #12 ]===---',
  '---===[ Qubes Security Bulletin TODO ]===---',
  '---===[ Qubes Security Bulletin #xx ]===---',
  '—–-===[ Qubes Security Bulletin 5 ]===—––',
  '===[qubes canary 099999999999999999999]===',
  '---===[ Qubes Security Bulletin 0 ]===---',
  '---===[ Qubes Security Bulletin ]===---',
  '-------', '====', '~~~~', '^^^', '+++', '***', '———', '-', '--', '-- ',
  '2024-01-30', '   May 12, 2011', 'September  7, 2016', 'February 30, 2020', '2024-13-45', '0000-00-00', 'January 5th, 2015',
  'July 14: Original release', '2024-02-30: Changed the patching section', 'May 1:',
  '|', '| ', '| A guest can exhaust XSA-1 through', '| XSA-3 and 4', '  - Xen packages, version 4.17.5-3', '* qubes-gui-dom0 3.2.5',
  '  - Linux kernel packages, versions 6.6.70-1, 6.12.9-1 (for users of', '* xen packages, version 4.4.3-13 (R3.0)', '- TODO', '* New Xen packages (xen-4.1.6.1-24)',
  '1. The date of issue of this canary is March 1, 2024.', '2. There have been 99 Qubes security bulletins published so far.',
  '3. The Qubes Master Signing Key fingerprint is:', '427F 11FD 0FAA 4B08 0123  F01C DDFA 1A3E 3687 9494',
  '5. The next canary is scheduled to be published within the first two weeks of March 2021.', '(a) lettered', '999) item',
  '[1] https://example.org/x', '[999]', '[0] ', '[1]', 'See [1] and [2].', '[2] The commit:', 'https://example.org/commit',
  '  For Qubes 4.1 and 4.2, in dom0:', 'For Qubes R3.0:', 'Patches for Qubes 4.0 are as follows:', 'Older releases receive the fix too:',
  'We have uploaded the patched Xen packages for Qubes Release 1 (version 4.1.2-9).',
  'XSA-1 through XSA-9999', 'XSAs 52-54', 'Xen Security Advisory 0', 'XSA 216, 217, 218 & 219', 'advisory-422.html', 'XSA-', 'XSA 1.2.3',
  'CVE-2024-123456', 'CVE-0000-0000', 'User action', 'Summary', 'Patching', 'References', 'Changelog', 'Statements', 'Credits',
  'Special announcements', 'Proof of freshness', 'Impact', 'Details', 'Non-vulnerable GUI packages', 'Disclaimers and notes',
  'Continue to update normally [1]. No other user action is required.', 'Users must restart their qubes.', 'None.',
  'The Qubes Security Team', 'https://www.qubes-os.org/security/', 'TODO', 'The Qubes Team',
  '-----BEGIN PGP SIGNATURE-----', '-----END PGP SIGNATURE-----', 'iQIzBAABCAAdFiEE', '=abcd', 'Source: https://example.org/qsb.txt',
  "Marek's PGP signature", '```', '~~~', '<pre>', '</pre>', '&lt;', 'From: a@example.invalid', 'Subject: QSB',
  '\uFEFF', '\u0000', '\u202E', '\t\t', '\f', '\v', '\u00A0', 'ÿ', '\uFFFD', '\uD800', '\u2028',
]
const huge = fc
  .constantFrom('x', ' ', '-', '=', '|', '[1] ', 'XSA-1 ', 'CVE-2024-0001 ', '2024-01-30 ', 'For Qubes 4.2 ')
  .map((piece) => piece.repeat(Math.ceil(30_000 / piece.length)))
const prose = fc.array(fc.constantFrom(...dictionary), { minLength: 1, maxLength: 14 }).map((words) => words.join(' '))
const line: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...structural) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', ' ', '  ', '    ', '\t', '           '), fc.constantFrom(...structural)).map(([indent, text]) => indent + text) },
  { weight: 3, arbitrary: prose },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constant('') },
)
const ending = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r', '\n\n')
/** Text made of bulletin-like lines, with mixed line endings and maybe a BOM or a huge line. */
const linesText = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(line, ending), { maxLength: 60 }), fc.option(fc.tuple(fc.nat(), huge), { freq: 8 }))
  .map(([bom, lines, big]) => {
    const parts = lines.map(([text, end]) => text + end)
    if (big) parts.splice(big[0] % (parts.length + 1), 0, `${big[1]}\n`)
    return (bom ? '\uFEFF' : '') + parts.join('')
  })

type LineEdit = { op: 'delete' | 'duplicate' | 'swap' | 'dedent' | 'crlf'; at: number } | { op: 'insert'; at: number; text: string }
const lineEdit: fc.Arbitrary<LineEdit> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const, 'dedent' as const, 'crlf' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: line }),
)
/** A generated bulletin damaged line by line: deep paths of the grammar and extractors, on near-valid input. */
const damagedBulletin = fc
  .tuple(bulletinModel, fc.array(lineEdit, { minLength: 1, maxLength: 8 }), fc.option(fc.nat()))
  .map(([model, edits, cut]) => {
    const lines = renderLines(model).map((entry) => `${entry.text}\n`)
    for (const edit of edits) {
      const at = edit.at % lines.length
      const current = lines[at] as string
      if (edit.op === 'delete' && lines.length > 1) lines.splice(at, 1)
      if (edit.op === 'duplicate') lines.splice(at, 0, current)
      if (edit.op === 'swap') lines.splice(at, 2, ...lines.slice(at, at + 2).reverse())
      if (edit.op === 'dedent') lines[at] = current.trimStart()
      if (edit.op === 'crlf') lines[at] = current.replace(/\n$/, '\r\n')
      if (edit.op === 'insert') lines.splice(at, 0, `${edit.text}\n`)
    }
    const text = lines.join('')
    return cut === null ? text : text.slice(0, cut % (text.length + 1))
  })

const anyText = fc.oneof(linesText, damagedBulletin, fc.string({ unit: 'binary', maxLength: 300 }))
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  // Text as bytes with a few bytes replaced: broken UTF-8 inside a bulletin.
  fc.tuple(fc.oneof(damagedBulletin, linesText), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 })).map(([text, flips]) => {
    const bytes = new TextEncoder().encode(text)
    for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value
    return bytes
  }),
)

describe('parse: any input gets a record or a clean error', () => {
  it('arbitrary strings and bulletin-like text', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('input.txt', 'qsb-070-2021.txt', 'canary-012-2020.txt'), (text, path) => checkParse(text, path)),
      { numRuns: 400 },
    )
  })

  it('arbitrary bytes', () => {
    fc.assert(fc.property(anyBytes, (bytes) => checkParse(bytes, 'input.bin')), { numRuns: 300 })
  })
})

// ----------------------------------------------------------- containers --

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const armor = fc
  .tuple(fc.base64String({ maxLength: 120 }), fc.boolean())
  .map(([body, closed]) => `-----BEGIN PGP SIGNATURE-----\n\n${body}\n${closed ? '-----END PGP SIGNATURE-----\n' : ''}`)
const noise = fc.oneof(prose, fc.string({ maxLength: 40 }), fc.constantFrom(...structural))
const body = fc.oneof(damagedBulletin, linesText, bulletinModel.map((model) => renderLines(model).map((entry) => entry.text).join('\n')))

const markdown = fc
  .record({ title: noise, front: fc.boolean(), redirect: fc.boolean(), fence: fc.constantFrom('```', '~~~', '````', '``'), before: noise, text: body, closed: fc.boolean(), signature: fc.option(armor) })
  .map(({ title, front, redirect, fence, before, text, closed, signature }) =>
    [
      front ? `---\nlayout: post\ntitle: ${JSON.stringify(title)}\ndate: 2024-01-30\n${redirect ? 'redirect_to: https://example.org/qsb.txt\n' : ''}---\n` : '',
      before,
      '',
      fence,
      text,
      closed ? fence : '',
      '',
      signature === null ? '' : `## Marek's PGP signature\n\n${fence}\n${signature}${fence}\n**Source:** <https://example.org/qsb.txt.sig.marmarek>`,
    ].join('\n'),
  )
const html = fc
  .record({ before: noise, text: body, escape: fc.boolean(), tags: fc.array(fc.constantFrom('<span class="n">', '</span>', '<br>', '<div>', '</div>', '<p>', '<b>', '&amp;', '&#0;', '&bogus;', '<!--', '-->', '<pre>'), { maxLength: 6 }), signature: fc.option(armor) })
  .map(({ before, text, escape, tags, signature }) => {
    const inner = escape ? escapeHtml(text) : text
    const cut = Math.floor(inner.length / 2)
    return `<!doctype html><html><head><title>${escapeHtml(before)}</title></head><body><main><p>${escapeHtml(before)}</p><pre><code>${inner.slice(0, cut)}${tags.join('')}${inner.slice(cut)}</code></pre>${signature === null ? '' : `<pre>${signature}</pre>`}</main></body></html>`
  })
const mail = fc
  .record({
    mbox: fc.boolean(),
    encoding: fc.constantFrom('7bit', '8bit', 'quoted-printable', 'base64', 'x-bogus'),
    charset: fc.constantFrom('utf-8', 'iso-8859-1', 'x-unknown', ''),
    text: body,
    raw: fc.boolean(),
    multipart: fc.boolean(),
    signature: fc.option(armor),
    crlf: fc.boolean(),
  })
  .map(({ mbox, encoding, charset, text, raw, multipart, signature, crlf }) => {
    const encoded = raw || encoding === 'x-bogus' ? text : encoding === 'base64' ? Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\n') : encoding === 'quoted-printable' ? text.replace(/=/g, '=3D') : text
    const type = `Content-Type: text/plain${charset ? `; charset=${charset}` : ''}\nContent-Transfer-Encoding: ${encoding}`
    const head = `${mbox ? 'From qubes@example.invalid Thu Apr  3 08:00:00 2031\n' : ''}From: a@example.invalid\nTo: b@example.invalid\nSubject: QSB\nMIME-Version: 1.0\n`
    const message = multipart
      ? `${head}Content-Type: multipart/mixed; boundary="b0"\n\n--b0\n${type}\n\n${encoded}\n--b0\nContent-Type: application/pgp-signature; name="qsb-070-2021.txt.sig.simon"\nContent-Disposition: attachment; filename="qsb-070-2021.txt.sig.simon"\n\n${signature ?? ''}\n--b0--\n`
      : `${head}${type}\n\n${encoded}\n${signature ?? ''}`
    return crlf ? message.replace(/\r?\n/g, '\r\n') : message
  })

describe('readDocuments: any input gets records or a clean error', () => {
  it('arbitrary text and bytes, as pastes and secpack files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText, anyBytes), fc.constantFrom('paste.txt', 'qsb-070-2021.txt', 'noise.bin'), (input, path) => checkRead(input, path)),
      { numRuns: 250 },
    )
  })

  it('inputs that look like Markdown posts, HTML pages and mail', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(markdown.map((text) => [text, 'post.md'] as const), html.map((text) => [text, 'page.html'] as const), mail.map((text) => [text, 'message.eml'] as const)),
        fc.boolean(),
        ([text, path], asBytes) => checkRead(asBytes ? new TextEncoder().encode(text) : text, path),
      ),
      { numRuns: 250 },
    )
  })
})

describe('a container with one unusable document', () => {
  const bulletin = (number: string): string =>
    ['', `             ---===[ Qubes Security Bulletin ${number} ]===---`, '', '                             2025-02-18', '', '                  A flaw in the qrexec policy helper', '', 'Summary', '--------', '', 'A qube could learn the names of other qubes.', '', '--', 'The Qubes Security Team', ''].join('\n')
  const message = (subject: string, text: string): string => `From qubes@example.invalid Thu Apr  3 08:00:00 2031\nFrom: qubes@example.invalid\nSubject: ${subject}\n\n${text}\n`

  // Regression: one unusable document (an unfilled template mailed as a draft) does not lose the
  // good bulletin beside it; the failure goes to `onError`.
  it('an mbox holding a draft template and a bulletin resolves with the bulletin', async () => {
    const mbox = message('draft', bulletin('TODO')) + message('QSB-950', bulletin('950'))
    const errors: string[] = []
    const documents = await readDocuments(mbox, { path: 'archive.mbox', onError: (error) => errors.push(`${error.ruleId}: ${String(error)}`) })
    expect(documents.map(({ record }) => record.number)).toEqual([950])
    expect(errors).toEqual([expect.stringMatching(/^template: archive\.mbox#1:2:14/)])
  })
})
