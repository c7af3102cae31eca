/**
 * OSV export: records validate against the OSV JSON Schema (read from
 * `../shared/osv` at test time), with ids in the prefix the specification
 * reserves for databases OSV.dev does not aggregate.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import type { Bulletin } from '../src/record/schema.js'
import { osvId, toOsv } from '../src/secpack/index.js'
import { corpus, corpusFiles, corpusPath } from './helpers/corpus.js'
import { itWith, osvSchema, osvSchemaPath } from './helpers/needs.js'


function validator(): (record: unknown) => string[] {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false })
  addFormats.default(ajv)
  const validate = ajv.compile(JSON.parse(readFileSync(osvSchemaPath, 'utf8')) as object)
  return (record) => (validate(record) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`))
}

const fixture = (name: string): Bulletin =>
  parse(readFileSync(resolve(import.meta.dirname, '../fixtures/bulletins', name)), { path: name }) as Bulletin

describe('OSV export', () => {
  it('uses the x_ prefix for an unregistered database', () => {
    expect(osvId(80)).toBe('x_QSB-080')
    expect(toOsv(fixture('qsb-112-2025.txt')).id).toBe('x_QSB-112')
  })

  it('maps the fields', () => {
    const record = toOsv(fixture('qsb-023-2016.txt'), { url: 'https://example.org/qsb-023-2016.txt' })
    expect(record.published).toBe('2016-09-07T00:00:00Z')
    expect(record.modified).toBe('2016-09-09T00:00:00Z')
    expect(record.aliases).toEqual(['XSA-52', 'XSA-53', 'XSA-54', 'XSA-57', 'XSA-87', 'XSA-232', 'XSA-233', 'CVE-2016-7777', 'CVE-2016-10013'])
    expect(record.related).toEqual(['XSA-120', 'XSA-124', 'XSA-226', 'XSA-227', 'XSA-228', 'XSA-229', 'XSA-230', 'XSA-231'])
    expect(record.summary).toBe('Xen hypervisor bugs in the event channel and grant table code (XSA 52-54, XSA 57, XSA87)')
    expect(record.details).toMatch(/^Quick Summary\n\nThe Xen Security Team published/)
    expect(record.references[0]).toEqual({ type: 'ADVISORY', url: 'https://example.org/qsb-023-2016.txt' })
    expect(record.database_specific.qsb).toBe(23)
    const credited = toOsv(fixture('qsb-112-2025.txt')).credits
    expect(credited).toEqual([{ name: 'A. Researcher', type: 'REPORTER' }])
  })

  itWith([osvSchema], 'fixture records validate against the OSV schema', () => {
    const validate = validator()
    for (const name of ['qsb-001-2012.txt', 'qsb-023-2016.txt', 'qsb-047-2019.txt', 'qsb-112-2025.txt']) {
      expect(validate(toOsv(fixture(name))), name).toEqual([])
    }
  })

  itWith([osvSchema, corpus('secpack')], 'every corpus bulletin gives a valid OSV record', () => {
    const validate = validator()
    const problems: string[] = []
    for (const name of corpusFiles('secpack/QSBs', /^qsb-\d{3}-\d{4}\.txt$/)) {
      const bulletin = parse(readFileSync(corpusPath('secpack/QSBs', name)), { path: name }) as Bulletin
      const record = toOsv(bulletin, { url: `https://github.com/QubesOS/qubes-secpack/blob/main/QSBs/${name}` })
      for (const problem of validate(record)) problems.push(`${name}: ${problem}`)
    }
    expect(problems).toEqual([])
  })
})
