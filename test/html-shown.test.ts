/**
 * Shown is verified on HTML pages: verified text the page hides from the
 * reader, and text the page shows inside the verified element that is not in
 * the verified bytes, are warnings on the record (JSON and human output); the
 * verdict on the bytes does not change, and a page with such a warning is
 * AUTHENTIC only with it.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { describe as describeVerification } from '../src/cli/commands/verify.js'
import { verifyRepost } from '../src/read/index.js'
import { loadKeyring } from '../src/read/node/index.js'
import type { EmbeddedVerification, Keyring } from '../src/verify/index.js'
import { fingerprints, fixture } from './helpers/keys.js'

const page = readFileSync(fixture('reposts/page.html'), 'utf8')
const patchingLine = '<span class="line">Patching</span>'
const restartLine = '<span class="line">Dom<span class="mi">0</span> must be restarted afterward in order for the updates to take</span>'
const preOpen = 'Qubes Security Bulletin 901</h2>\n<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>\n'

let keyring: Keyring
beforeAll(async () => {
  keyring = await loadKeyring({ secpack: fixture('secpack'), master: fingerprints.master })
})

async function check(html: string): Promise<EmbeddedVerification> {
  const [result] = await verifyRepost(new TextEncoder().encode(html), keyring, { path: 'page.html' })
  return result as EmbeddedVerification
}

/** Replace exactly one occurrence (the change must bite). */
function once(text: string, find: string, replace: string): string {
  expect(text.split(find)).toHaveLength(2)
  return text.replace(find, replace)
}

describe('a clean page', () => {
  it('is authentic with no warning', async () => {
    const result = await check(page)
    expect(result.authentic).toBe(true)
    expect(result.verified.warnings).toEqual([])
    expect(describeVerification(result, keyring)).toMatch(/^page\.html: AUTHENTIC\n/)
  })
})

describe('verified text the page hides', () => {
  it.each([
    ['display:none inline', restartLine, `<span style="color: red; display: none">${restartLine}</span>`, /display: none.*in its `style`.*line \d+/],
    ['the hidden attribute', restartLine, `<span hidden>${restartLine}</span>`, /`hidden` attribute/],
    ['aria-hidden', restartLine, `<span aria-hidden="true">${restartLine}</span>`, /aria-hidden="true"/],
    ['visibility:hidden', restartLine, `<span style="visibility:hidden">${restartLine}</span>`, /visibility:hidden/],
    ['a zero font size', restartLine, `<span style="font-size:0">${restartLine}</span>`, /font-size:0/],
    ['zero height', restartLine, `<span style="height: 0px; overflow: hidden; display: inline-block">${restartLine}</span>`, /height: 0px/],
    ['transparent text', restartLine, `<span style="color:transparent">${restartLine}</span>`, /color:transparent/],
    ['text moved off screen', restartLine, `<span style="position:absolute;left:-9999px">${restartLine}</span>`, /left:-9999/],
    ['a class the page’s own stylesheet hides', '</head>', '<style>@media screen { .post .quiet { opacity: 0 } }</style></head>', /\.post \.quiet \{ opacity: 0 \}/],
    ['a closed <details> around the block', preOpen, preOpen.replace('</h2>\n', '</h2>\n<details><summary>Show the bulletin</summary>'), /closed `<details>`/],
    ['the hidden attribute on an ancestor', '<article class="post">', '<article class="post" hidden>', /`hidden` attribute on article\.post/],
  ])('%s: a warning that names what hides it and where; still authentic', async (_what, find, replace, reason) => {
    let html = once(page, find, replace)
    if (find === '</head>') html = once(html, restartLine, `<span class="quiet">${restartLine}</span>`)
    if (find === preOpen) html = html.replace('</code></pre></div></div>\n', '</code></pre></div></div></details>\n')
    const result = await check(html)
    expect(result.authentic).toBe(true)
    expect(result.signatures.map((signature) => signature.status)).toEqual(['good', 'good'])
    expect(result.verified.warnings).toHaveLength(1)
    expect(result.verified.warnings[0]).toMatch(/the page hides verified text from the reader/)
    expect(result.verified.warnings[0]).toMatch(reason)
    // Human output: authentic only with the warning.
    const text = describeVerification(result, keyring)
    expect(text).toMatch(/^page\.html: AUTHENTIC, WITH WARNINGS: what the page shows is not exactly what was verified/)
    expect(text).toMatch(/\n {2}WARNING: the page hides verified text/)
    // JSON output carries it too.
    expect(JSON.parse(JSON.stringify(result)).verified.warnings).toEqual(result.verified.warnings)
  })

  it.each([
    ['half opacity', `<span style="opacity: 0.5">${restartLine}</span>`],
    ['a named font size', `<span style="font-size: small">${restartLine}</span>`],
    ['an automatic width', `<span style="width: auto">${restartLine}</span>`],
    ['aria-hidden="false"', `<span aria-hidden="false">${restartLine}</span>`],
  ])('%s hides nothing: no warning', async (_what, replace) => {
    const result = await check(once(page, restartLine, replace))
    expect(result.authentic).toBe(true)
    expect(result.verified.warnings).toEqual([])
  })
})

describe('shown text inside the verified element that is not in the verified bytes', () => {
  it('a copy button inside the text: a warning, authentic only with it', async () => {
    const result = await check(once(page, patchingLine, `<button class="copy">Copy to clipboard</button>${patchingLine}`))
    expect(result.authentic).toBe(true)
    expect(result.verified.warnings).toEqual([expect.stringMatching(/^the page shows “Copy to clipboard” \(button\.copy at page\.html:\d+\) inside the verified text; it is not part of the verified bytes$/)])
    expect(describeVerification(result, keyring)).toMatch(/AUTHENTIC, WITH WARNINGS/)
  })

  it('line numbers the page adds: each a warning', async () => {
    const html = once(once(page, patchingLine, `<span class="lineno">41</span>${patchingLine}`), restartLine, `<span class="lineno">58</span>${restartLine}`)
    const result = await check(html)
    expect(result.authentic).toBe(true)
    expect(result.verified.warnings).toHaveLength(2)
    expect(result.verified.warnings[0]).toMatch(/shows “41” \(span\.lineno/)
  })

  it('a button the page hides shows nothing: no warning', async () => {
    const result = await check(once(page, patchingLine, `<button hidden>Copy</button>${patchingLine}`))
    expect(result.verified.warnings).toEqual([])
  })
})

describe('a page that sends its reader elsewhere', () => {
  it('a meta refresh to another address: a warning naming where, when and the element; still authentic', async () => {
    const result = await check(once(page, '</head>', '<meta http-equiv="refresh" content="0; url=https://attacker.invalid/qsb-901"></head>'))
    expect(result.authentic).toBe(true)
    expect(result.signatures.map((signature) => signature.status)).toEqual(['good', 'good'])
    expect(result.verified.warnings).toEqual([
      expect.stringMatching(/^the page sends its reader to https:\/\/attacker\.invalid\/qsb-901 after 0 s \(a `<meta http-equiv="refresh">` at page\.html:\d+\): what it holds may never be shown$/),
    ])
    expect(describeVerification(result, keyring)).toMatch(/^page\.html: AUTHENTIC, WITH WARNINGS: .*\n(?:.*\n)* {2}WARNING: the page sends its reader to https:\/\/attacker\.invalid/)
  })

  it('a refresh that only reloads the page: no warning', async () => {
    const result = await check(once(page, '</head>', '<meta http-equiv="refresh" content="600"></head>'))
    expect(result.verified.warnings).toEqual([])
  })

  it('a page that only redirects: not verified, said as such', async () => {
    const html = '<!DOCTYPE html><html><head><title>Redirecting…</title><meta http-equiv="refresh" content="0; url=https://x.invalid/qsb-901/"></head><body><a href="https://x.invalid/qsb-901/">Click here</a></body></html>'
    const [result] = await verifyRepost(new TextEncoder().encode(html), keyring, { path: 'redirect.html' })
    expect(result).toMatchObject({ authentic: false, verdict: 'error', error: { ruleId: 'redirect' } })
    expect(result?.error?.message).toMatch(/only redirects to https:\/\/x\.invalid\/qsb-901\//)
  })
})

describe('the verified element is named', () => {
  it('with its path in the page, and the human output quotes the first and last verified lines', async () => {
    const result = await check(page)
    expect(result.verified.part).toMatchObject({ kind: 'element', name: '<pre> (body > article.post > div.language-plaintext > div.highlight > pre.highlight)' })
    const text = describeVerification(result, keyring)
    expect(text).toMatch(/checked: the exact html text in <pre> \(body > article\.post > .*\), lines 1\d–9\d of the input/)
    expect(text).toMatch(/\n {4}from: “---===\[ Qubes Security Bulletin 901 \]===---”\n {4}to: {3}“https:\/\/www\.qubes-os\.org\/security\/”/)
  })
})
