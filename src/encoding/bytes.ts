/**
 * Byte conversions that behave the same in Node and in a browser, without
 * Node's `Buffer`. `TextDecoder('latin1')` is no substitute: the Encoding
 * Standard maps that label to windows-1252, which changes bytes 0x80–0x9F,
 * and a header or armor check must see the bytes as they are.
 */

const chunk = 0x2000

/** ASCII reads the same as UTF-8 and as ISO-8859-1, and the platform's decoder is ~20× faster than building the string here. */
const asciiDecoder = new TextDecoder('utf-8')

/**
 * Read bytes one character per byte (ISO-8859-1), exactly.
 *
 * @param bytes
 *   Bytes.
 * @returns
 *   A string whose code units are the bytes.
 */
export function latin1(bytes: Uint8Array): string {
  const decoded = asciiDecoder.decode(bytes)
  // One character a byte and none replaced: every byte was ASCII (in UTF-8 a byte from 0x80 up is never
  // a character of its own: it joins a longer sequence, which shortens the text, or becomes U+FFFD).
  if (decoded.length === bytes.length && !decoded.includes('\uFFFD')) return decoded
  let text = ''
  for (let at = 0; at < bytes.length; at += chunk) {
    text += String.fromCharCode.apply(null, bytes.subarray(at, at + chunk) as unknown as number[])
  }
  return text
}

/**
 * The bytes of a string of one character per byte (the inverse of {@link latin1}).
 *
 * @param text
 *   Code units 0–255.
 * @returns
 *   The bytes (higher code units are cut to their low byte).
 */
export function fromLatin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index) & 0xff
  return bytes
}

/**
 * Bytes as lowercase hexadecimal.
 *
 * @param bytes
 *   Bytes.
 * @returns
 *   Two hex digits per byte.
 */
export function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (let index = 0; index < bytes.length; index++) hex += hexPairs[bytes[index] as number] as string
  return hex
}

const hexPairs = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const values = new Int16Array(128).fill(-1)
for (let index = 0; index < alphabet.length; index++) values[alphabet.charCodeAt(index)] = index

/** The value of a base64 character, or -1. */
function sextet(code: number): number {
  return code < 128 ? (values[code] as number) : -1
}

/**
 * Decode strict base64 (RFC 4648: the standard alphabet, `=` padding only at
 * the end, length a multiple of four).
 *
 * @param text
 *   The encoded text, without whitespace.
 * @returns
 *   The bytes, or null when the text is not strict base64.
 */
export function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const bytes = new Uint8Array((text.length / 4) * 3 - padding)
  let out = 0
  // Whole groups before the last one: four characters of the alphabet, three bytes.
  const whole = text.length - 4
  for (let at = 0; at < whole; at += 4) {
    const a = sextet(text.charCodeAt(at))
    const b = sextet(text.charCodeAt(at + 1))
    const c = sextet(text.charCodeAt(at + 2))
    const d = sextet(text.charCodeAt(at + 3))
    if ((a | b | c | d) < 0) return null
    const group = (a << 18) | (b << 12) | (c << 6) | d
    bytes[out++] = group >> 16
    bytes[out++] = (group >> 8) & 0xff
    bytes[out++] = group & 0xff
  }
  // The last group, where `=` may pad.
  if (text.length > 0) {
    let group = 0
    for (let index = 0; index < 4; index++) {
      const code = text.charCodeAt(whole + index)
      if (code === 61 /* = */ && index >= 4 - padding) {
        group <<= 6
        continue
      }
      const value = sextet(code)
      if (value < 0) return null
      group = (group << 6) | value
    }
    for (let shift = 16; shift >= 0 && out < bytes.length; shift -= 8) bytes[out++] = (group >> shift) & 0xff
  }
  return bytes
}

/**
 * How many bytes a string takes in UTF-8 (lone surrogates count as the three
 * bytes of U+FFFD, as `TextEncoder` writes them).
 *
 * @param text
 *   A string.
 * @returns
 *   Its UTF-8 length.
 */
export function utf8Length(text: string): number {
  let length = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) length += 1
    else if (code < 0x800) length += 2
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4
        index++
      } else length += 3
    } else length += 3
  }
  return length
}
