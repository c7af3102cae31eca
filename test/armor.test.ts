/**
 * `scanArmor` refuses malformed armor with the first problem in reading
 * order: a body line that is not base64 is named before anything found after
 * it (a wrong END line, text after the checksum, the end of the text). The
 * body is checked as base64 once per block, not line by line, so these cases
 * hold the order; generated blocks with one line damaged anywhere check it
 * against a line-by-line reading.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scanArmor } from '../src/verify/armor.js'

const body = ['iQEzBAABCAAdFiEEm6fKSzckNaCcBGiMnfsgKYp40ScFAmIeAAAACgkQnfsgKYp4', '0Sd0Tgf/Zm9v']
const block = (lines: string[], end = 'SIGNATURE'): string => ['-----BEGIN PGP SIGNATURE-----', '', ...lines, `-----END PGP ${end}-----`, ''].join('\n')

/** What scanArmor throws, or 'ok'. */
function outcome(text: string): string {
  try {
    scanArmor(text)
    return 'ok'
  } catch (error) {
    return (error as Error).message
  }
}

describe('scanArmor', () => {
  it.each([
    ['a bad line, then a wrong END line', block([body[0] as string, 'not base64!', body[1] as string], 'MESSAGE'), 'Unexpected `not base64!` in armored data (line 4)'],
    ['a bad line, then the end of the text', block([body[0] as string, 'not base64!']).split('-----END')[0] as string, 'Unexpected `not base64!` in armored data (line 4)'],
    ['a bad line, then text after the checksum', block(['not base64!', '=AAAA', 'more']), 'Unexpected `not base64!` in armored data (line 3)'],
    ['text after the checksum', block([body[0] as string, '=AAAA', 'more']), 'Unexpected text after the armor checksum (line 5)'],
    ['a wrong END line', block([body[0] as string], 'MESSAGE'), 'Unexpected `END PGP MESSAGE` closing a `BEGIN PGP SIGNATURE` block'],
    ['padding inside the data', block(['AA==', 'AAAA']), 'Unexpected armored data that is not valid base64 (block on line 1)'],
    ['no data', block([]), 'Unexpected armored data that is not valid base64 (block on line 1)'],
    ['a damaged checksum', block(['AAAA', '=AAAA']), 'Unexpected armor checksum mismatch (block on line 1): the data is damaged'],
  ])('%s', (_, text, message) => {
    expect(outcome(text)).toBe(message)
  })

  it('names the first bad line, wherever the damage and whatever follows it', () => {
    const line = fc.stringMatching(/^[A-Za-z0-9+/]{0,8}$/)
    const bad = fc.constantFrom('not base64!', 'AA AA', '-----', 'é', '==AA')
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.nat(), bad, fc.constantFrom('SIGNATURE', 'MESSAGE', null), (lines, at, damage, end) => {
        const position = at % lines.length
        const damaged = [...lines.slice(0, position), damage, ...lines.slice(position + 1)]
        const text = end === null ? ['-----BEGIN PGP SIGNATURE-----', '', ...damaged].join('\n') : block(damaged, end)
        const first = damaged.findIndex((value) => !/^[A-Za-z0-9+/]*={0,2}$/.test(value) && !/^=[A-Za-z0-9+/]{4}$/.test(value))
        expect(outcome(text)).toBe(`Unexpected \`${damaged[first]}\` in armored data (line ${first + 3})`)
      }),
      { numRuns: 500 },
    )
  })
})
