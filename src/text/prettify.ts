/**
 * `prettifyMessage`: a message with the offending line and a caret under the
 * place, the way `yaml`'s `prettifyError` reads.
 *
 * ```
 * qsb-059-2020.txt:29:9  warning  Unexpected citation `[2]` with no reference `[2]`  unresolved-citation
 *    29 | XSA-340 [2] "Missing memory barriers when accessing/allocating an event
 *       |         ^^^
 * ```
 */
import type { VFileMessage } from 'vfile-message'
import { locate } from './location.js'

/** Severity words, from vfile's `fatal` field. */
export function severityOf(message: Pick<VFileMessage, 'fatal'>): 'error' | 'warning' | 'info' {
  return message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info'
}

/**
 * Format a message with its source line and a caret.
 *
 * @param message
 *   A vfile message (warning or fatal).
 * @param value
 *   The text the message is about (its line is quoted), or undefined.
 * @param escape
 *   Makes untrusted text printable (the command passes one that escapes
 *   control characters); identity by default.
 * @returns
 *   One header line, and two more when the line can be quoted.
 */
export function prettifyMessage(
  message: VFileMessage,
  value?: string | null,
  escape: (text: string) => string = (text) => text,
): string {
  const where = `${message.file || '<input>'}:${message.line ?? 1}:${message.column ?? 1}`
  const rule = message.ruleId ? `  ${message.ruleId}` : ''
  const header = `${escape(where)}  ${severityOf(message)}  ${escape(message.reason)}${rule}`
  if (!value || !message.line) return header
  const line = locate(value).line(message.line)
  if (line === undefined) return header
  const shown = line.length > 160 ? `${line.slice(0, 159)}…` : line
  const column = Math.min(Math.max((message.column ?? 1) - 1, 0), shown.length)
  const endColumn =
    message.place && 'end' in message.place && message.place.end.line === message.line
      ? message.place.end.column - 1
      : column + 1
  const width = Math.max(1, Math.min(endColumn, shown.length + 1) - column)
  const gutter = String(message.line).padStart(5)
  const pad = ' '.repeat(gutter.length)
  // Keep tabs as tabs under the line so the caret lines up whatever the tab width.
  const lead = shown.slice(0, column).replace(/[^\t]/g, ' ')
  return `${header}\n${gutter} | ${escape(shown)}\n${pad} | ${lead}${'^'.repeat(width)}`
}
