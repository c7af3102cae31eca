/**
 * `hasCleartext` reads bytes without decoding them (every document checked is
 * asked first). It must say yes exactly when `readCleartext` finds its BEGIN
 * line: a line, LF-separated with one CR before the LF dropped, that is the
 * BEGIN line once trailing spaces and tabs are dropped. Generated inputs mix
 * the marker, its near misses, line breaks and blanks in every order.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasCleartext, readCleartext } from '../src/verify/index.js'

const encoder = new TextEncoder()
const begin = '-----BEGIN PGP SIGNED MESSAGE-----'

/** Whether readCleartext found a BEGIN line (it may still refuse the message for other reasons). */
function readerSeesBegin(bytes: Uint8Array): boolean {
  try {
    readCleartext(bytes)
    return true
  } catch (error) {
    return !/No `-----BEGIN PGP SIGNED MESSAGE-----` line/.test((error as Error).message)
  }
}

const piece = fc.constantFrom(begin, begin.slice(0, -1), begin.slice(1), ` ${begin}`, '\n', '\r\n', '\r', ' ', '\t', '\u00a0', 'text', '-', '\n\n', 'é')

describe('hasCleartext', () => {
  it('agrees with readCleartext on where a message begins', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const bytes = encoder.encode(pieces.join(''))
        expect(hasCleartext(bytes)).toBe(readerSeesBegin(bytes))
      }),
      { numRuns: 3000 },
    )
  })

  it.each([
    [`${begin}\nHash: SHA256\n`, true],
    [`text\r\n${begin} \t\r\n`, true],
    [`${begin}`, true],
    [`${begin}\r`, false],
    [`${begin}\r \n`, false],
    [` ${begin}\n`, false],
    [`x${begin}\n`, false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(hasCleartext(encoder.encode(text))).toBe(expected)
    expect(readerSeesBegin(encoder.encode(text))).toBe(expected)
  })
})
