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
