/**
 * What a web app ships: files importing the installed package's browser-safe
 * subpaths, bundled by esbuild for the browser and minified, with no stubs
 * and no Node built-ins. Prints each bundle's minified and gzipped size; holds
 * `parse` alone to 60 KB gzipped.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { bundleForBrowser, foreignImports, largest, type Sizes, shipped, sizes, splitSizes } from '../helpers/bundle.js'

const dir = join(inject('packed').consumer, 'bundle')

/** The consumers: what each imports. */
const cases = {
  parse: `export { parse } from 'qubes-secpack/parse'\n`,
  readDocuments: `export { readDocuments } from 'qubes-secpack/parse'\n`,
  verify: `export { readKeyring, verifyDocument } from 'qubes-secpack/verify'\n`,
}

/** Packages `parse` must not carry: validation, OpenPGP, git, and the lazily loaded container readers. */
const notInParse = /node_modules\/(?:zod|openpgp|isomorphic-git|micromark[^/]*|mdast-[^/]+|hast-[^/]+|parse5|postal-mime|yaml)\//

beforeAll(() => {
  mkdirSync(dir)
  for (const [name, code] of Object.entries(cases)) writeFileSync(join(dir, `${name}.js`), code)
})

describe('browser bundles of the installed package (esbuild, platform browser, minified)', () => {
  it.each(Object.keys(cases))('%s: builds with no Node built-in, no external and no warning', async (name) => {
    const bundle = await bundleForBrowser(dir, `${name}.js`, true)
    expect(foreignImports(bundle.metafile)).toEqual([])
    expect(bundle.warnings).toEqual([])
    // Every input is the package or a dependency installed beside it.
    expect(Object.keys(bundle.metafile.inputs).filter((path) => !path.includes('node_modules/'))).toEqual([`${name}.js`])
    const { bytes, gzip } = sizes(bundle.code)
    console.log(`bundle ${name}: ${(bytes / 1000).toFixed(1)} kB minified, ${(gzip / 1000).toFixed(1)} kB gzipped; largest inputs: ${largest(bundle.metafile, 5).join(', ')}`)
  })

  it('parse alone: at most 60 kB gzipped, without zod, openpgp, git or the container readers', async () => {
    const bundle = await bundleForBrowser(dir, 'parse.js', true)
    expect(shipped(bundle.metafile).filter((path) => notInParse.test(path))).toEqual([])
    expect(sizes(bundle.code).gzip).toBeLessThanOrEqual(60_000)
  })

  it('readDocuments with code splitting: the Markdown, HTML and mail readers load on first use, not with the page', async () => {
    const kB = (size: Sizes): string => `${(size.bytes / 1000).toFixed(1)} kB (${(size.gzip / 1000).toFixed(1)} kB gzipped)`
    const { initial, lazy } = await splitSizes(dir, 'readDocuments.js')
    console.log(`split readDocuments: first load ${kB(initial)}, on first use ${kB(lazy)}`)
    expect(initial.gzip).toBeLessThanOrEqual(60_000)
    expect(lazy.bytes).toBeGreaterThan(initial.bytes)
  })

  it('verify: WebCrypto’s backend, not Node’s', async () => {
    const inputs = shipped((await bundleForBrowser(dir, 'verify.js', false)).metafile)
    expect(inputs.filter((path) => path.includes('qubes-secpack/dist/backend/'))).toEqual(['../node_modules/qubes-secpack/dist/backend/web.js'])
  })
})
