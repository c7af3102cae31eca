/**
 * Every container reader is linear: for each pathological shape, inputs of
 * 1×, 4× and 16× the base size take at most 2× linear time (best-of-N timing,
 * see `helpers/linearity.ts`). A reader that is quadratic somewhere turns a
 * 64 KiB post into minutes of work (setext underlines once took 88 s).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type Format, unwrap } from '../src/sources/index.js'
import { fixture } from './helpers/keys.js'
import { scaling } from './helpers/linearity.js'

const bulletin = readFileSync(fixture('reposts/qsb-901-2031.txt'), 'utf8')
/**
 * 1×: Markdown, the slowest reader per byte, 2 KiB of filler (16× is 32 KiB);
 * the others 8 KiB (16× is 128 KiB), so that 1× takes more than a millisecond.
 */
const bases: Record<Exclude<Format, 'secpack'>, number> = { markdown: 2 * 1024, html: 8 * 1024, email: 8 * 1024, plain: 8 * 1024 }

/** `unit` repeated to `size` characters. */
function fill(unit: string, size: number): string {
  return unit.repeat(Math.max(1, Math.floor(size / unit.length)))
}

const fence = (text: string): string => `\`\`\`\n${text}\`\`\`\n`
const front = '---\nlayout: post\ntitle: "QSB-901"\n---\n\n'

/** Shapes by container: each builds an input of about `size` characters around (or before) a bulletin. */
const shapes: Record<Exclude<Format, 'secpack'>, Record<string, (size: number) => string>> = {
  markdown: {
    'setext underlines (=)': (size) => front + fill('a\n=\n', size) + fence(bulletin),
    'setext underlines (-)': (size) => front + fill('a\n-\n', size) + fence(bulletin),
    'headings': (size) => front + fill('## a\n', size) + fence(bulletin),
    'nested lists': (size) => front + Array.from({ length: size / 40 }, (_, i) => `${' '.repeat((i % 32) * 2)}- x\n`).join('') + fence(bulletin),
    'long line': (size) => front + fill('a ', size) + '\n\n' + fence(bulletin),
    'many fences': (size) => front + fill(fence('x\n'), size) + fence(bulletin),
    'unclosed fence': (size) => `${front}\`\`\`\n${fill('x\n', size)}`,
    'emphasis and brackets': (size) => front + fill('*a [b `c', size) + '\n\n' + fence(bulletin),
    'entities': (size) => front + fill('&amp;&#65;', size) + '\n\n' + fence(bulletin),
    'html blocks': (size) => front + fill('<div>\n', size) + '\n' + fence(bulletin),
    'source lines': (size) => front + fill('**Source:** <https://example.invalid/a.txt>\n\n', size) + fence(bulletin),
    'front matter': (size) => `---\n${fill('key: value\n', size)}---\n\n${fence(bulletin)}`,
  },
  html: {
    'many pre blocks': (size) => `<!doctype html><body>${fill('<pre>x</pre>\n', size)}<pre>${escape(bulletin)}</pre>`,
    'spans in pre': (size) => `<!doctype html><body><pre>${fill('<span class="n">a</span> ', size)}\n${escape(bulletin)}</pre>`,
    'entities': (size) => `<!doctype html><body><p>${fill('&amp;&#65;&lt;', size)}</p><pre>${escape(bulletin)}</pre>`,
    'hidden elements': (size) => `<!doctype html><body><pre>${fill('<span hidden>a</span><span style="display:none">b</span>', size)}\n${escape(bulletin)}</pre>`,
    'styles': (size) => `<!doctype html><head><style>${fill('.a{display:none}\n', size)}</style></head><body><pre class="a">${escape(bulletin)}</pre>`,
    'nesting': (size) => `<!doctype html><body>${fill('<div>', size)}<pre>${escape(bulletin)}</pre>`,
    'source paragraphs': (size) => `<!doctype html><body>${fill('<p>Source: <a href="https://example.invalid/a">a</a></p>', size)}<pre>${escape(bulletin)}</pre>`,
    'a refresh with a long, spaced URL': (size) => `<!doctype html><head><meta http-equiv="refresh" content="0; url='a${fill(' ', size)}b${fill("'", size / 8)}"></head><body><pre>${escape(bulletin)}</pre>`,
    'text only': (size) => `<!doctype html><body><p>${fill('word ', size)}</p><p>${escape(bulletin).replace(/\n/g, '<br>')}</p>`,
  },
  email: {
    'header lines': (size) => `From: a@example.invalid\nSubject: QSB\n${fill('X-Filler: a\n', size)}\n${bulletin}`,
    'many parts': (size) =>
      `From: a@example.invalid\nSubject: QSB\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n${fill('--b\nContent-Type: text/plain\n\nx\n', size)}--b\nContent-Type: text/plain\n\n${bulletin}--b--\n`,
    'quoted-printable': (size) =>
      `From: a@example.invalid\nSubject: QSB\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${fill('=3D=3D=\n', size)}\n${bulletin}`,
    'base64': (size) =>
      `From: a@example.invalid\nSubject: QSB\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${Buffer.from(fill('x\n', size) + bulletin).toString('base64').replace(/.{76}/g, '$&\n')}\n`,
    'mbox messages': (size) => fill(`From a@example.invalid Tue Apr  1 01:00:00 2031\nFrom: a@example.invalid\nSubject: x\n\nx\n\n`, size) + `From a@example.invalid Tue Apr  1 01:00:00 2031\nFrom: a@example.invalid\nSubject: QSB\n\n${bulletin}`,
  },
  plain: {
    'banners': (size) => fill('---===[ Qubes Security Bulletin 901 ]===---\n', size) + bulletin,
    'blank lines': (size) => fill('\n', size) + bulletin + fill('\n', size),
    'underlines': (size) => bulletin + fill('a\n=====\n', size),
    'long line': (size) => bulletin + fill('a', size),
    'armor blocks': (size) => bulletin + fill('-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\n', size),
    'unterminated armor': (size) => `${bulletin}-----BEGIN PGP SIGNATURE-----\n${fill('x\n', size)}`,
    'source lines': (size) => fill('Source: https://example.invalid/a\n', size) + bulletin,
    'title lines': (size) => fill('Qubes Security Bulletin 901\n', size),
  },
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

async function read(input: string, format: Format): Promise<void> {
  await unwrap(input, { format, path: 'probe' }).catch(() => undefined)
}

describe('linearity of the container readers (1×, 4×, 16× within 2× of linear)', () => {
  for (const [format, byShape] of Object.entries(shapes) as [Exclude<Format, 'secpack'>, Record<string, (size: number) => string>][]) {
    it.each(Object.keys(byShape))(`${format}: %s`, async (shape) => {
      const make = byShape[shape] as (size: number) => string
      const result = await scaling(make, (input) => read(input, format), bases[format])
      const report = `${format} ${shape}: ${result.times.map((time) => `${time.toFixed(1)} ms`).join(', ')} CPU`
      if (process.env.LINEARITY_REPORT) console.log(`${report}; ×4 ${result.excess[0].toFixed(2)}, ×16 ${result.excess[1].toFixed(2)} of linear`)
      expect(Math.max(...result.excess), report).toBeLessThanOrEqual(2)
    }, 120_000)
  }

  it('a 64 KiB post full of setext underlines (88 s before) parses in seconds', async () => {
    const post = shapes.markdown['setext underlines (=)']?.(64 * 1024) as string
    const started = process.cpuUsage()
    const [found] = await unwrap(post, { format: 'markdown', path: 'setext.md' })
    const used = process.cpuUsage(started)
    expect(found?.text).toBe(bulletin)
    expect((used.user + used.system) / 1e6).toBeLessThan(10)
  }, 60_000)
})
