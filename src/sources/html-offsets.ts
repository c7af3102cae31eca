/**
 * Where each character of an HTML text node stands in the page's source.
 *
 * The parser gives a text node's start and end in the source, not where each
 * character came from: `&amp;` is five characters of source for one of text,
 * CRLF is two for one. Walking the source and the text side by side, every
 * character reference is decoded the way the HTML parser decodes it in text
 * (`entities`, the decoder parse5 itself uses) and must give exactly the next
 * characters of the text; a line break in the source must be one in the text.
 * When the two ever disagree the walk stops and says so, rather than guess.
 */
import { decodeHTML } from 'entities'

/** A character reference at the start of the rest of the source (names and numbers, `;` optional as in legacy pages). */
const reference = /&(?:#[xX][0-9a-fA-F]{1,8};?|#[0-9]{1,10};?|[A-Za-z][A-Za-z0-9]{0,40};?)/y

/**
 * Offsets in the source of each character of a text node.
 *
 * @param source
 *   The page's source.
 * @param start
 *   Where the text node starts in the source.
 * @param end
 *   Where it ends.
 * @param text
 *   The text node's value.
 * @returns
 *   For each offset `i` of `text` (and `text.length`), the offset in `source`
 *   of the character reference or character that gave it; undefined when the
 *   source between `start` and `end` does not decode to `text`.
 */
export function sourceOffsets(source: string, start: number, end: number, text: string): number[] | undefined {
  const offsets: number[] = []
  let at = start
  let index = 0
  // The parser drops a line break right after `<pre>`: it is source without text.
  if (source.charCodeAt(at) === 10 && text.charCodeAt(0) !== 10 && at < end) at++
  while (index < text.length) {
    if (at >= end) return undefined
    const code = source.charCodeAt(at)
    if (code === 38) {
      reference.lastIndex = at
      const found = reference.exec(source)
      const raw = found && at + found[0].length <= end ? found[0] : undefined
      const decoded = raw === undefined ? undefined : decodeHTML(raw)
      if (raw !== undefined && decoded !== undefined && decoded !== raw && text.startsWith(decoded, index)) {
        for (let step = 0; step < decoded.length; step++) offsets.push(at)
        index += decoded.length
        at += raw.length
        continue
      }
    }
    if (code === 13) {
      // CRLF and a lone CR are one line feed in the text.
      if (text.charCodeAt(index) !== 10) return undefined
      offsets.push(at)
      index++
      at += source.charCodeAt(at + 1) === 10 ? 2 : 1
      continue
    }
    if (code !== text.charCodeAt(index)) return undefined
    offsets.push(at)
    index++
    at++
  }
  offsets.push(at)
  return at <= end ? offsets : undefined
}
