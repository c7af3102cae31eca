/**
 * `latin1` reads one character per byte, exactly, whatever the bytes: its
 * ASCII fast path (the platform's decoder) and its general path must agree
 * with the definition, including bytes 0x80–0x9F (which `TextDecoder('latin1')`
 * would turn into windows-1252 characters) and a UTF-8 byte order mark.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromBase64, fromLatin1, latin1, toHex } from '../src/encoding/bytes.js'

/** The definition, one byte at a time. */
const definition = (bytes: Uint8Array): string => Array.from(bytes, (byte) => String.fromCharCode(byte)).join('')

describe('latin1', () => {
  it('is one character per byte, for any bytes, and fromLatin1 inverts it', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.uint8Array({ min: 0, max: 0x7f, maxLength: 300 }),
      fc.tuple(fc.uint8Array({ min: 0, max: 0x7f, maxLength: 40_000 }), fc.uint8Array({ maxLength: 20_000 })).map(([a, b]) => Uint8Array.from([...a, ...b])),
    )
    fc.assert(
      fc.property(bytes, (input) => {
        const text = latin1(input)
        expect(text).toBe(definition(input))
        expect(fromLatin1(text)).toEqual(input)
      }),
      { numRuns: 300 },
    )
  })

  it('keeps a byte order mark, C1 controls and NUL as they are', () => {
    const input = Uint8Array.from([0xef, 0xbb, 0xbf, 0x80, 0x9f, 0x00, 0x41, 0xff])
    expect([...latin1(input)].map((character) => character.charCodeAt(0))).toEqual([...input])
    expect(latin1(Uint8Array.from([0x00, 0x41]))).toBe('\u0000A')
  })

  it('reads long inputs across its chunks (an ASCII head, then every byte value many times)', () => {
    const input = Uint8Array.from({ length: 70_000 }, (_, index) => (index < 30_000 ? 0x20 + (index % 95) : (index * 7) % 256))
    expect(latin1(input)).toBe(definition(input))
    expect(latin1(input.subarray(0, 30_000))).toBe(definition(input.subarray(0, 30_000)))
  })
})

/** Strict base64 by the definition: whole groups of the alphabet, `=` padding only at the end. */
const strict = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

describe('fromBase64 and toHex', () => {
  it('fromBase64 decodes exactly the strict base64 texts, as Node does, and refuses every other text', () => {
    const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n.é'.split(''))
    const texts = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 60 }), fc.nat(), alphabet).map(([bytes, at, character]) => {
        const text = Buffer.from(bytes).toString('base64')
        const index = at % text.length
        return text.slice(0, index) + character + text.slice(index + 1)
      }),
      fc.array(alphabet, { maxLength: 24 }).map((characters) => characters.join('')),
    )
    fc.assert(
      fc.property(texts, (text) => {
        const decoded = fromBase64(text)
        if (strict.test(text)) expect(decoded).toEqual(new Uint8Array(Buffer.from(text, 'base64')))
        else expect(decoded).toBeNull()
      }),
      { numRuns: 3000 },
    )
  })

  it('toHex writes two lowercase digits a byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'))
      }),
    )
  })
})
