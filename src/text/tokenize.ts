/**
 * Line tokenizer: the first of the three stages (tokenizer → section grammar →
 * record). Each physical line becomes one token; the grammar decides what the
 * tokens mean together.
 *
 * A line is classified on its own, with no context:
 *
 * ```
 * line       = blank | banner | underline | break | signoff | quote
 *            | item | reference | dated | date | text
 * blank      = ws*
 * banner     = ws* dashes* "=*[" ws* "Qubes" ws+ ("Security Bulletin" | "Canary") ws* "#"? NUMBER ws* "]" "="* dashes* ws*
 * underline  = ws* ("="{2,} | "-"{3,} | "~"{3,} | "^"{3,} | "+"{3,}) ws*
 * break      = ws* "*"{3,} ws*
 * signoff    = "--" " "?                         (exactly, as in mail)
 * quote      = ws* "|" (" " rest)?
 * item       = ws* ("-" | "*" | "+" | "•" | DIGITS ("." | ")") | "(" ALPHA ")") " "+ rest
 * reference  = ws{0,3} "[" DIGITS "]" (ws+ rest)?
 * dated      = DATE ":" ws+ rest                 (changelog entry)
 * date       = ws* DATE ws*                      (a line holding only a date)
 * ```
 *
 * Unicode dashes (‐ ‑ ‒ – — ― −) count as `-` wherever dashes are structural,
 * because copies that went through word processors and web pages carry them.
 *
 * Every regular expression here is anchored and free of nested or adjacent
 * ambiguous quantifiers, and the ones that could still scan a line twice only
 * run on lines no longer than {@link STRUCTURAL_MAX}: no real banner, date,
 * heading or marker line is longer, and it keeps the whole pass linear even on
 * a 10 MB line.
 */

/** Kinds of line. */
export type TokenKind =
  | 'blank'
  | 'banner'
  | 'underline'
  | 'break'
  | 'signoff'
  | 'quote'
  | 'item'
  | 'reference'
  | 'dated'
  | 'date'
  | 'text'

/** One line of input. Offsets index the string given to {@link tokenize}. */
export interface Token {
  kind: TokenKind
  /** 1-based line number. */
  line: number
  /** Offset of the line's first character. */
  lineStart: number
  /** Offset of the first non-whitespace character (`lineEnd` when blank). */
  start: number
  /** Offset just past the last non-whitespace character. */
  end: number
  /** Offset of the line terminator (or the end of input). */
  lineEnd: number
  /** Indentation in columns (tabs to the next multiple of 8). */
  indent: number
  /** The line without indentation and trailing whitespace. */
  text: string
  /** Kind-specific fields. */
  banner?: { kind: 'bulletin' | 'canary'; number: string }
  underline?: { marker: '=' | '-' | '~' | '^' | '+'; length: number }
  /** Quote: the text after the marker; item/reference/dated: the text after the marker. */
  content?: string
  /** Offset where `content` starts. */
  contentStart?: number
  item?: { marker: string; number: number | null; ordered: boolean }
  label?: string
  date?: string
}

/** Lines longer than this are never structural (banner, date, underline, marker). */
export const STRUCTURAL_MAX = 400

const dashes = /[\u2010-\u2015\u2212]/g
const bannerPattern =
  /^[-=]*\[ ?qubes (security bulletin|canary) ?#? ?([a-z0-9]+) ?\][-=]*$/i
const underlinePattern = /^(?:(=){2,}|(-){3,}|(~){3,}|(\^){3,}|(\+){3,})$/
const breakPattern = /^\*{3,}$/
const bulletPattern = /^([-*+•])[ \t]+\S/
const orderedPattern = /^(\d{1,3})([.)])[ \t]+\S/
const letteredPattern = /^\(([a-z])\)[ \t]+\S/
const referencePattern = /^\[(\d{1,3})\](?:[ \t]|$)/
const monthNames =
  'january|february|march|april|may|june|july|august|september|october|november|december'
const monthInitial = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i
const isoDate = /^\d{4}-\d{2}-\d{2}$/
const longDate = new RegExp(`^(?:${monthNames}) \\d{1,2}(?:st|nd|rd|th)?, ?\\d{4}$`, 'i')
const datedIso = /^(\d{4}-\d{2}-\d{2}):[ \t]+\S/
const datedLong = new RegExp(`^((?:${monthNames}) \\d{1,2}(?:st|nd|rd|th)?(?:, ?\\d{4})?):[ \\t]+\\S`, 'i')

/**
 * Split `value` into one token per line.
 *
 * @param value
 *   The document (already decoded; a byte-order mark is treated as whitespace).
 * @returns
 *   Tokens in order; `\r\n`, `\n` and a lone `\r` all end a line.
 */
export function tokenize(value: string): Token[] {
  const tokens: Token[] = []
  let lineStart = 0
  let line = 1
  const length = value.length
  while (lineStart <= length) {
    let lineEnd = lineStart
    while (lineEnd < length) {
      const code = value.charCodeAt(lineEnd)
      if (code === 10 || code === 13) break
      lineEnd++
    }
    // A final line terminator does not start another (empty) line.
    if (lineStart === length && length > 0) break
    tokens.push(classify(value, line, lineStart, lineEnd))
    if (lineEnd >= length) break
    const next = value.charCodeAt(lineEnd) === 13 && value.charCodeAt(lineEnd + 1) === 10 ? lineEnd + 2 : lineEnd + 1
    lineStart = next
    line++
  }
  return tokens
}

function isSpace(code: number): boolean {
  // Space, tab, vertical tab, form feed, no-break space, BOM.
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff
}

function classify(value: string, line: number, lineStart: number, lineEnd: number): Token {
  let start = lineStart
  let indent = 0
  while (start < lineEnd && isSpace(value.charCodeAt(start))) {
    indent = value.charCodeAt(start) === 9 ? indent + 8 - (indent % 8) : indent + 1
    start++
  }
  let end = lineEnd
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--
  const text = value.slice(start, end)
  const token: Token = { kind: 'text', line, lineStart, start, end, lineEnd, indent, text }
  if (start === end) {
    token.kind = 'blank'
    return token
  }
  // The mail sign-off separator is exact: `--` or `-- ` at column 1.
  if (indent === 0 && text === '--') {
    token.kind = 'signoff'
    return token
  }
  const first = text.charCodeAt(0)
  if (first === 124 /* | */) {
    token.kind = 'quote'
    const skip = text.charCodeAt(1) === 32 ? 2 : 1
    token.content = text.slice(skip)
    token.contentStart = start + Math.min(skip, text.length)
    return token
  }
  if (text.length <= STRUCTURAL_MAX) {
    const structural = classifyStructural(token, text, value)
    if (structural) return token
  }
  return token
}

function classifyStructural(token: Token, text: string, value: string): boolean {
  // Most lines are prose: decide from the first character which patterns can apply at all.
  const plain = hasUnicodeDash(text) ? text.replace(dashes, '-') : text
  const first = plain.charCodeAt(0)
  if (first === 45 /* - */ || first === 61 /* = */ || first === 91 /* [ */) {
    // Banners: collapse inner whitespace so the pattern needs no `\s*` runs.
    if (plain.includes('[') && /qubes/i.test(plain)) {
      const squeezed = plain.replace(/\s+/g, ' ')
      const match = bannerPattern.exec(squeezed)
      if (match && match[1] && match[2]) {
        token.kind = 'banner'
        token.banner = {
          kind: match[1].toLowerCase() === 'canary' ? 'canary' : 'bulletin',
          number: match[2],
        }
        return true
      }
    }
  }
  if (first === 61 || first === 45 || first === 126 /* ~ */ || first === 94 /* ^ */ || first === 43 /* + */) {
    const underline = underlinePattern.exec(plain)
    if (underline) {
      const marker = (underline[1] ?? underline[2] ?? underline[3] ?? underline[4] ?? underline[5]) as
        | '='
        | '-'
        | '~'
        | '^'
        | '+'
      token.kind = 'underline'
      token.underline = { marker, length: plain.length }
      return true
    }
  }
  if (first === 42 /* * */ && breakPattern.test(plain)) {
    token.kind = 'break'
    return true
  }
  if (first === 45 || first === 42 || first === 43 || first === 0x2022 /* • */) {
    const match = bulletPattern.exec(plain)
    if (match && match[1]) {
      // `- ` is a bullet, `--` is not; a dash-led sentence such as `-fPIE` has no space.
      setItem(token, match[1], null, false, value)
      return true
    }
  }
  const digit = first >= 48 && first <= 57
  if (digit) {
    const match = orderedPattern.exec(plain)
    if (match && match[1] && match[2]) {
      setItem(token, match[1] + match[2], Number(match[1]), true, value)
      return true
    }
  }
  if (first === 40 /* ( */) {
    const match = letteredPattern.exec(plain)
    if (match && match[1]) {
      setItem(token, `(${match[1]})`, null, true, value)
      return true
    }
  }
  if (first === 91 && token.indent <= 3) {
    const match = referencePattern.exec(plain)
    if (match && match[1]) {
      token.kind = 'reference'
      token.label = match[1]
      const after = match[0].length
      const rest = text.slice(after)
      const lead = rest.length - rest.trimStart().length
      token.content = rest.trim()
      token.contentStart = token.start + after + lead
      return true
    }
  }
  // Dates start with a digit (`2024-01-30`) or a month (`May 12, 2011`).
  if (!digit && !monthInitial.test(plain)) return false
  if (plain.length > 40 && !plain.includes(':')) return false
  const match = datedIso.exec(plain) ?? datedLong.exec(plain)
  if (match && match[1]) {
    token.kind = 'dated'
    token.date = text.slice(0, match[1].length)
    const after = match[1].length + 1
    const rest = text.slice(after)
    const lead = rest.length - rest.trimStart().length
    token.content = rest.trim()
    token.contentStart = token.start + after + lead
    return true
  }
  if (plain.length > 40) return false
  const squeezedDate = plain.replace(/\s+/g, ' ')
  if (isoDate.test(squeezedDate) || longDate.test(squeezedDate)) {
    token.kind = 'date'
    token.date = squeezedDate
    return true
  }
  return false
}

const unicodeDash = /[\u2010-\u2015\u2212]/

function hasUnicodeDash(text: string): boolean {
  return unicodeDash.test(text)
}

function setItem(token: Token, marker: string, number: number | null, ordered: boolean, value: string): void {
  token.kind = 'item'
  token.item = { marker, number, ordered }
  let offset = token.start + marker.length
  while (offset < token.end && isSpace(value.charCodeAt(offset))) offset++
  token.contentStart = offset
  token.content = value.slice(offset, token.end)
}
