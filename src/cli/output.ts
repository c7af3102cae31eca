/**
 * Writing what the commands produce: JSON, NDJSON, and readable tables, with
 * anything that came from an input made safe to print on a terminal.
 */

/** Where a command writes. Tests pass their own. */
export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Standard input, read whole (for `-`). */
  stdin: () => Promise<Uint8Array>
  /** Whether standard output is a terminal (then human output may be coloured). */
  isTTY: boolean
  /** The environment (`NO_COLOR`, `FORCE_COLOR`, `CI`, `TERM`); none in tests unless given. */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** Standard error as a stream, for drawing progress when it is a terminal; none in tests. */
  terminal?: NodeJS.WriteStream | undefined
}

/** How records are printed. */
export type OutputMode = 'table' | 'json' | 'ndjson'

// C0 and C1 controls (tab kept out too: it breaks tables), DEL, and bidi
// overrides/isolates, which can make a terminal line read differently from its bytes.
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * Make text from an input safe to print: control characters, ANSI escapes
 * and bidi marks become visible `\u{…}` escapes.
 *
 * @param text
 *   Untrusted text (a user id, a title, a message).
 * @returns
 *   The text with every unsafe character escaped.
 */
export function safe(text: string): string {
  return text.replace(unsafe, (character) => `\\u{${(character.codePointAt(0) as number).toString(16)}}`)
}

/** What a table cell shows when the value is missing (no title, no date). */
export const missing = '—'

/**
 * Render rows as a table with a header, columns padded to their widest cell.
 *
 * @param header
 *   Column names.
 * @param rows
 *   Cells, already made safe.
 * @param paint
 *   Colours a cell (optional; the header is row -1). Padding is added
 *   after colouring, so escapes never shift the columns.
 * @returns
 *   The table, one line per row, ending in a newline.
 */
export function table(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  paint?: ((cell: string, row: number, column: number) => string) | null,
): string {
  const widths = header.map((name, column) =>
    Math.max(name.length, ...rows.map((row) => [...(row[column] ?? '')].length)),
  )
  const line = (cells: readonly string[], row: number): string =>
    cells
      .map((cell, column) => {
        const padding = column === cells.length - 1 ? '' : ' '.repeat(Math.max(0, (widths[column] ?? 0) - [...cell].length))
        return (paint && cell !== '' ? paint(cell, row, column) : cell) + padding
      })
      .join('  ')
      .trimEnd()
  return [line(header, -1), ...rows.map((row, index) => line(row, index))].join('\n') + '\n'
}

/**
 * Shorten text to `width` characters, marking the cut with `…`.
 *
 * @param text
 *   Text.
 * @param width
 *   Maximum length.
 * @returns
 *   The text, shortened if needed.
 */
export function clip(text: string, width: number): string {
  const characters = [...text]
  return characters.length <= width ? text : `${characters.slice(0, width - 1).join('')}…`
}

/**
 * Print records as JSON (one array) or NDJSON (one object a line).
 *
 * @param io
 *   Where to write.
 * @param mode
 *   `json` or `ndjson`.
 * @param records
 *   Records to print.
 */
export function printJson(io: Io, mode: 'json' | 'ndjson', records: readonly unknown[]): void {
  if (mode === 'ndjson') {
    for (const record of records) io.stdout(`${JSON.stringify(record)}\n`)
  } else {
    io.stdout(`${JSON.stringify(records, null, 2)}\n`)
  }
}
