/**
 * The package in a real browser: a page built by esbuild (platform browser,
 * no stubs) from a script importing the installed package's
 * `qubes-secpack/parse` and `qubes-secpack/verify`, served from
 * http://localhost (a secure context, so WebCrypto is there) to headless
 * Chromium (Debian's `chromium`). The page parses every fixture bulletin to
 * the record Node gives, and verifies the fixture checkout (with tampered
 * copies), every adversarial signature and a fake checkout to Node's verdicts.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium as playwright, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { parse } from '../../src/parse.js'
import { readKeyring, verifyDocument } from '../../src/verify.js'
import { bundleForBrowser, shipped } from '../helpers/bundle.js'
import { fixture } from '../helpers/keys.js'
import { chromium, chromiumPath, describeWith } from '../helpers/needs.js'
import { fixtureSets, type VerificationSet } from '../helpers/verification-sets.js'

/** The page's script: the library's functions on `globalThis.qsb`, taking and giving JSON (bytes as base64). */
const pageScript = `import { parse } from 'qubes-secpack/parse'
import { readKeyring, verifyDocument } from 'qubes-secpack/verify'

const bytes = (base64) => Uint8Array.from(atob(base64), (character) => character.charCodeAt(0))
const json = (value) => JSON.parse(JSON.stringify(value))

globalThis.qsb = {
  context: () => ({ secure: globalThis.isSecureContext, subtle: typeof globalThis.crypto?.subtle?.verify, process: typeof globalThis.process, buffer: typeof globalThis.Buffer }),
  parse: (base64, path) => json(parse(bytes(base64), { path })),
  async verify(set, now) {
    const keyring = await readKeyring(set.keys.map((key) => ({ source: key.source, bytes: bytes(key.bytes) })), { master: set.master, now: new Date(now) })
    const documents = {}
    for (const document of set.documents) {
      const signatures = document.signatures.map((signature) => ({ ...signature, bytes: bytes(signature.bytes) }))
      documents[document.name] = await verifyDocument(bytes(document.bytes), signatures, keyring, { now: new Date(now), file: document.name })
    }
    return json({ keys: keyring.keys, diagnostics: keyring.diagnostics, documents })
  },
}
document.body.dataset.ready = 'yes'
`

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
const now = '2025-06-01T00:00:00.000Z'

/** A set with its bytes as base64, to hand to the page. */
function forPage(set: VerificationSet): unknown {
  return {
    keys: set.keys.map((key) => ({ source: key.source, bytes: base64(key.bytes) })),
    master: set.master,
    documents: set.documents.map((document) => ({
      name: document.name,
      bytes: base64(document.bytes),
      signatures: document.signatures.map((signature) => ({ ...signature, bytes: base64(signature.bytes) })),
    })),
  }
}

/** The same verification in Node (the sources, Node's crypto). */
async function inNode(set: VerificationSet): Promise<unknown> {
  const keyring = await readKeyring(set.keys, { master: set.master, now: new Date(now) })
  const documents: Record<string, unknown> = {}
  for (const document of set.documents) {
    documents[document.name] = await verifyDocument(document.bytes, document.signatures, keyring, { now: new Date(now), file: document.name })
  }
  return JSON.parse(JSON.stringify({ keys: keyring.keys, diagnostics: keyring.diagnostics, documents }))
}

describeWith([chromium], 'in headless Chromium, a page bundled from qubes-secpack/parse and qubes-secpack/verify', () => {
  const dir = join(inject('packed').consumer, 'browser')
  const profile = mkdtempSync(join(tmpdir(), 'qsb-chromium-'))
  const problems: string[] = []
  let server: Server
  let browser: BrowserContext
  let page: Page
  let inputs: string[] = []

  beforeAll(async () => {
    mkdirSync(dir)
    writeFileSync(join(dir, 'page.js'), pageScript)
    const bundle = await bundleForBrowser(dir, 'page.js', false)
    inputs = shipped(bundle.metafile)
    const files: Record<string, [string, string]> = {
      '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>qubes-secpack</title><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>'],
      '/page.js': ['text/javascript', bundle.code],
    }
    server = createServer((request, response) => {
      const file = files[request.url ?? '']
      response.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' })
      response.end(file?.[1] ?? 'not found')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    // Without the background-networking flags, Chromium's own connections are refused on this machine.
    browser = await playwright.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    page = await browser.newPage()
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    await page.goto(`http://localhost:${port}/`)
    await page.waitForSelector('body[data-ready="yes"]', { state: 'attached', timeout: 60_000 })
  })

  afterAll(async () => {
    await browser?.close()
    if (server) await new Promise((resolve) => server.close(resolve))
    rmSync(profile, { recursive: true, force: true })
  })

  it('is built from the installed package with WebCrypto’s backend, and runs in a secure context without Node’s globals', async () => {
    expect(inputs.filter((path) => path.includes('qubes-secpack/dist/backend/'))).toEqual(['../node_modules/qubes-secpack/dist/backend/web.js'])
    expect(inputs.filter((path) => path.includes('/src/'))).toEqual([])
    const context = await page.evaluate(() => (globalThis as unknown as { qsb: { context(): unknown } }).qsb.context())
    expect(context).toEqual({ secure: true, subtle: 'function', process: 'undefined', buffer: 'undefined' })
  })

  const bulletins = readdirSync(fixture('bulletins')).filter((name) => name.endsWith('.txt'))

  it.each(bulletins)('parses %s to the record Node gives', async (name) => {
    const bytes = readFileSync(fixture('bulletins', name))
    const record = await page.evaluate(([data, path]) => (globalThis as unknown as { qsb: { parse(data: string, path: string): unknown } }).qsb.parse(data, path), [base64(bytes), name] as const)
    expect(record).toEqual(JSON.parse(JSON.stringify(parse(bytes, { path: name }))))
    expect(problems).toEqual([])
  })

  it.each(fixtureSets().map((set) => [set.name, set] as const))('verifies %s to the verdicts Node gives', async (_, set) => {
    const verdicts = await page.evaluate(
      ([data, at]) => (globalThis as unknown as { qsb: { verify(set: unknown, now: string): Promise<unknown> } }).qsb.verify(data, at),
      [forPage(set), now] as const,
    )
    expect(verdicts).toEqual(await inNode(set))
    expect(problems).toEqual([])
    if (set.name !== 'fixture checkout') return
    // And those verdicts are the right ones: the originals authentic, each tampered copy bad.
    const documents = (verdicts as { documents: Record<string, { authentic: boolean; signatures: Array<{ status: string }> }> }).documents
    for (const [name, result] of Object.entries(documents)) {
      const tampered = name.startsWith('tampered: ')
      expect({ name, authentic: result.authentic, statuses: result.signatures.map((signature) => signature.status) }).toEqual({
        name,
        authentic: !tampered,
        statuses: tampered ? ['bad', 'bad'] : ['good', 'good'],
      })
    }
  })
})
