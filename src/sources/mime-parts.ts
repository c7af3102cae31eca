/**
 * Where each leaf part of a MIME message lies in its raw bytes. postal-mime
 * decodes a message but says nothing of where its parts were; this finds the
 * parts' headers and bodies by their boundaries (RFC 2046), and `email.ts`
 * decodes each one with postal-mime again, so a part is only ever named as
 * the source of a text when decoding it gives that text.
 *
 * ```
 * part      = headers CRLF body
 * multipart = preamble *( "--" boundary ws* CRLF part CRLF ) "--" boundary "--" ws* epilogue
 * ```
 *
 * Offsets index the message as a latin1 string (one character a byte).
 */

/** A leaf part (not a multipart) of a message. */
export interface RawPart {
  /** `1`, `2.1`: the part's place in the tree, as mail clients number it (the message itself is `1` when it is no multipart). */
  path: string
  /** Start of the part's headers. */
  start: number
  /** Start of its body. */
  bodyStart: number
  /** End of its body, including the line break before the boundary that follows (the decoders read it as the last line's). */
  bodyEnd: number
  /** `text/plain`, lowercased; `text/plain` when the part says none. */
  type: string
  /** `quoted-printable`, `base64`, `7bit`, …, lowercased; `7bit` when the part says none. */
  encoding: string
  /** The file name it gives, if any. */
  filename: string | undefined
  /** `attachment`, `inline`, or undefined. */
  disposition: string | undefined
}

/** Deeper nesting is left unlocated (postal-mime refuses past 64 levels too). */
const MAX_DEPTH = 64

/**
 * The leaf parts of a raw message.
 *
 * @param raw
 *   The message, one character a byte.
 * @returns
 *   Its leaf parts in order; empty when its structure cannot be followed.
 */
export function mimeParts(raw: string): RawPart[] {
  const parts: RawPart[] = []
  collect(raw, 0, raw.length, '', 0, parts)
  return parts
}

function collect(raw: string, start: number, end: number, path: string, depth: number, parts: RawPart[]): void {
  if (depth > MAX_DEPTH) return
  const bodyStart = headersEnd(raw, start, end)
  const headers = unfold(raw.slice(start, bodyStart))
  const type = field(headers, 'content-type')
  const value = (type?.split(';')[0] ?? 'text/plain').trim().toLowerCase()
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(type ?? '')
  if (value.startsWith('multipart/') && boundary) {
    const children = split(raw, bodyStart, end, (boundary[1] ?? boundary[2]) as string)
    children.forEach((child, index) => collect(raw, child.start, child.end, path ? `${path}.${index + 1}` : String(index + 1), depth + 1, parts))
    return
  }
  const disposition = field(headers, 'content-disposition')
  const filename = /filename\*?\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(disposition ?? '') ?? /name\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(type ?? '')
  parts.push({
    path: path || '1',
    start,
    bodyStart,
    bodyEnd: end,
    type: value,
    encoding: (field(headers, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase(),
    filename: filename ? (filename[1] ?? filename[2]) : undefined,
    disposition: disposition?.split(';')[0]?.trim().toLowerCase(),
  })
}

/** Just past the blank line that ends the headers starting at `start` (or `end`). */
function headersEnd(raw: string, start: number, end: number): number {
  const blank = /\r?\n\r?\n/g
  blank.lastIndex = start
  // A part with no headers starts with its blank line.
  if (raw.startsWith('\r\n', start) || raw.startsWith('\n', start)) return start + (raw.charCodeAt(start) === 13 ? 2 : 1)
  const found = blank.exec(raw)
  return found && found.index < end ? Math.min(found.index + found[0].length, end) : end
}

function unfold(headers: string): string {
  return headers.replace(/\r?\n[ \t]+/g, ' ')
}

function field(headers: string, name: string): string | undefined {
  const found = new RegExp(`^${name}\\s*:([^\\r\\n]*)`, 'im').exec(headers)
  return found?.[1]
}

/**
 * The parts of a multipart body: the ranges between its delimiter lines.
 * Each part ends with the line break before the next delimiter.
 */
function split(raw: string, start: number, end: number, boundary: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = []
  const delimiter = `--${boundary}`
  let open: number | undefined
  let at = start
  while (at < end) {
    let lineEnd = raw.indexOf('\n', at)
    if (lineEnd < 0 || lineEnd >= end) lineEnd = end
    const line = raw.slice(at, lineEnd).replace(/\r$/, '')
    const next = Math.min(lineEnd + 1, end)
    if (line.startsWith(delimiter)) {
      const rest = line.slice(delimiter.length)
      const close = rest.startsWith('--')
      if (/^[ \t]*$/.test(close ? rest.slice(2) : rest)) {
        if (open !== undefined) ranges.push({ start: open, end: at })
        if (close) return ranges
        open = next
      }
    }
    at = next
  }
  if (open !== undefined) ranges.push({ start: open, end })
  return ranges
}
