/**
 * The oldest Node that package.json `engines` admits, exactly that version,
 * installed at test time from the npm registry's `node` package (its install
 * script fetches the platform's binary): the installed tarball is
 * `require`d and `import`ed — every entry — and used (parse, the lazily loaded
 * Markdown, HTML and mail readers, a keyring, a verification), and `qsb` runs;
 * each gives what it gives on the Node running the tests.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { fingerprints, fixture } from '../helpers/keys.js'
import { describeWith, registry } from '../helpers/needs.js'
import { root, run, succeeded } from '../helpers/packed.js'

/** The lowest version `engines.node` admits (`>=20` → `20.0.0`); any other form of range fails here, to be handled on purpose. */
function oldestAdmitted(): string {
  const range = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim())
  if (!match) throw new Error(`engines.node is \`${range}\`: teach this test its oldest version`)
  return `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}`
}

/** A script using every entry; `load` brings `main`, `parse` and `verify` (the three entries' namespaces) into scope. */
const use = (load: string): string => `${load}
const { readFileSync } = await import('node:fs')
const names = { main: Object.keys(main).sort(), parse: Object.keys(parse).sort(), verify: Object.keys(verify).sort() }
const record = parse.parse(readFileSync(${JSON.stringify(fixture('bulletins/qsb-047-2019.txt'))}), { path: 'qsb-047-2019.txt' })
const reposts = {}
for (const name of ['post.md', 'page.html', 'mail-qp.eml', 'archive.mbox']) {
  const documents = await parse.readDocuments(readFileSync(${JSON.stringify(fixture('reposts'))} + '/' + name), { path: name })
  reposts[name] = documents.map((document) => [document.record.kind, document.record.number])
}
// A keyring from one entry, used by another: the entries share one copy of the verifier in both builds.
const keyring = await main.loadKeyring({ secpack: ${JSON.stringify(fixture('secpack'))}, master: ${JSON.stringify(fingerprints.master)} })
const file = await main.verifyFile(${JSON.stringify(fixture('secpack/QSBs/qsb-902-2022.txt'))}, keyring)
const bytes = readFileSync(${JSON.stringify(fixture('secpack/QSBs/qsb-902-2022.txt'))})
const signature = { source: 'alice', signer: 'alice', bytes: readFileSync(${JSON.stringify(fixture('secpack/QSBs/qsb-902-2022.txt.sig.alice'))}) }
const good = await verify.verifyDocument(bytes, [signature], keyring)
const changed = Uint8Array.from(bytes)
changed[0] ^= 1
const bad = await verify.verifyDocument(changed, [signature], keyring)
console.log(JSON.stringify({
  names,
  record: { kind: record.kind, number: record.number, date: record.date, xsas: record.xsas },
  reposts,
  file: file.signatures.map((item) => [item.signer, item.status]),
  document: [good.authentic, good.signatures[0].status, bad.authentic, bad.signatures[0].status],
}))
`

const commonjs = `(async () => {${use(`const main = require('qubes-secpack')
const parse = require('qubes-secpack/parse')
const verify = require('qubes-secpack/verify')`)}})()`

const esm = use(`const main = await import('qubes-secpack')
const parse = await import('qubes-secpack/parse')
const verify = await import('qubes-secpack/verify')`)

describeWith([registry()], `on the oldest Node that engines admits (${oldestAdmitted()}, from the npm registry)`, () => {
  const version = oldestAdmitted()
  const dir = join(inject('packed').consumer, 'oldest')
  const temp = mkdtempSync(join(tmpdir(), 'qsb-node-'))
  const node = join(temp, 'node_modules/node/bin/node')

  beforeAll(() => {
    mkdirSync(dir)
    writeFileSync(join(dir, 'use.cjs'), commonjs)
    writeFileSync(join(dir, 'use.mjs'), esm)
    writeFileSync(join(temp, 'package.json'), JSON.stringify({ name: 'oldest-node', private: true }))
    succeeded(run('npm', ['install', '--no-audit', '--no-fund', `node@${version}`], temp, 600_000))
  })

  afterAll(() => {
    rmSync(temp, { recursive: true, force: true })
  })

  it('is that exact version', () => {
    expect(succeeded(run(node, ['--version'], dir)).trim()).toBe(`v${version}`)
  })

  it.each([
    ['require()', 'use.cjs'],
    ['import()', 'use.mjs'],
  ])('%s of every entry works, and gives what the current Node gives', (_, script) => {
    const oldest = JSON.parse(succeeded(run(node, [script], dir))) as Record<string, unknown>
    const current = JSON.parse(succeeded(run(process.execPath, [script], dir))) as Record<string, unknown>
    expect(oldest).toEqual(current)
    expect(oldest).toMatchObject({
      record: { kind: 'bulletin', number: 47 },
      reposts: { 'post.md': [['bulletin', 901]], 'page.html': [['bulletin', 901]], 'mail-qp.eml': [['bulletin', 901]], 'archive.mbox': [['bulletin', 901], ['bulletin', 901]] },
      file: [
        ['alice', 'good'],
        ['bob', 'good'],
      ],
      document: [true, 'good', false, 'bad'],
    })
  })

  it('runs qsb', () => {
    const bin = join(dir, '../node_modules/qubes-secpack/dist/cli/qsb.js')
    const [record] = JSON.parse(succeeded(run(node, [bin, 'parse', '--json', fixture('bulletins/qsb-047-2019.txt')], dir))) as [Record<string, unknown>]
    expect(record).toMatchObject({ kind: 'bulletin', number: 47 })
    const document = fixture('secpack/QSBs/qsb-902-2022.txt')
    const verified = succeeded(run(node, [bin, 'verify', '--master', fingerprints.master as string, document], dir))
    expect(verified).toMatch(/: AUTHENTIC\n {2}GOOD +alice .*\n(?: {4,}.*\n)+ {2}GOOD +bob /)
  })
})
