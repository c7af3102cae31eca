/**
 * Signer names are folded (NFKD, marks removed, lowercase, trimmed) before
 * they are compared with a key's names. ASCII takes a shortcut past Unicode
 * normalization; the shortcut must give exactly what the full fold gives.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldName, ownerNames } from '../src/verify/identity.js'

const fullFold = (value: string): string => value.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().trim()

describe('foldName', () => {
  it.each([
    ['Joanna', 'joanna'],
    ['  Marek \t', 'marek'],
    ['Rutkowska', 'rutkowska'],
    ['Grégoire', 'gregoire'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['ﬁne', 'fine'],
    ['ŁUKASZ', 'łukasz'],
    ['', ''],
  ])('%s → %s', (value, folded) => {
    expect(foldName(value)).toBe(folded)
  })

  it('equals the full fold on any string, ASCII or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (value) => {
        expect(foldName(value)).toBe(fullFold(value))
      }),
      { numRuns: 3000 },
    )
  })

  it('folds the names a user id answers to', () => {
    expect(ownerNames({ name: 'Grégoire Example', email: 'Greg+qsb@example.org', comment: '', userId: 'Grégoire Example <Greg+qsb@example.org>' })).toEqual(['greg', 'gregoire'])
  })
})
