/**
 * Advisory and CVE names in every form bulletins write them, one case per
 * form, and the bounds that keep a stray number from becoming a range.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findCves, findXsas } from '../src/record/index.js'

describe('findXsas', () => {
  it.each([
    ['XSA-449', [449]],
    ['XSA 226 and XSA87', [87, 226]],
    ['XSAs 52-54', [52, 53, 54]],
    ['XSA-226 through XSA-230', [226, 227, 228, 229, 230]],
    ['XSAs 470–472', [470, 471, 472]],
    ['XSA 216, 217, 218', [216, 217, 218]],
    ['XSA 121 & 122', [121, 122]],
    ['Xen Security Advisory 226', [226]],
    ['see https://xenbits.xen.org/xsa/advisory-422.html', [422]],
    ['XSA\n226 (wrapped)', [226]],
    ['XSA 216,\n| 217 (a list wrapped into a quote)', [216, 217]],
    ['XSA-1 through XSA-400 (too long to be a range)', [1, 400]],
    ['XSA-4.2 is no advisory', []],
  ])('%s', (text, expected) => {
    expect(findXsas(text)).toEqual(expected)
  })
})

describe('findCves', () => {
  it.each([
    ['CVE-2025-0101', ['CVE-2025-0101']],
    ['cve-2025-0101 (any case)', ['CVE-2025-0101']],
    ['CVE-2025-1111, CVE-2024-22222 and CVE-2025-1111 again', ['CVE-2024-22222', 'CVE-2025-1111']],
    ['CVE-2025-1111 through CVE-2025-1113', ['CVE-2025-1111', 'CVE-2025-1112', 'CVE-2025-1113']],
    ['CVE-2025-1111 – CVE-2025-1113', ['CVE-2025-1111', 'CVE-2025-1112', 'CVE-2025-1113']],
    ['CVE-2025-1111 to\n| CVE-2025-1112', ['CVE-2025-1111', 'CVE-2025-1112']],
    ['CVE-2025-0999 through CVE-2025-1001', ['CVE-2025-0999', 'CVE-2025-1000', 'CVE-2025-1001']],
    ['CVE-2024-1111 through CVE-2025-1113 (two years: the ends only)', ['CVE-2024-1111', 'CVE-2025-1113']],
    ['CVE-2025-1000 through CVE-2025-9000 (too long: the ends only)', ['CVE-2025-1000', 'CVE-2025-9000']],
    ['CVE-2025-1113 through CVE-2025-1111 (backwards: the ends only)', ['CVE-2025-1111', 'CVE-2025-1113']],
    ['CVE-2025-1111-1113 is not a range of ids', ['CVE-2025-1111']],
  ])('%s', (text, expected) => {
    expect(findCves(text)).toEqual(expected)
  })

  it('finds every id of a list, in any order and separation', () => {
    const id = fc.tuple(fc.integer({ min: 1999, max: 2099 }), fc.integer({ min: 1, max: 9_999_999 })).map(([year, number]) => `CVE-${year}-${String(number).padStart(4, '0')}`)
    const separator = fc.constantFrom(', ', ' and ', '; ', '\n', ' (', ') ', ' / ')
    fc.assert(
      fc.property(fc.array(fc.tuple(id, separator), { minLength: 1, maxLength: 20 }), (parts) => {
        const text = parts.map(([cve, sep]) => cve + sep).join('')
        const expected = [...new Set(parts.map(([cve]) => cve))].sort((a, b) => {
          const [, ya, na] = a.split('-')
          const [, yb, nb] = b.split('-')
          return Number(ya) - Number(yb) || Number(na) - Number(nb)
        })
        expect(findCves(text)).toEqual(expected)
      }),
    )
  })
})
