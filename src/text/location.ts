/**
 * One table from offsets to lines and columns per text, shared by everything
 * that reports a place in it: the grammar's node positions, the record's
 * messages, the container readers' spans and `prettifyMessage`'s quoted line.
 * `vfile-location` does the work; `\n`, `\r\n` and a lone `\r` each end a
 * line, everywhere, so two messages about one text can never disagree about
 * which line an offset is on.
 */
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import type { Position } from './types.js'

/** A point with every field set (the grammar and the readers always know the offset). */
export interface ExactPoint {
  line: number
  column: number
  offset: number
}

/** Places in one text. */
export interface Locator {
  /** The text. */
  readonly value: string
  /** The point of an offset; offsets are clamped to the text (the end of the text is a point too). */
  point(offset: number): ExactPoint
  /** The position of a span of offsets. */
  span(start: number, end: number): Position
  /** The offset of a point (line and column), or -1 when it is outside the text. */
  offset(point: { line: number; column: number }): number
  /** The text of a line without its terminator, or undefined past the end. */
  line(line: number): string | undefined
}

const tables = new WeakMap<object, Locator>()

/**
 * The locator of a text, built once per file (or string) and shared.
 *
 * @param file
 *   A vfile (its current value) or a string.
 * @returns
 *   The locator.
 */
export function locate(file: VFile | string): Locator {
  if (typeof file === 'string') return build(file)
  const value = String(file.value ?? '')
  const known = tables.get(file)
  if (known && known.value === value) return known
  const made = build(value)
  tables.set(file, made)
  return made
}

function build(value: string): Locator {
  const table = location(value)
  const point = (offset: number): ExactPoint => {
    const clamped = Math.max(0, Math.min(Math.trunc(offset), value.length))
    const found = table.toPoint(clamped)
    // vfile-location answers for every offset in [0, length]; the fallback only guards its contract.
    return found && found.offset !== undefined
      ? { line: found.line, column: found.column, offset: found.offset }
      : { line: 1, column: clamped + 1, offset: clamped }
  }
  const offset = (at: { line: number; column: number }): number => table.toOffset(at) ?? -1
  return {
    value,
    point,
    span: (start, end) => ({ start: point(start), end: point(end) }),
    offset,
    line(line) {
      const start = offset({ line, column: 1 })
      if (start < 0) return undefined
      let end = start
      while (end < value.length) {
        const code = value.charCodeAt(end)
        if (code === 10 || code === 13) break
        end++
      }
      return value.slice(start, end)
    },
  }
}
