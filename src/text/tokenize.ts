/**
 * Line tokenizer: the first of the three stages (tokenizer → section grammar →
 * record). Each physical line becomes one token; the grammar decides what the
 * tokens mean together.
 *
 * A line is classified on its own, with no context:
 *
 * ```
 * line       = blank | banner | underline | break | signoff | quote
 *            | release | item | reference | dated | date | text
 * blank      = ws*
 * banner     = ws* dashes* "=*[" ws* "Qubes" ws+ ("Security Bulletin" | "Canary") ws* "#"? NUMBER ws* "]" "="* dashes* ws*
 * underline  = ws* ("="+ | "-"+ | "~"{3,} | "^"{3,} | "+"{3,}) ws*   (any length in either bulletin style;
 *                                                          `--` at column 1 is the sign-off)
 * break      = ws* "*"{3,} ws*
 * signoff    = "--" " "?                         (exactly, as in mail)
 * quote      = ws* "|" (" " rest)?
 * release    = ws* "For "? "Qubes" (ws+ "OS")? ws+ RELEASES scope? ":" (ws+ note)?
 *                                                 (`For Qubes 4.1 and 4.2, in dom0:`, `Qubes OS 3.0:`)
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

import { type ReleaseLine, releaseOf } from './release.js'

/** What every line token has. Offsets index the string given to {@link tokenize}. */
export interface TokenBase {
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
}

/** A line with a marker (`| `, `- `, `[1] `, `2024-01-30: `) and text after it. */
export interface MarkedContent {
  /** The text after the marker. */
  content: string
  /** Offset where `content` starts. */
  contentStart: number
}

/** An empty line, or one of whitespace only. */
export interface BlankToken extends TokenBase {
  kind: 'blank'
}

/** `---===[ Qubes Security Bulletin #32 ]===---`. */
export interface BannerToken extends TokenBase {
  kind: 'banner'
  banner: { kind: 'bulletin' | 'canary'; number: string }
}

/** A line of `=`, `-`, `~`, `^` or `+` only. */
export interface UnderlineToken extends TokenBase {
  kind: 'underline'
  underline: { marker: '=' | '-' | '~' | '^' | '+'; length: number }
}

/** `***`. */
export interface BreakToken extends TokenBase {
  kind: 'break'
}

/** `--` at column 1: the sign-off separator. */
export interface SignoffToken extends TokenBase {
  kind: 'signoff'
}

/** `| quoted text`. */
export interface QuoteToken extends TokenBase, MarkedContent {
  kind: 'quote'
}

/**
 * A release line, `For Qubes 4.1, in dom0:`: it opens the package list of the
 * releases it names, wherever it stands (no blank line needed around it).
 */
export interface ReleaseToken extends TokenBase {
  kind: 'release'
  release: ReleaseLine
}

/** A list item: `- `, `* `, `+ `, `• `, `1. `, `1) `, `(a) `. */
export interface ItemToken extends TokenBase, MarkedContent {
  kind: 'item'
  item: { marker: string; number: number | null; ordered: boolean }
}

/** A numbered reference: `[1] https://…`. */
export interface ReferenceToken extends TokenBase, MarkedContent {
  kind: 'reference'
  label: string
}

/** A changelog entry: `2024-01-30: Original QSB published`. */
export interface DatedToken extends TokenBase, MarkedContent {
  kind: 'dated'
  /** The date as written. */
  date: string
}

/** A line holding only a date. */
export interface DateToken extends TokenBase {
  kind: 'date'
  /** The date, inner whitespace squeezed. */
  date: string
}

/** Any other line. */
export interface TextToken extends TokenBase {
  kind: 'text'
}

/** One line of input, by kind. */
export type Token =
  | BlankToken
  | BannerToken
  | UnderlineToken
  | BreakToken
  | SignoffToken
  | QuoteToken
  | ReleaseToken
  | ItemToken
  | ReferenceToken
  | DatedToken
  | DateToken
  | TextToken

/** Kinds of line. */
export type TokenKind = Token['kind']

/** Lines longer than this are never structural (banner, date, underline, marker). */
export const STRUCTURAL_MAX = 400

const dashes = /[\u2010-\u2015\u2212]/g
const bannerPattern =
  /^[-=]*\[ ?qubes (security bulletin|canary) ?#? ?([a-z0-9]+) ?\][-=]*$/i
const underlinePattern = /^(?:=+|-+|~{3,}|\^{3,}|\+{3,})$/
const breakPattern = /^\*{3,}$/
const bulletPattern = /^([-*+•])[ \t]+\S/
const orderedPattern = /^(\d{1,3})([.)])[ \t]+\S/
const letteredPattern = /^\(([a-z])\)[ \t]+\S/
const referencePattern = /^\[(\d{1,3})\](?:[ \t]|$)/
const monthNames =
  'january|february|march|april|may|june|july|august|september|october|november|december'
const monthInitial = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i
/** Month names, and their usual abbreviations (`Feb`, `Sept`), with an optional dot. */
const monthWord = `(?:${monthNames}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?`
const isoDate = /^\d{4}(?:-\d{2}-\d{2}|\/\d{1,2}\/\d{1,2})$/
const longDate = new RegExp(`^${monthWord} \\d{1,2}(?:st|nd|rd|th)?, ?\\d{4}$`, 'i')
const dayFirstDate = new RegExp(`^\\d{1,2}(?:st|nd|rd|th)? ${monthWord},? \\d{4}$`, 'i')
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
  // Blank and prose lines are most lines: they are built in one go (no copy of a base object).
  if (start === end) return { kind: 'blank', line, lineStart, start, end, lineEnd, indent, text }
  const base: TokenBase = { line, lineStart, start, end, lineEnd, indent, text }
  // The mail sign-off separator is exact: `--` or `-- ` at column 1.
  if (indent === 0 && text === '--') return token<SignoffToken>(base, 'signoff', {})
  if (text.charCodeAt(0) === 124 /* | */) {
    const skip = text.charCodeAt(1) === 32 ? 2 : 1
    return { kind: 'quote', line, lineStart, start, end, lineEnd, indent, text, content: text.slice(skip), contentStart: start + Math.min(skip, text.length) }
  }
  return (
    (text.length <= STRUCTURAL_MAX ? classifyStructural(base, value) : undefined) ?? {
      kind: 'text',
      line,
      lineStart,
      start,
      end,
      lineEnd,
      indent,
      text,
    }
  )
}

function classifyStructural(base: TokenBase, value: string): Token | undefined {
  const text = base.text
  // Most lines are prose: decide from the first character which patterns can apply at all.
  const plain = hasUnicodeDash(text) ? text.replace(dashes, '-') : text
  const first = plain.charCodeAt(0)
  if (first === 45 /* - */ || first === 61 /* = */ || first === 91 /* [ */) {
    // Banners: collapse inner whitespace so the pattern needs no `\s*` runs.
    if (plain.includes('[') && /qubes/i.test(plain)) {
      const match = bannerPattern.exec(plain.replace(/\s+/g, ' '))
      if (match && match[1] && match[2]) {
        const kind = match[1].toLowerCase() === 'canary' ? 'canary' : 'bulletin'
        return token<BannerToken>(base, 'banner', { banner: { kind, number: match[2] } })
      }
    }
  }
  if (first === 70 /* F */ || first === 81 /* Q */) {
    const release = releaseOf(text)
    if (release) return token<ReleaseToken>(base, 'release', { release })
  }
  if (first === 61 || first === 45 || first === 126 /* ~ */ || first === 94 /* ^ */ || first === 43 /* + */) {
    if (underlinePattern.test(plain)) {
      const marker = plain[0] as UnderlineToken['underline']['marker']
      return token<UnderlineToken>(base, 'underline', { underline: { marker, length: plain.length } })
    }
  }
  if (first === 42 /* * */ && breakPattern.test(plain)) return token<BreakToken>(base, 'break', {})
  if (first === 45 || first === 42 || first === 43 || first === 0x2022 /* • */) {
    const match = bulletPattern.exec(plain)
    // `- ` is a bullet, `--` is not; a dash-led sentence such as `-fPIE` has no space.
    if (match && match[1]) return item(base, match[1], null, false, value)
  }
  const digit = first >= 48 && first <= 57
  if (digit) {
    const match = orderedPattern.exec(plain)
    if (match && match[1] && match[2]) return item(base, match[1] + match[2], Number(match[1]), true, value)
  }
  if (first === 40 /* ( */) {
    const match = letteredPattern.exec(plain)
    if (match && match[1]) return item(base, `(${match[1]})`, null, true, value)
  }
  if (first === 91 && base.indent <= 3) {
    const match = referencePattern.exec(plain)
    if (match && match[1]) return marked<ReferenceToken>(base, 'reference', match[0].length, { label: match[1] })
  }
  // Dates start with a digit (`2024-01-30`) or a month (`May 12, 2011`).
  if (!digit && !monthInitial.test(plain)) return undefined
  if (plain.length > 40 && !plain.includes(':')) return undefined
  const match = datedIso.exec(plain) ?? datedLong.exec(plain)
  if (match && match[1]) {
    return marked<DatedToken>(base, 'dated', match[1].length + 1, { date: text.slice(0, match[1].length) })
  }
  if (plain.length > 40) return undefined
  const squeezedDate = plain.replace(/\s+/g, ' ')
  if (isoDate.test(squeezedDate) || longDate.test(squeezedDate) || dayFirstDate.test(squeezedDate)) return token<DateToken>(base, 'date', { date: squeezedDate })
  return undefined
}

/** The fields a token of kind `T` has beyond its line and kind. */
type Extra<T extends Token> = Omit<T, keyof TokenBase | 'kind'>

/**
 * A token of `kind` on `base`'s line with `extra` fields, built field by field:
 * in V8, spreading `base` into a literal with more fields after it cost more
 * than all the rest of the tokenizer.
 */
function token<T extends Token>(base: TokenBase, kind: T['kind'], extra: Extra<T>): T {
  const built: Record<string, unknown> = { kind, line: base.line, lineStart: base.lineStart, start: base.start, end: base.end, lineEnd: base.lineEnd, indent: base.indent, text: base.text }
  for (const key of Object.keys(extra)) built[key] = (extra as Record<string, unknown>)[key]
  return built as unknown as T
}

/** A token whose content follows a marker of `length` characters, leading whitespace skipped. */
function marked<T extends Token & MarkedContent>(base: TokenBase, kind: T['kind'], length: number, extra: Omit<Extra<T>, keyof MarkedContent>): T {
  const rest = base.text.slice(length)
  const lead = rest.length - rest.trimStart().length
  const built = token<T>(base, kind, extra as Extra<T>)
  built.content = rest.trim()
  built.contentStart = base.start + length + lead
  return built
}

const unicodeDash = /[\u2010-\u2015\u2212]/

function hasUnicodeDash(text: string): boolean {
  return unicodeDash.test(text)
}

function item(base: TokenBase, marker: string, number: number | null, ordered: boolean, value: string): ItemToken {
  let offset = base.start + marker.length
  while (offset < base.end && isSpace(value.charCodeAt(offset))) offset++
  // Built field by field rather than spread from `base`: list items are the most common structural lines.
  const { line, lineStart, start, end, lineEnd, indent, text } = base
  const content = value.slice(offset, end)
  return { kind: 'item', line, lineStart, start, end, lineEnd, indent, text, item: { marker, number, ordered }, contentStart: offset, content }
}
