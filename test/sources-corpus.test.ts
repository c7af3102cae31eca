/**
 * `sources/` on the real corpus: the website's posts give back the secpack's
 * bytes exactly, as Markdown and rendered to HTML; the scraped repost is cut
 * at its banner and called lossy; every secpack file unwraps to itself.
 */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { detectFormat, type Unwrapped, unwrap } from '../src/sources/index.js'
import { corpus, corpusFiles, corpusPath } from './helpers/corpus.js'
import { describeWith } from './helpers/needs.js'
import { render } from './helpers/render.js'

/** Posts that embed a whole bulletin, and the secpack file each reproduces. */
const posts: [string, string][] = [
  ['2017-08-15-qsb-32.md', 'qsb-032-2017.txt'],
  ['2022-06-09-qsb-080.md', 'qsb-080-2022.txt'],
  ['2023-03-21-qsb-088.md', 'qsb-088-2023.txt'],
]
const secpack = (name: string): Buffer => readFileSync(corpusPath('secpack/QSBs', name))
const post = (name: string): Buffer => readFileSync(corpusPath('posts', name))

async function only(input: Uint8Array | string, path: string): Promise<Unwrapped> {
  const found = await unwrap(input, { path })
  expect(found).toHaveLength(1)
  return found[0] as Unwrapped
}


describeWith([corpus('posts'), corpus('secpack')], 'corpus: website posts', () => {
  it.each(posts)('%s recovers %s byte for byte', async (name, file) => {
    const unwrapped = await only(post(name), name)
    expect(unwrapped.format).toBe('markdown')
    expect(unwrapped.fidelity).toBe('exact')
    expect(Buffer.from(unwrapped.bytes).equals(secpack(file))).toBe(true)
    expect(unwrapped.hints.date).toBe(name.slice(0, 10))
  })

  it('2023-03-21-qsb-088.md carries both signatures, as in the secpack, with their signers', async () => {
    const unwrapped = await only(post('2023-03-21-qsb-088.md'), '2023-03-21-qsb-088.md')
    expect(unwrapped.signatures.map((signature) => signature.signer)).toEqual(['marmarek', 'simon'])
    for (const signature of unwrapped.signatures) {
      const file = secpack(`qsb-088-2023.txt.sig.${signature.signer}`)
      expect(Buffer.from(signature.bytes).toString('utf8')).toBe(file.toString('utf8'))
    }
    expect(unwrapped.signatures.map((signature) => signature.source)).toEqual([
      '2023-03-21-qsb-088.md:128',
      '2023-03-21-qsb-088.md:151',
    ])
    expect(unwrapped.hints.url).toBe('https://github.com/QubesOS/qubes-secpack/blob/master/QSBs/qsb-088-2023.txt')
  })

  it.each(posts.flatMap(([name, file]) => [[name, file, false] as const, [name, file, true] as const]))(
    '%s rendered to HTML (highlighted: %s) still recovers %s byte for byte',
    async (name, file, highlight) => {
      const html = render(post(name), highlight)
      expect(detectFormat(html)).toBe('html')
      const unwrapped = await only(html, `${name}.html`)
      expect(unwrapped.format).toBe('html')
      expect(unwrapped.fidelity).toBe('exact')
      expect(Buffer.from(unwrapped.bytes).equals(secpack(file))).toBe(true)
    },
  )

  it('the rendered QSB-088 page carries both signatures with their signers', async () => {
    const unwrapped = await only(render(post('2023-03-21-qsb-088.md'), true), 'qsb-088.html')
    expect(unwrapped.signatures.map((signature) => signature.signer)).toEqual(['marmarek', 'simon'])
    for (const signature of unwrapped.signatures) {
      expect(Buffer.from(signature.bytes).equals(secpack(`qsb-088-2023.txt.sig.${signature.signer}`))).toBe(true)
    }
  })

  it('a post that only redirects has no bulletin text: a value that says where the text is', async () => {
    const path = corpusPath('posts', '2016-12-13-canary-10.md')
    const found = await unwrap(readFileSync(path), { path })
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ format: 'markdown', fidelity: 'lossy', text: '', signatures: [] })
    expect(found[0]?.redirect).toContain('canaries/canary-010-2016.txt')
    expect(found[0]?.bytes.byteLength).toBe(0)
  })
})

describeWith([corpus('seeds')], 'corpus: the scraped repost of QSB-100', () => {
  it('unwraps to a lossy text starting at its banner, without the site text around it', async () => {
    const path = corpusPath('seeds', '004_7cff213ec2b1fc02.txt')
    const input = readFileSync(path)
    expect(detectFormat(input)).toBe('plain')
    const unwrapped = await only(input, path)
    expect(unwrapped.format).toBe('plain')
    expect(unwrapped.fidelity).toBe('lossy')
    expect(unwrapped.text.startsWith('---===[ Qubes Security Bulletin 100 ]===---\n')).toBe(true)
    expect(unwrapped.text.trimEnd().endsWith('The Qubes Security Team')).toBe(true)
    expect(unwrapped.text).not.toContain('Source:')
    expect(unwrapped.text).not.toContain('PGP signature')
    // The span is the text in the input: from the banner line to the sign-off line.
    expect(input.toString('utf8').slice(unwrapped.span.start.offset, unwrapped.span.end.offset)).toBe(unwrapped.text)
    expect(unwrapped.span.start.column).toBe(1)
    expect(unwrapped.hints.url).toBe('https://github.com/QubesOS/qubes-secpack/blob/main/QSBs/qsb-100-2024.txt')
    expect(unwrapped.signatures).toEqual([])
  })
})

describeWith([corpus('secpack')], 'corpus: secpack files', () => {
  const files = [
    ...corpusFiles('secpack/QSBs', /^qsb-\d{3}-\d{4}\.txt$/).map((name) => `secpack/QSBs/${name}`),
    ...corpusFiles('secpack/canaries', /^canary-\d{3}-\d{4}\.txt$/).map((name) => `secpack/canaries/${name}`),
  ]

  it.each(files)('%s is secpack text and unwraps to itself, exact', async (name) => {
    const input = readFileSync(corpusPath(name))
    expect(detectFormat(input)).toBe('secpack')
    const unwrapped = await only(input, name)
    expect(unwrapped.fidelity).toBe('exact')
    expect(Buffer.from(unwrapped.bytes).equals(input)).toBe(true)
  })

  it.each(files)('%s pasted after a mail greeting is still found, exact among its readings', async (name) => {
    const input = readFileSync(corpusPath(name))
    const paste = `Hi all,\n\nhere is the text as published:\n\n${input.toString('utf8')}\n-- \nsent from a phone\n`
    const unwrapped = await only(paste, 'paste.txt')
    expect(unwrapped.fidelity).toBe('exact')
    const readings = [unwrapped.bytes, ...unwrapped.alternatives].map((bytes) => Buffer.from(bytes))
    expect(readings.some((bytes) => bytes.equals(input))).toBe(true)
  })
})
