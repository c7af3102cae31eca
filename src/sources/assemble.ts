/**
 * Turn what `scan` found in one text of a container into `Unwrapped` records,
 * and pair bulletins with the signatures and `Source:` links around them.
 */
import { signerOf } from '../names/secpack.js'
import { type FoundText, scan } from './scan.js'
import type { ByteSpan, EmbeddedSignature, Encoding, Format, Hints, Part, Place, Span, Unwrapped } from './types.js'

/** The text of a container that was scanned, and how to map it back to the input. */
export interface Origin {
  format: Format
  /** The scanned text. */
  value: string
  /**
   * `file`: the text is the document's file (a secpack file, an attached
   * file), all of it; `block`: a code block, so blank lines at its start are
   * the document's own and its closing fence took the last line break;
   * `text`: the document sits in running text (a mail body, a paste), so the
   * blank lines around it are open.
   */
  edge: 'file' | 'block' | 'text'
  /** Whether `\r\n` in the text is a container's line break that stands for the document's `\n`. */
  crlf: boolean
  /** Whether the container itself damaged the text (page text, flowed mail). */
  lossy: boolean
  /** Offset in the decoded input of an offset in `value`. */
  toInput(offset: number): number
  /** Place of an offset in the decoded input. */
  place(offset: number): Place
  /** Byte offset of an offset in the decoded input, when the input decodes cleanly. */
  byteOffset: ((offset: number) => number) | undefined
  /** What the container says about every document in it. */
  hints: Hints
  /** How the input's bytes under a span decode to the text (default: `crlf` when `crlf`, else `identity`). */
  encoding?: Encoding | undefined
  /** The part of the container the text is in, whole. */
  part?: Part | undefined
  /** What a reader sees that differs from the text between two offsets of `value` (hidden text, added text). */
  review?: ((start: number, end: number) => string[]) | undefined
}

/** A bulletin, a signature, or a link or heading of the container, in document order. */
export type Piece =
  | { kind: 'bulletin'; unwrapped: Unwrapped }
  | { kind: 'signature'; signature: EmbeddedSignature }
  | { kind: 'source'; url: string }
  | { kind: 'caption' }

const encoder = new TextEncoder()

/**
 * Cut a found document out of its text, choosing the most likely blank lines
 * at its edges and listing the other choices as alternatives.
 *
 * @param found
 *   The document as `scan` found it.
 * @param origin
 *   The text it was found in.
 * @returns
 *   The record, without signatures.
 */
export function toUnwrapped(found: FoundText, origin: Origin): Unwrapped {
  const { value } = origin
  const exact = found.intact && !origin.lossy && (found.terminated || origin.edge !== 'text')
  let starts: number[]
  let ends: number[]
  if (origin.edge === 'file') {
    starts = [0]
    ends = [value.length]
  } else if (!exact) {
    starts = [found.start]
    ends = [found.end]
  } else if (origin.edge === 'block' && found.aboveFromStart) {
    starts = [found.above.at(-1) ?? found.start]
    ends = [found.end, ...found.below.slice(0, 4)]
  } else {
    // In running text the blank line nearest the text before belongs to that
    // text; when nothing precedes, every blank line is the document's (a
    // secpack file starts with one or two).
    const options = [found.start, ...found.above.slice(0, 3)]
    const likely = found.aboveFromStart ? options.length - 1 : Math.max(0, options.length - 2)
    starts = [options[likely] as number, ...options.filter((_, i) => i !== likely)]
    ends = [found.end, ...found.below.slice(0, 4)]
  }
  const readings: { text: string; start: number; end: number }[] = []
  for (const start of starts) {
    for (const end of ends) readings.push({ text: reading(value.slice(start, end), origin, found), start, end })
  }
  const [first, ...rest] = readings as [(typeof readings)[number], ...typeof readings]
  const seen = new Set([first.text])
  const others = rest.filter((other) => !seen.has(other.text) && seen.add(other.text))
  const place = placing(origin)
  return {
    format: origin.format,
    fidelity: exact ? 'exact' : 'lossy',
    text: first.text,
    bytes: encoder.encode(first.text),
    alternatives: others.map((other) => encoder.encode(other.text)),
    ...place(first.start, first.end),
    encoding: origin.encoding ?? (origin.crlf ? 'crlf' : 'identity'),
    alternativeSpans: others.map((other) => place(other.start, other.end)),
    ...(origin.part ? { part: origin.part } : {}),
    warnings: origin.review?.(first.start, first.end) ?? [],
    others: [],
    signatures: [],
    hints: { ...origin.hints },
  }
}

/** Where a range of the scanned text lies in the input. */
function placing(origin: Origin): (start: number, end: number) => { span: Span; byteSpan: ByteSpan | undefined } {
  return (from, to) => {
    const start = origin.toInput(from)
    const end = origin.toInput(to)
    return {
      span: { start: origin.place(start), end: origin.place(end) },
      byteSpan: origin.byteOffset ? { start: origin.byteOffset(start), end: origin.byteOffset(end) } : undefined,
    }
  }
}

function reading(slice: string, origin: Origin, found: FoundText): string {
  // Mail and Windows checkouts carry the document's LF line breaks as CRLF;
  // the secpack holds none (every bulletin and canary is LF-only), so reading
  // CRLF as LF restores the signed bytes rather than altering them.
  let text = origin.crlf ? slice.replace(/\r\n/g, '\n') : slice
  // A code block or MIME part drops the final line break into its closing
  // fence or boundary; the document had one.
  if (origin.edge === 'block' && !found.terminated && found.intact && !text.endsWith('\n')) text += '\n'
  return text
}

/**
 * Pair bulletins with the signatures after them, and give each signature and
 * bulletin the `Source:` link right after it.
 *
 * @param pieces
 *   Everything found in the container, in document order.
 * @returns
 *   The bulletins, each with its signatures.
 */
export function assemble(pieces: readonly Piece[]): Unwrapped[] {
  const bulletins: Unwrapped[] = []
  const early: EmbeddedSignature[] = []
  let previous: Piece | undefined
  for (const piece of pieces) {
    if (piece.kind === 'bulletin') {
      bulletins.push(piece.unwrapped)
      // Signatures before the first bulletin belong to it.
      if (bulletins.length === 1) piece.unwrapped.signatures.push(...early.splice(0))
    } else if (piece.kind === 'signature') {
      const current = bulletins.at(-1)
      if (current) current.signatures.push(piece.signature)
      else early.push(piece.signature)
    } else if (piece.kind === 'source' && previous) {
      // A `Source:` link names what it directly follows: the signature file
      // (hence its signer) or the bulletin file.
      if (previous.kind === 'signature' && previous.signature.signer === null) {
        previous.signature.signer = signerOf(piece.url)
      } else if (previous.kind === 'bulletin' && previous.unwrapped.hints.url === undefined) {
        previous.unwrapped.hints.url = piece.url
      }
    }
    previous = piece
  }
  return bulletins
}

/**
 * Scan a text of a container and turn what was found into pieces.
 *
 * @param origin
 *   The text and how it maps to the input.
 * @param where
 *   Names the place of an offset in `origin.value`, for signature sources
 *   (default: `label:line` in the input).
 * @returns
 *   The pieces, in order.
 */
export function piecesOf(origin: Origin, where: (offset: number) => string): Piece[] {
  let texts = 0
  return scan(origin.value).flatMap((found): Piece[] => {
    switch (found.kind) {
      case 'text':
        // A file is one document, whatever else it quotes.
        texts++
        return origin.edge === 'file' && texts > 1 ? [] : [{ kind: 'bulletin', unwrapped: toUnwrapped(found, origin) }]
      case 'signature':
        return [
          {
            kind: 'signature',
            signature: { source: where(found.start), signer: null, bytes: encoder.encode(found.armor) },
          },
        ]
      default:
        return [found]
    }
  })
}

/**
 * The URL of a `Source:` paragraph.
 *
 * @param text
 *   The paragraph's text.
 * @param link
 *   The URL of its first link, if any.
 * @returns
 *   The URL, or undefined when the paragraph is no `Source:` line.
 */
export function sourceOf(text: string, link: string | undefined): string | undefined {
  const trimmed = sourceText(text)
  if (trimmed === undefined) return undefined
  return link ?? /https?:\/\/[^\s<>()[\]]+/.exec(trimmed)?.[0]
}

/**
 * Whether a paragraph says where a file is (`Source:` first), whether or not
 * it has given the link yet.
 *
 * @param text
 *   The paragraph's text.
 * @returns
 *   True for a `Source:` paragraph.
 */
export function isSourceParagraph(text: string): boolean {
  return sourceText(text) !== undefined
}

/** A `Source:` paragraph's text, trimmed, its `Source:` unemphasised; undefined for other text. */
function sourceText(text: string): string | undefined {
  // Emphasis is not parsed in posts (see `markdown.ts`), so `**Source:**` stays as written.
  const trimmed = text.trim().replace(/^(?:\*\*|__)(Source:)(?:\*\*|__)/i, '$1')
  return /^Source:/i.test(trimmed) ? trimmed : undefined
}
