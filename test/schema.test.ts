/**
 * The JSON Schemas in `docs/` are generated from the zod schemas; this test
 * keeps them in step (regenerate with `UPDATE=1`), and checks that records
 * validate against them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { recordJsonSchema } from '../src/record/json-schema.js'
import {
  acceptJsonSchema,
  digestJsonSchema,
  historyJsonSchema,
  keysJsonSchema,
  scanJsonSchema,
  tagsJsonSchema,
} from '../src/secpack/json-schema.js'
import { commandJsonSchema } from '../src/cli/schema.js'
import { verificationJsonSchema } from '../src/verify/schema.js'

const docs = resolve(import.meta.dirname, '../docs')

function inStep(name: string, schema: unknown): void {
  const path = resolve(docs, name)
  const json = `${JSON.stringify(schema, null, 2)}\n`
  if (process.env.UPDATE === '1' || !existsSync(path)) writeFileSync(path, json)
  expect(readFileSync(path, 'utf8'), `${name} is stale: run UPDATE=1 npx vitest run test/schema.test.ts`).toBe(json)
}

describe('JSON Schemas', () => {
  it('docs/record.schema.json is generated from the record schema', () => {
    inStep('record.schema.json', recordJsonSchema())
  })

  it('docs/verification.schema.json is generated from the verification schema', () => {
    inStep('verification.schema.json', verificationJsonSchema())
  })

  it('docs/history.schema.json and docs/scan.schema.json are generated from the secpack schemas', () => {
    inStep('history.schema.json', historyJsonSchema())
    inStep('scan.schema.json', scanJsonSchema())
  })

  it('docs/{parse,match,index,lint}.schema.json are generated from the command record schemas', () => {
    for (const name of ['parse', 'match', 'index', 'lint'] as const) inStep(`${name}.schema.json`, commandJsonSchema(name))
  })

  it('the command table’s verification, scan, history, tags, keys and digest schemas are the library’s', () => {
    expect(commandJsonSchema('verification')).toEqual(verificationJsonSchema())
    expect(commandJsonSchema('scan')).toEqual(scanJsonSchema())
    expect(commandJsonSchema('history')).toEqual(historyJsonSchema())
    expect(commandJsonSchema('tags')).toEqual(tagsJsonSchema())
    expect(commandJsonSchema('keys')).toEqual(keysJsonSchema())
    expect(commandJsonSchema('digest')).toEqual(digestJsonSchema())
  })

  it('every record’s `error` has one shape: { message, ruleId, line, column }', () => {
    const strip = (definition: unknown): unknown =>
      JSON.parse(JSON.stringify(definition, (key, value: unknown) => (key === 'description' || key === 'id' ? undefined : value)))
    const entry = (scanJsonSchema() as { $defs: Record<string, unknown> }).$defs.EntryError
    const verification = (verificationJsonSchema() as { $defs: Record<string, unknown> }).$defs.VerificationError
    expect(entry).toBeDefined()
    expect(strip(verification)).toEqual(strip(entry))
    expect(Object.keys((entry as { properties: object }).properties)).toEqual(['message', 'ruleId', 'line', 'column'])
  })

  it('docs/tags, keys, digest and accept schemas are generated from the checkout schemas', () => {
    inStep('tags.schema.json', tagsJsonSchema())
    inStep('keys.schema.json', keysJsonSchema())
    inStep('digest.schema.json', digestJsonSchema())
    inStep('accept.schema.json', acceptJsonSchema())
  })

  it.each([
    ['record', recordJsonSchema],
    ['verification', verificationJsonSchema],
    ['history', historyJsonSchema],
    ['scan', scanJsonSchema],
    ['parse', () => commandJsonSchema('parse')],
    ['match', () => commandJsonSchema('match')],
    ['index', () => commandJsonSchema('index')],
    ['lint', () => commandJsonSchema('lint')],
    ['tags', tagsJsonSchema],
    ['keys', keysJsonSchema],
    ['digest', digestJsonSchema],
    ['accept', acceptJsonSchema],
  ])('the %s schema describes every field', (_name, make) => {
    const schema = make() as { $defs: Record<string, { properties?: Record<string, { description?: string; $ref?: string }> }> }
    const undocumented: string[] = []
    for (const [type, definition] of Object.entries(schema.$defs)) {
      for (const [field, property] of Object.entries(definition.properties ?? {})) {
        if (!property.description && !property.$ref) undocumented.push(`${type}.${field}`)
      }
    }
    expect(undocumented).toEqual([])
  })
})

describe('command output against the shipped JSON Schemas', () => {
  it('qsb scan --ndjson, qsb keys --json and the accept file validate', async () => {
    const { main } = await import('../src/cli/main.js')
    const { memoryIo } = await import('./helpers/io.js')
    const { fingerprints, fixture } = await import('./helpers/keys.js')
    const Ajv2020 = (await import('ajv/dist/2020.js')).default
    const addFormats = (await import('ajv-formats')).default
    const ajv = new Ajv2020.default({ allErrors: true, strict: false })
    addFormats.default(ajv)
    const validator = (name: string) => ajv.compile(JSON.parse(readFileSync(resolve(docs, name), 'utf8')) as object)
    const scan = memoryIo()
    await main(['scan', '--ndjson', '--master', fingerprints.master as string, fixture('secpack')], scan)
    const validScan = validator('scan.schema.json')
    const lines = scan.out().trim().split('\n').map((line) => JSON.parse(line) as unknown)
    expect(lines.at(-1)).toMatchObject({ kind: 'checkout' })
    for (const line of lines) expect(validScan(line), JSON.stringify(validScan.errors)).toBe(true)
    const keys = memoryIo()
    await main(['keys', '--json', '--master', fingerprints.master as string, fixture('secpack')], keys)
    const validKey = validator('keys.schema.json')
    for (const key of JSON.parse(keys.out()) as unknown[]) expect(validKey(key), JSON.stringify(validKey.errors)).toBe(true)
    const validAccept = validator('accept.schema.json')
    expect(validAccept([{ signature: 'a.txt.sig.x', sha256: 'a'.repeat(64), status: 'bad', reason: 'known' }])).toBe(true)
    expect(validAccept([{ signature: 'a.txt.sig.x', status: 'good', reason: 'known' }])).toBe(false)
  })
})
