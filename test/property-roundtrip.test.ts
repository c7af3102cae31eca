/**
 * Round trip: a generated bulletin, rendered in the exact secpack layout,
 * parses back to what the model says — number, date, title, headings,
 * advisories, CVEs, patches and references — with no warning.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import type { Bulletin } from '../src/record/schema.js'
import { bulletinModel, expected, render } from './helpers/render-bulletin.js'

describe('parse(render(model))', () => {
  it('reads back every field the model sets', () => {
    fc.assert(
      fc.property(bulletinModel, (model) => {
        const want = expected(model)
        const record = parse(render(model), { path: 'generated.txt' }) as Bulletin
        expect(record.kind).toBe('bulletin')
        expect({
          number: record.number,
          date: record.date,
          title: record.title,
          headings: record.sections.map((section) => section.heading),
          xsas: record.xsas,
          cves: record.cves,
          patches: record.patches,
          references: record.references,
        }).toEqual(want)
        expect(record.source).toEqual({ format: 'secpack', fidelity: 'exact', partial: false })
      }),
      { numRuns: 500 },
    )
  })

  it('reports nothing but the wrapped title as worth a message', () => {
    fc.assert(
      fc.property(bulletinModel, (model) => {
        const record = parse(render(model), { path: 'generated.txt' })
        const rules = record.diagnostics.map((diagnostic) => diagnostic.ruleId)
        expect(rules.filter((rule) => rule !== 'wrapped-title')).toEqual([])
      }),
      { numRuns: 100 },
    )
  })
})
