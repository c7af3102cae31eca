/**
 * Find, in a text, where a bulletin or canary starts and ends, and the armored
 * signatures, `Source:` links and `… PGP signature` captions around it.
 *
 * Lines are classified by the tokenizer of `text/`, so a banner here is a
 * banner there. The cut, line by line:
 *
 * ```
 * document = above* start body* end
 * above    = blank                         (kept or not: see `above`)
 * start    = banner | naming-line          (only when no banner: a title line such as
 *                                           `Qubes Security Bulletin 100` or `QSB-080: …`,
 *                                           or an announcement, `We have just updated
 *                                           Qubes Security Bulletin (QSB) #37: …`; a post's
 *                                           front-matter `title:` line only when no other
 *                                           names it, and then alone)
 * end      = "--"? "The Qubes Security Team" url?     (the sign-off, last; a copy may lose the `--`)
 *          | the last non-blank line before: another banner, an armored
 *            signature, `Source: <url>`, `… PGP signature`, a mail signature
 *            delimiter `-- `, or a mailing-list rule `_____`
 * ```
 */
import { announcementOf, type Token, tokenize } from '../text/index.js'

/** A bulletin or canary in the scanned text. Offsets index that text. */
export interface FoundText {
  kind: 'text'
  /** Start of the banner line (or the bare title line standing in for it). */
  start: number
  /** 1-based line of `start`. */
  line: number
  /** Starts of the blank lines directly above `start`, nearest first. */
  above: number[]
  /** Whether those blank lines reach back to the start of the scanned text, or to a code fence. */
  aboveFromStart: boolean
  /** Just past the last line, including its line terminator when it has one. */
  end: number
  /** Just past each blank line directly below the last line, nearest first. */
  below: number[]
  /** Whether the last line has a line terminator. */
  terminated: boolean
  /** Whether it reads as intact secpack text: centred banner, underlined headings, clean decoding. */
  intact: boolean
}

/** An armored signature block. */
export interface FoundSignature {
  kind: 'signature'
  /** Offset of the `-----BEGIN PGP SIGNATURE-----` line. */
  start: number
  /** The block, its indentation removed, lines ended by `\n`. */
  armor: string
}

/** A `Source: <url>` line. */
export interface FoundSource {
  kind: 'source'
  url: string
}

/** A caption such as `Marek's PGP signature`, or a heading: it ends what a `Source:` line can refer to. */
export interface FoundCaption {
  kind: 'caption'
}

/** Anything {@link scan} finds, in text order. */
export type Found = FoundText | FoundSignature | FoundSource | FoundCaption

const beginArmor = '-----BEGIN PGP SIGNATURE-----'
const endArmor = '-----END PGP SIGNATURE-----'
const signOffTeam = 'The Qubes Security Team'
const sourcePattern = /^(?:\*\*)?Source:(?:\*\*)? ?<?(https?:\/\/[^\s<>]+?)>?$/i
const captionPattern = /^(?:.{1,120}['’]s |#+ )?PGP signatures?:?$/i
const titleLinePattern = /^Qubes (?:Security Bulletin|Canary) #?\d+$/i
const urlPattern = /^<?https?:\/\/\S+$/

/**
 * Scan a text for bulletins and what surrounds them.
 *
 * @param value
 *   The text (a secpack file, a code block, a mail body, a page's text).
 * @returns
 *   What was found, in order.
 */
export function scan(value: string): Found[] {
  const tokens = tokenize(value)
  const hasBanner = tokens.some((token) => token.kind === 'banner')
  const naming = hasBanner ? -1 : namingLine(tokens)
  const found: Found[] = []
  let index = 0
  while (index < tokens.length) {
    const token = tokens[index] as Token
    if (token.kind === 'banner' || index === naming) {
      // A front-matter title names the document but is followed by the rest of the front matter, not its text.
      const last = frontMatterTitle.test(token.text) ? index : lastLine(value, tokens, index)
      found.push(describe(value, tokens, index, last))
      index = last + 1
    } else if (token.text === beginArmor) {
      const last = armorEnd(tokens, index)
      found.push({ kind: 'signature', start: token.lineStart, armor: armor(value, tokens, index, last) })
      index = last + 1
    } else {
      const source = sourcePattern.exec(token.text)
      if (source) found.push({ kind: 'source', url: source[1] as string })
      else if (captionPattern.test(token.text)) found.push({ kind: 'caption' })
      index++
    }
  }
  return found
}

const frontMatterTitle = /^title:/i
const redirectField = /^redirect_to:/i

/**
 * Where a text without a banner starts: its first line that names a bulletin
 * or canary, a front-matter title only when no other line does.
 */
function namingLine(tokens: readonly Token[]): number {
  // A post that redirects says where its text is; its title alone is not the document.
  let title = tokens.some((token) => redirectField.test(token.text)) ? Number.POSITIVE_INFINITY : -1
  for (const [index, token] of tokens.entries()) {
    if (token.kind !== 'text' || token.text.length > 400 || !/qubes|qsb/i.test(token.text)) continue
    if (!announcementOf(token.text)) continue
    if (!frontMatterTitle.test(token.text)) return index
    if (title < 0) title = index
  }
  return Number.isFinite(title) ? title : -1
}

/** Index of the last line of the document starting at `start`. */
function lastLine(value: string, tokens: Token[], start: number): number {
  let last = start
  for (let index = start + 1; index < tokens.length; index++) {
    const token = tokens[index] as Token
    if (token.kind === 'blank') continue
    if (token.kind === 'banner') return beforeTitleLine(tokens, start, last)
    if (endsDocument(token)) return last
    // A copy that lost the `--` line still ends with the team's signature line (and its URL).
    if (token.text === signOffTeam && (tokens[index - 1] as Token).kind === 'blank') {
      const url = tokens[index + 1]
      return url && urlPattern.test(url.text) ? index + 1 : index
    }
    if (token.kind === 'signoff') {
      const team = nextNonBlank(tokens, index)
      if (team !== undefined && (tokens[team] as Token).text === signOffTeam) {
        const url = tokens[team + 1]
        return url && urlPattern.test(url.text) ? team + 1 : team
      }
      // `-- ` with its space is a mail signature delimiter, not the bulletin's.
      if (value.slice(token.lineStart, token.lineEnd) === '-- ') return last
    }
    last = index
  }
  return last
}

/** Site text and mail furniture that never belong to a bulletin. */
function endsDocument(token: Token): boolean {
  if (token.text === beginArmor || /^_{20,}$/.test(token.text)) return true
  if (captionPattern.test(token.text)) return true
  return sourcePattern.test(token.text)
}

/** A bare `Qubes Security Bulletin 101` line just above the next banner belongs to the next document. */
function beforeTitleLine(tokens: Token[], start: number, last: number): number {
  if (last > start && titleLinePattern.test((tokens[last] as Token).text)) {
    let index = last - 1
    while (index > start && (tokens[index] as Token).kind === 'blank') index--
    return index
  }
  return last
}

function nextNonBlank(tokens: Token[], index: number): number | undefined {
  for (let next = index + 1; next < tokens.length && next <= index + 2; next++) {
    if ((tokens[next] as Token).kind !== 'blank') return next
  }
  return undefined
}

function describe(value: string, tokens: Token[], start: number, last: number): FoundText {
  const first = tokens[start] as Token
  const final = tokens[last] as Token
  const above: number[] = []
  let index = start - 1
  for (; index >= 0 && (tokens[index] as Token).kind === 'blank'; index--) above.push((tokens[index] as Token).lineStart)
  const below: number[] = []
  for (let next = last + 1; next < tokens.length && (tokens[next] as Token).kind === 'blank'; next++) {
    below.push(lineEnd(value, tokens[next] as Token))
  }
  const end = lineEnd(value, final)
  const body = tokens.slice(start, last + 1)
  return {
    kind: 'text',
    start: first.lineStart,
    line: first.line,
    above,
    // An opening fence above also starts the document's own lines (a post read as text).
    aboveFromStart: index < 0 || /^(?:`{3,}|~{3,})[^`]*$/.test((tokens[index] as Token).text),
    end,
    below,
    terminated: end > final.lineEnd,
    // A scrape loses the banner's centring and the underlines first; a bad
    // decoding leaves U+FFFD. Either way these are not the signed bytes.
    intact:
      first.kind === 'banner' &&
      first.indent > 0 &&
      body.some((token) => token.kind === 'underline') &&
      !value.slice(first.lineStart, end).includes('\uFFFD'),
  }
}

/** Just past a line's terminator (`\n`, `\r\n` or `\r`), or the end of the text. */
function lineEnd(value: string, token: Token): number {
  const code = value.charCodeAt(token.lineEnd)
  if (code === 13 && value.charCodeAt(token.lineEnd + 1) === 10) return token.lineEnd + 2
  return code === 10 || code === 13 ? token.lineEnd + 1 : token.lineEnd
}

function armorEnd(tokens: Token[], start: number): number {
  for (let index = start + 1; index < tokens.length; index++) {
    const token = tokens[index] as Token
    if (token.text === endArmor) return index
    // A second BEGIN means the first block was cut short: keep what there is.
    if (token.text === beginArmor) return index - 1
  }
  return tokens.length - 1
}

function armor(value: string, tokens: Token[], start: number, last: number): string {
  const first = tokens[start] as Token
  const indent = value.slice(first.lineStart, first.start)
  return tokens
    .slice(start, last + 1)
    .map((token) => {
      const line = value.slice(token.lineStart, token.lineEnd)
      return line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()
    })
    .join('\n')
    .concat('\n')
}
