/**
 * Synthetic bulletins and canaries in every style, compared as whole trees
 * (positions included) and whole records against the expected JSON next to
 * each input. Regenerate on purpose with `UPDATE=1 npx vitest run test/fixtures.test.ts`,
 * then read the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import { QsbRecord } from '../src/record/schema.js'
import { qsbRecord } from '../src/record/index.js'
import { fromQsb, qsbParse } from '../src/text/index.js'

const folder = resolve(import.meta.dirname, '../fixtures/bulletins')
const inputs = readdirSync(folder)
  .filter((name) => name.endsWith('.txt'))
  .sort()
const update = process.env.UPDATE === '1'

function expectJson(actual: unknown, path: string): void {
  const json = `${JSON.stringify(actual, null, 2)}\n`
  if (update || !existsSync(path)) writeFileSync(path, json)
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(path, 'utf8')))
}

describe('fixtures', () => {
  it('has fixtures of every kind', () => {
    expect(inputs.some((name) => name.startsWith('qsb-'))).toBe(true)
    expect(inputs.some((name) => name.startsWith('canary-'))).toBe(true)
  })

  it.each(inputs)('%s: tree', (name) => {
    const tree = fromQsb(new VFile({ path: name, value: readFileSync(join(folder, name)) }))
    expectJson(tree, join(folder, name.replace(/\.txt$/, '.tree.json')))
  })

  it.each(inputs)('%s: record', (name) => {
    const record = parse(readFileSync(join(folder, name)), { path: name })
    expect(QsbRecord.safeParse(record).success).toBe(true)
    expectJson(record, join(folder, name.replace(/\.txt$/, '.json')))
  })

  it('gives the same record through the unified plugins', () => {
    const name = inputs[0] as string
    const value = readFileSync(join(folder, name), 'utf8')
    const file = unified().use(qsbParse).use(qsbRecord).processSync(new VFile({ path: name, value }))
    expect(file.result).toEqual(parse(value, { path: name }))
  })
})
