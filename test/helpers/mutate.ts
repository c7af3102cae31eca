/**
 * Damage for property tests: edits of signed bytes.
 */
import fc from 'fast-check'

// ------------------------------------------------------------ byte edits --

/** One edit of a document's bytes; positions are taken modulo the length, so any edit applies to any document. */
export type ByteEdit =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'insert'; at: number; byte: number }
  | { kind: 'delete'; at: number }
  | { kind: 'crlf'; line: number }
  | { kind: 'trailing'; line: number; space: string }

/** Non-empty edits: each changes the bytes. */
export const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('crlf' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('trailing' as const), line: fc.nat(), space: fc.constantFrom(' ', '\t', '  ', '\u00a0') }),
)

/**
 * Apply an edit.
 *
 * @param bytes
 *   A document (not empty, with at least one line feed for line edits to bite).
 * @param edit
 *   The edit.
 * @returns
 *   New bytes.
 */
export function applyEdit(bytes: Uint8Array, edit: ByteEdit): Uint8Array {
  const splice = (at: number, remove: number, insert: Uint8Array): Uint8Array => {
    const out = new Uint8Array(bytes.length - remove + insert.length)
    out.set(bytes.subarray(0, at))
    out.set(insert, at)
    out.set(bytes.subarray(at + remove), at + insert.length)
    return out
  }
  switch (edit.kind) {
    case 'flip': {
      const out = bytes.slice()
      const at = edit.at % out.length
      out[at] = (out[at] as number) ^ edit.mask
      return out
    }
    case 'insert':
      return splice(edit.at % (bytes.length + 1), 0, Uint8Array.of(edit.byte))
    case 'delete':
      return splice(edit.at % bytes.length, 1, new Uint8Array())
    case 'crlf':
    case 'trailing': {
      const feeds = bytes.reduce<number[]>((found, byte, index) => (byte === 10 && bytes[index - 1] !== 13 ? [...found, index] : found), [])
      const at = feeds[edit.line % feeds.length] as number
      return splice(at, 0, edit.kind === 'crlf' ? Uint8Array.of(13) : new TextEncoder().encode(edit.space))
    }
  }
}
