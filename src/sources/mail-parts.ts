/**
 * Which MIME part of a message a bulletin came from, and where that is in
 * the raw input. Each leaf part is located by its boundaries
 * (`mime-parts.ts`) and decoded again with postal-mime on its own; the part
 * whose decoded text holds the bulletin is the one named. In a 7bit or 8bit
 * part the bulletin stands verbatim in the input and the span is its own
 * lines; after quoted-printable or base64 it does not, and the span is the
 * part's body with `within` saying where the text lies once decoded.
 */
import PostalMime from 'postal-mime'
import { fromLatin1 } from '../encoding/bytes.js'
import { signatureName } from '../names/secpack.js'
import type { Input } from './input.js'
import { mimeParts, type RawPart } from './mime-parts.js'
import type { ByteSpan, Encoding, Part, Span, Unwrapped } from './types.js'

/** One message of the input. Offsets `start`/`end` index the decoded input. */
export interface Message {
  /** The message's bytes (an mbox message unescaped: `>From ` back to `From `). */
  bytes: Uint8Array
  /** The same, one character a byte (latin1). */
  raw: string
  start: number
  end: number
  /** Offset of the message in the input's bytes. */
  byteStart: number
  /** Where `raw` lost a `>` of an escaped `>From ` line, in `raw`'s offsets. */
  unescaped: number[]
  /** For a message of an mbox: its number, 1-based. */
  number: number | undefined
  /** `message.eml`, or `box.mbox#message-2`. */
  label: string
  /** Separator before a part name: `#` in a message, `/` after `#message-N`. */
  separator: string
}

interface Leaf {
  part: RawPart
  /** The part decoded (transfer encoding, charset), CRLF as LF; undefined for one that holds no text. */
  text: string | undefined
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })
/** Parts a person reads as text. */
const readable = /^text\/(?:plain|html)$/

/**
 * Name the MIME part each bulletin of a message came from, point its span at
 * the part (or at its own lines in it), and list the other parts that hold
 * readable text.
 *
 * @param bulletins
 *   The bulletins read from the message.
 * @param message
 *   The message.
 * @param input
 *   The decoded input.
 * @returns
 *   The bulletins, placed.
 */
export async function placeInParts(bulletins: readonly Unwrapped[], message: Message, input: Input): Promise<Unwrapped[]> {
  const leaves: Leaf[] = []
  for (const part of mimeParts(message.raw)) leaves.push({ part, text: await decode(message.raw, part) })
  const used = new Set<Leaf>()
  const placed = bulletins.map((unwrapped) => {
    const leaf = leaves.find((candidate) => !used.has(candidate) && candidate.text?.includes(unwrapped.text)) ?? leaves.find((candidate) => candidate.text?.includes(unwrapped.text))
    if (!leaf) return wholeMessage(unwrapped, message, input)
    used.add(leaf)
    return inPart(unwrapped, leaf, message, input)
  })
  const others = leaves
    .filter((leaf) => !used.has(leaf) && readable.test(leaf.part.type) && !signatureName(leaf.part.filename ?? '') && (leaf.text ?? '').trim() !== '')
    .map((leaf) => partOf(leaf.part, message, input))
  return placed.map((unwrapped) => ({ ...unwrapped, others }))
}

/** A part decoded on its own: its headers and body as a message of their own. */
async function decode(raw: string, part: RawPart): Promise<string | undefined> {
  if (!readable.test(part.type) && part.type !== 'application/octet-stream' && !part.type.startsWith('text/')) return undefined
  try {
    const email = await PostalMime.parse(fromLatin1(raw.slice(part.start, part.bodyEnd)), { attachmentEncoding: 'arraybuffer', maxNestingDepth: 4 })
    const attachment = email.attachments[0]?.content
    const text = email.text ?? email.html ?? (attachment instanceof ArrayBuffer ? utf8.decode(attachment) : undefined)
    return text?.replace(/\r\n/g, '\n')
  } catch {
    return undefined
  }
}

function inPart(unwrapped: Unwrapped, leaf: Leaf, message: Message, input: Input): Unwrapped {
  const { part } = leaf
  const bodyStart = charAt(message, input, part.bodyStart)
  const bodyEnd = charAt(message, input, part.bodyEnd)
  const named = { ...unwrapped, part: partOf(part, message, input), format: 'email' as const }
  const readings = [unwrapped.text, ...unwrapped.alternatives.map((bytes) => utf8.decode(bytes))]
  if (['7bit', '8bit', 'binary'].includes(part.encoding)) {
    // The text stands in the input as it is (CRLF for LF on the wire): point at its own lines.
    const region = input.value.slice(bodyStart, bodyEnd)
    const crlf = region.includes('\r\n')
    const spans = readings.map((text) => {
      const needle = crlf ? text.replace(/\n/g, '\r\n') : text
      const at = needle.length > 0 ? region.indexOf(needle) : -1
      return at < 0 ? undefined : spanOf(input, bodyStart + at, bodyStart + at + needle.length)
    })
    if (spans.every((span) => span !== undefined)) {
      const [first, ...rest] = spans as NonNullable<(typeof spans)[number]>[]
      return { ...named, ...first, encoding: crlf ? 'crlf' : 'identity', within: undefined, alternativeSpans: rest }
    }
  }
  // Encoded (or not found verbatim): the part's body, and where the text is once decoded.
  const body = spanOf(input, bodyStart, bodyEnd)
  const within = readings.map((text) => {
    const at = leaf.text?.indexOf(text) ?? -1
    return at < 0 ? undefined : { start: at, end: at + text.length }
  })
  const encoding: Encoding = part.encoding === 'base64' ? 'base64' : part.encoding === 'quoted-printable' ? 'quoted-printable' : 'crlf'
  return {
    ...named,
    ...body,
    encoding,
    within: within[0],
    alternativeSpans: within.slice(1).map((range) => ({ ...body, within: range })),
  }
}

/** No part could be named (an HTML body, a nested message): the whole message, MIME-decoded. */
function wholeMessage(unwrapped: Unwrapped, message: Message, input: Input): Unwrapped {
  const whole = spanOf(input, message.start, message.end)
  return {
    ...unwrapped,
    format: 'email',
    ...whole,
    encoding: 'mime',
    within: undefined,
    alternativeSpans: unwrapped.alternatives.map(() => whole),
  }
}

function partOf(part: RawPart, message: Message, input: Input): Part {
  const details = [part.type, part.filename, part.disposition === 'attachment' ? 'attached' : undefined, part.encoding].filter(Boolean).join(', ')
  const whole = spanOf(input, charAt(message, input, part.start), charAt(message, input, part.bodyEnd))
  return {
    kind: 'MIME part',
    name: `MIME part ${part.path} (${details})`,
    ...whole,
    message: message.number === undefined ? undefined : { number: message.number, span: spanOf(input, message.start, message.end).span },
  }
}

function spanOf(input: Input, start: number, end: number): { span: Span; byteSpan: ByteSpan | undefined } {
  return {
    span: { start: input.place(start), end: input.place(end) },
    byteSpan: input.byteOffset ? { start: input.byteOffset(start), end: input.byteOffset(end) } : undefined,
  }
}

/** The offset in the decoded input of an offset in the message's raw text. */
function charAt(message: Message, input: Input, offset: number): number {
  let restored = 0
  for (const at of message.unescaped) if (at < offset) restored++
  const byte = message.byteStart + offset + restored
  return message.start + utf8.decode(input.bytes.subarray(message.byteStart, byte)).length
}
