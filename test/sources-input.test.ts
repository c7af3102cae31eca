/**
 * The decoded input's byte offsets: for any text (ASCII, accents, CJK, emoji)
 * and any offset that does not split a surrogate pair, asked in any order,
 * the byte offset is the UTF-8 length of the text before it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toInput } from '../src/sources/input.js'

describe('byte offsets of the decoded input', () => {
  it('are the UTF-8 length of the text before, in any order of asking', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), fc.array(fc.nat(), { maxLength: 40 }), (text, picks) => {
        const input = toInput(new TextEncoder().encode(text), undefined)
        if (!input.byteOffset) return
        for (const pick of picks) {
          let offset = pick % (input.value.length + 1)
          const code = input.value.charCodeAt(offset)
          if (code >= 0xdc00 && code <= 0xdfff) offset--
          expect(input.byteOffset(offset)).toBe(Buffer.byteLength(input.value.slice(0, offset)))
        }
      }),
      { numRuns: 300 },
    )
  })
})
