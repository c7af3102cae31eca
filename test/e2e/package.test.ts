/**
 * The package as users get it (packed and installed offline into an empty
 * project by the e2e setup, helpers/packed.ts): imported from ESM and CJS,
 * type-checked by a consumer under `nodenext`, `bundler` and CommonJS
 * resolution, its `qsb` command run, and its tarball holding only what users
 * need.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { fingerprints, fixture } from '../helpers/keys.js'
import { run, root } from '../helpers/packed.js'

const tsc = join(root, 'node_modules/typescript/bin/tsc')

/** A small synthetic bulletin. */
const bulletin = `
             ---===[ Qubes Security Bulletin 950 ]===---

                             2025-02-18

              A flaw in the qrexec policy helper (XSA-470)

Patching
---------

The following packages contain security updates that address the
vulnerabilities described in this bulletin:

  For Qubes 4.2, in dom0:
  - Xen packages, version 4.17.5-3

--
The Qubes Security Team
https://www.qubes-os.example/security/
`
const expected = {
  kind: 'bulletin',
  number: 950,
  date: '2025-02-18',
  xsas: [470],
  patches: [{ release: '4.2', domain: 'dom0', condition: null, packages: [{ name: 'Xen packages', version: '4.17.5-3' }] }],
}

// Packed and installed once per run by the e2e setup (test/e2e/setup.ts, helpers/packed.ts).
const packed = inject('packed')
const project = join(packed.consumer, 'package-test')

function ok(result: ReturnType<typeof run>): string {
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
  return result.stdout
}

beforeAll(() => {
  mkdirSync(project)
  writeFileSync(join(project, 'qsb-950-2025.txt'), bulletin)
})

describe('the packed package', () => {
  it('holds only what users need: the build, the schemas, docs and guides, README, CHANGELOG, LICENSE', () => {
    const paths = packed.files
    const allowed = /^(?:dist\/(?:cli\/|backend\/)?[^/]+|docs\/[^/]+\.(?:schema\.json|md)|docs\/guides\/[^/]+\.md|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/
    expect(paths.filter((path) => !allowed.test(path))).toEqual([])
    const entries = ['index', 'parse', 'verify'].flatMap((name) => ['.js', '.cjs', '.d.ts', '.d.cts'].map((extension) => `dist/${name}${extension}`))
    const backends = ['node', 'web'].flatMap((name) => [`dist/backend/${name}.js`, `dist/backend/${name}.cjs`])
    const rest = ['dist/cli/qsb.js', 'docs/record.schema.json', 'docs/verification.schema.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.json']
    expect(paths).toEqual(expect.arrayContaining([...entries, ...backends, ...rest]))
  })

  const use = (load: string): string => `${load}
const record = parse(readFileSync('qsb-950-2025.txt'), { path: 'qsb-950-2025.txt' })
const keyring = await loadKeyring({ secpack: ${JSON.stringify(fixture('secpack'))}, master: ${JSON.stringify(fingerprints.master)} })
const verification = await verifyFile(${JSON.stringify(fixture('secpack/QSBs/qsb-902-2022.txt'))}, keyring)
const { kind, number, date, xsas, patches } = record
console.log(JSON.stringify({ record: { kind, number, date, xsas, patches }, authentic: verification.authentic, statuses: verification.signatures.map((signature) => signature.status) }))
`
  const want = { record: expected, authentic: true, statuses: ['good', 'good'] }

  it('imports from ESM, parses and verifies', () => {
    writeFileSync(join(project, 'use.mjs'), use(`import { readFileSync } from 'node:fs'\nimport { loadKeyring, parse, verifyFile } from 'qubes-secpack'`))
    expect(JSON.parse(ok(run(process.execPath, ['use.mjs'], project)))).toEqual(want)
  })

  it('requires from CJS, parses and verifies', () => {
    writeFileSync(join(project, 'use.cjs'), `(async () => {${use(`const { readFileSync } = require('node:fs')\nconst { loadKeyring, parse, verifyFile } = require('qubes-secpack')`)}})()`)
    expect(JSON.parse(ok(run(process.execPath, ['use.cjs'], project)))).toEqual(want)
  })

  const subpaths = (load: string, wrap: (code: string) => string): string => wrap(`${load}
const record = parse(readFileSync('qsb-950-2025.txt'), { path: 'qsb-950-2025.txt' })
const keyring = await readKeyring(['master.asc', 'security-team/alice.asc', 'security-team/bob.asc'].map((name) => ({ source: name, bytes: readFileSync(${JSON.stringify(fixture('secpack/keys'))} + '/' + (name === 'master.asc' ? 'master-key/' : '') + name) })), { master: ${JSON.stringify(fingerprints.master)} })
const document = readFileSync(${JSON.stringify(fixture('secpack/QSBs/qsb-902-2022.txt'))})
const signature = readFileSync(${JSON.stringify(fixture('secpack/QSBs/qsb-902-2022.txt.sig.alice'))})
const verification = await verifyDocument(document, [{ source: 'alice', bytes: signature, signer: 'alice' }], keyring)
console.log(JSON.stringify({ number: record.number, authentic: verification.authentic, schema: schema.$id }))
`)
  const subpathWant = { number: 950, authentic: true, schema: 'https://qubes-secpack.invalid/record.schema.json' }

  it('imports `qubes-secpack/parse`, `qubes-secpack/verify` and a JSON Schema from ESM', () => {
    const load = `import { readFileSync } from 'node:fs'
import { parse } from 'qubes-secpack/parse'
import { readKeyring, verifyDocument } from 'qubes-secpack/verify'
import { createRequire } from 'node:module'
const schema = createRequire(import.meta.url)('qubes-secpack/schemas/record.json')`
    writeFileSync(join(project, 'subpaths.mjs'), subpaths(load, (code) => code))
    expect(JSON.parse(ok(run(process.execPath, ['subpaths.mjs'], project)))).toEqual(subpathWant)
  })

  it('requires `qubes-secpack/parse`, `qubes-secpack/verify` and a JSON Schema from CJS', () => {
    const load = `const { readFileSync } = require('node:fs')
const { parse } = require('qubes-secpack/parse')
const { readKeyring, verifyDocument } = require('qubes-secpack/verify')
const schema = require('qubes-secpack/schemas/record.json')`
    writeFileSync(join(project, 'subpaths.cjs'), subpaths(load, (code) => `(async () => {${code}})()`))
    expect(JSON.parse(ok(run(process.execPath, ['subpaths.cjs'], project)))).toEqual(subpathWant)
  })

  it('runs `qsb --help` and `qsb parse` from node_modules/.bin', () => {
    const bin = join(packed.consumer, 'node_modules/.bin/qsb')
    const help = run(bin, ['--help'], project)
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/^Usage: qsb COMMAND \[options\] \[operands\]\n/)
    expect(help.stdout).toContain('parse FILE…|-')
    const [record] = JSON.parse(ok(run(bin, ['parse', '--json', 'qsb-950-2025.txt'], project))) as [Record<string, unknown>]
    expect(record).toMatchObject({ ...expected, file: 'qsb-950-2025.txt' })
  })
})

/** A consumer using types and functions; each `@ts-expect-error` fails the check if the types were `any`. */
const consumer = `import { type Bulletin, type Keyring, type QsbRecord, type Verification, loadKeyring, parse, readDocuments, verifyFile } from 'qubes-secpack'
import { parse as parseOnly, type Canary } from 'qubes-secpack/parse'
import { readKeyring, verifyDocument, type Signature } from 'qubes-secpack/verify'
import { Bulletin as BulletinSchema, TagRecord as TagRecordSchema, recordJsonSchema } from 'qubes-secpack/schema'
import type { TagRecord } from 'qubes-secpack'
import * as everything from 'qubes-secpack'
import * as parsing from 'qubes-secpack/parse'
import * as verifying from 'qubes-secpack/verify'

// The zod schemas are values only in qubes-secpack/schema: the other entries declare their types, never a value they lack.
export function schemas(value: unknown): TagRecord['status'] {
  const bulletin: Bulletin = BulletinSchema.parse(value)
  void bulletin, void recordJsonSchema()
  // @ts-expect-error: no zod schema in the main entry (only the type)
  void everything.Bulletin
  // @ts-expect-error: nor in qubes-secpack/parse
  void parsing.Bulletin
  // @ts-expect-error: nor in qubes-secpack/verify
  void verifying.Verification
  return TagRecordSchema.parse(value).status
}

export async function subpaths(bytes: Uint8Array): Promise<Signature['status'] | undefined> {
  const record = parseOnly(bytes)
  const canary: Canary | undefined = record.kind === 'canary' ? record : undefined
  void canary
  const keyring = await readKeyring([{ source: 'keys.asc', bytes }])
  const verification = await verifyDocument(bytes, [{ source: 'x.sig', bytes }], keyring)
  // @ts-expect-error: statuses are a closed set
  const wrong: Signature['status'] = 'fine'
  void wrong
  return verification.signatures[0]?.status
}

export function numberOf(text: string): number {
  const record: QsbRecord = parse(text, { path: 'qsb-950-2025.txt' })
  if (record.kind === 'bulletin') {
    const bulletin: Bulletin = record
    const release: string | null | undefined = bulletin.patches[0]?.release
    // @ts-expect-error: XSAs are numbers
    const xsas: string[] = bulletin.xsas
    void release, void xsas
  }
  // @ts-expect-error: a canary has no patches
  if (record.kind === 'canary') void record.patches
  return record.number
}

export async function authentic(path: string): Promise<boolean> {
  const keyring: Keyring = await loadKeyring({ secpack: '.' })
  const verification: Verification = await verifyFile(path, keyring)
  const [document] = await readDocuments('text', { path: 'post.md' })
  // @ts-expect-error: the option is \`path\`, not \`name\`
  parse('text', { name: 'x' })
  return verification.authentic && document !== undefined
}
`

describe('type-checking a consumer', () => {
  // Library files are checked too (`skipLibCheck: false`): an error in the package's declarations fails.
  const strict = { target: 'es2022', lib: ['es2023'], types: ['node'], strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: false }
  it.each([
    ['ESM, nodenext', 'module', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['bundler', 'module', { module: 'esnext', moduleResolution: 'bundler' }],
    ['CommonJS, nodenext', 'commonjs', { module: 'nodenext', moduleResolution: 'nodenext' }],
  ] as const)('%s', (name, type, options) => {
    const dir = join(project, name.replace(/\W+/g, '-'))
    mkdirSync(dir)
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }))
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...strict, ...options }, files: ['consumer.ts'] }))
    writeFileSync(join(dir, 'consumer.ts'), consumer)
    const errors = run(process.execPath, [tsc, '-p', dir], dir).stdout.split('\n').filter((line) => /error TS\d+/.test(line))
    // Our declarations do not import openpgp's (whose own import an optional peer nobody installs).
    expect(errors).toEqual([])
  })
})
