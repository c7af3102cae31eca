/**
 * Dates in the forms bulletins write them, and in the forms one not yet
 * written may: the tokenizer takes the date line as a date exactly when the
 * record reader can read it, so a date never slips into the title.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import { parseDate, parseMonth } from '../src/record/index.js'
import type { Bulletin } from '../src/record/schema.js'
import { tokenize } from '../src/text/index.js'

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const abbreviations = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number): string => String(n).padStart(2, '0')

describe('parseDate', () => {
  it.each([
    ['2024-01-30', '2024-01-30'],
    ['May 12, 2011', '2011-05-12'],
    ['May  8, 2018', '2018-05-08'],
    ['January 5th, 2015', '2015-01-05'],
    ['Feb 19, 2025', '2025-02-19'],
    ['Sept. 3, 2025', '2025-09-03'],
    ['19 February 2025', '2025-02-19'],
    ['3rd March, 2025', '2025-03-03'],
    ['2025/02/19', '2025-02-19'],
    ['2025/2/9', '2025-02-09'],
    ['February 30, 2025', null],
    ['2025/13/01', null],
    ['Ma 5, 2025', null],
    ['Smarch 5, 2025', null],
  ])('%s → %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected)
  })

  it('a changelog date without a year takes the one given', () => {
    expect(parseDate('July 14', 2024)).toBe('2024-07-14')
  })

  it('parseMonth reads `January 2025`, `January, 2025` and `Jan. 2025`, and no month in other words', () => {
    expect(['the first weeks of January 2025', 'the first weeks of January, 2025', 'the first weeks of Jan. 2025'].map(parseMonth)).toEqual(['2025-01', '2025-01', '2025-01'])
    expect(['the first weeks of 2025', 'in summer 2025', 'at the Mark 2025 event', 'ma 2025'].map(parseMonth)).toEqual([null, null, null, null])
  })
})

describe('a date line in any form: the tokenizer and the reader agree', () => {
  const forms = [
    (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`,
    (y: number, m: number, d: number) => `${monthNames[m - 1]} ${d}, ${y}`,
    (y: number, m: number, d: number) => `${abbreviations[m - 1]} ${d}, ${y}`,
    (y: number, m: number, d: number) => `${d} ${monthNames[m - 1]} ${y}`,
    (y: number, m: number, d: number) => `${y}/${m}/${d}`,
  ]
  it('every form of every day is a date token, read as that day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2010-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.nat({ max: forms.length - 1 }), fc.constantFrom('', '   ', '\t'), (date, form, indent) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]
        const line = (forms[form] as (y: number, m: number, d: number) => string)(y, m, d)
        const [token] = tokenize(`${indent}${line}`)
        expect(token?.kind).toBe('date')
        expect(parseDate(line)).toBe(`${y}-${pad(m)}-${pad(d)}`)
      }),
    )
  })

  it.each(['19 February 2025', '2025/02/19', 'Feb 19, 2025'])('a bulletin dated `%s`: its date, and a title without it', (written) => {
    const record = parse(`
             ---===[ Qubes Security Bulletin 132 ]===---

                         ${written}

                    A title of its own

Summary
--------

Nothing (XSA-999).

--
The Qubes Security Team
https://www.qubes-os.example/security/
`) as Bulletin
    expect([record.date, record.title]).toEqual(['2025-02-19', 'A title of its own'])
    expect(record.diagnostics.filter((d) => d.ruleId === 'missing-date' || d.ruleId === 'invalid-date')).toEqual([])
  })
})
