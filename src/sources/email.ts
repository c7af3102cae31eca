/**
 * Mail: one message or an mbox of many. postal-mime undoes MIME (multipart,
 * quoted-printable, base64, charsets); here we only pick the bulletin (an
 * attached bulletin file first, else the text body) and its signatures
 * (attached parts, or armored blocks pasted after the text).
 */
import PostalMime, { type Attachment, type Email } from 'postal-mime'
import { fromLatin1, latin1 } from '../encoding/bytes.js'
import { signatureName } from '../names/secpack.js'
import { locate } from '../text/index.js'
import { type Origin, type Piece, assemble, piecesOf } from './assemble.js'
import { readHtml } from './html.js'
import { type Input, toInput } from './input.js'
import { type Message, placeInParts } from './mail-parts.js'
import { scan } from './scan.js'
import type { EmbeddedSignature, Hints, Unwrapped } from './types.js'

/** A signature attached as a part, and the bulletin file it names, if any. */
interface Attached {
  signature: EmbeddedSignature
  /** `qsb-088-2023.txt` for `qsb-088-2023.txt.sig.simon`. */
  document: string | undefined
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })
const fromLine = /^From \S+ .*\b\d{1,2}:\d{2}\b/
/** Mail's own names for a detached signature, besides the secpack's `NAME.sig.SIGNER`. */
const detachedExtension = /\.(?:sig|asc)$/i

/**
 * Read every bulletin in a message or mbox.
 *
 * @param input
 *   The decoded input.
 * @returns
 *   The bulletins, message by message, and what went wrong in messages that could not be read.
 */
export async function readMail(input: Input): Promise<{ found: Unwrapped[]; problems: string[] }> {
  const found: Unwrapped[] = []
  const problems: string[] = []
  for (const message of splitMbox(input)) {
    let email: Email
    try {
      email = await PostalMime.parse(message.bytes, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 64 })
    } catch (error) {
      problems.push(`${message.label}: ${error instanceof Error ? error.message : String(error)}`)
      continue
    }
    found.push(...(await placeInParts(readMessage(email, message, input), message, input)))
  }
  return { found, problems }
}

function readMessage(email: Email, message: Message, input: Input): Unwrapped[] {
  const hints = mailHints(email)
  const attached: Attached[] = []
  const files: { name: string; unwrapped: Unwrapped }[] = []
  // PGP/MIME signs the MIME entity, not the bulletin: such a signature part
  // (`signature.asc`) would only ever read as `bad` against the bulletin.
  const envelope = /^content-type:\s*multipart\/signed/im.test(message.raw)
  email.attachments.forEach((attachment, index) => {
    const name = attachment.filename ?? ''
    const bytes = contentOf(attachment)
    const where = `${message.label}${message.separator}attachment-${index + 1}${name ? ` (${name})` : ''}`
    const named = signatureName(name)
    if (attachment.mimeType === 'application/pgp-signature' || named || detachedExtension.test(name)) {
      const signer = named?.signer ?? null
      if (envelope && signer === null) return
      const document = named?.document ?? name.replace(detachedExtension, '')
      attached.push({ signature: { source: where, signer, bytes }, document: document || undefined })
      return
    }
    const unwrapped = attachedFile(attachment, bytes, message, input, hints)
    if (unwrapped) files.push({ name, unwrapped })
  })

  let bulletins: Unwrapped[]
  if (files.length > 0) {
    bulletins = files.map((file) => file.unwrapped)
    // Signatures pasted into the text of a message that attaches one bulletin are its own.
    const pasted = email.text ? textPieces(email.text, message, input, hints) : []
    if (bulletins.length === 1) {
      for (const piece of pasted) if (piece.kind === 'signature') bulletins[0]?.signatures.push(piece.signature)
    }
  } else if (email.text && scan(email.text).some((item) => item.kind === 'text')) {
    bulletins = assemble(textPieces(email.text, message, input, hints))
  } else if (email.html) {
    bulletins = assemble(readHtml(toInput(email.html, message.label)).pieces)
  } else {
    bulletins = []
  }

  for (const { signature, document } of attached) {
    const named = files.find((file) => file.name !== '' && file.name === document)
    const target = named?.unwrapped ?? (bulletins.length === 1 ? bulletins[0] : undefined)
    target?.signatures.push(signature)
  }
  return bulletins.map((unwrapped) => ({ ...unwrapped, format: 'email', hints: { ...hints, ...unwrapped.hints } }))
}

/** An attached file that holds a bulletin: the whole file is the document. */
function attachedFile(
  attachment: Attachment,
  bytes: Uint8Array,
  message: Message,
  input: Input,
  hints: Hints,
): Unwrapped | undefined {
  const textual = attachment.mimeType.startsWith('text/')
  if (!textual && attachment.mimeType !== 'application/octet-stream') return undefined
  const value = utf8.decode(bytes)
  if (value.includes('\u0000')) return undefined
  const origin: Origin = {
    ...messageOrigin(message, input, hints),
    value,
    edge: 'file',
    // Text parts travel in canonical form, CRLF; an octet stream is as it was.
    crlf: textual,
  }
  const piece = piecesOf(origin, () => message.label).find((item) => item.kind === 'bulletin')
  return piece?.kind === 'bulletin' ? withoutBoundaryBreak(piece.unwrapped) : undefined
}

/**
 * postal-mime keeps the line break before a part's closing boundary (RFC 2046
 * gives it to the boundary) in 7bit, 8bit and quoted-printable parts, and it
 * does not say which encoding a part had. A file that seems to end in a blank
 * line most likely got it that way (the secpack's files since 2015 end in one
 * line break), so that reading comes first and the file as given second.
 */
function withoutBoundaryBreak(unwrapped: Unwrapped): Unwrapped {
  if (unwrapped.fidelity !== 'exact' || !unwrapped.text.endsWith('\n\n')) return unwrapped
  const text = unwrapped.text.slice(0, -1)
  return { ...unwrapped, text, bytes: new TextEncoder().encode(text), alternatives: [unwrapped.bytes, ...unwrapped.alternatives] }
}

function textPieces(text: string, message: Message, input: Input, hints: Hints): Piece[] {
  // The line break before a MIME boundary belongs to the boundary, so a body
  // that ends with the bulletin's last line has lost that line's break.
  const value = text.endsWith('\n') ? text : `${text}\n`
  const origin: Origin = {
    ...messageOrigin(message, input, hints),
    value,
    // format=flowed joins lines that end in a space, as quote lines do (`| `).
    lossy: /format\s*=\s*"?flowed/i.test(message.raw),
  }
  const lines = locate(value)
  return piecesOf(origin, (offset) => `${message.label}${message.separator}text:${lines.point(offset).line}`)
}

function messageOrigin(message: Message, input: Input, hints: Hints): Origin {
  return {
    format: 'email',
    value: '',
    edge: 'text',
    crlf: true,
    lossy: false,
    toInput: (offset) => (offset === 0 ? message.start : message.end),
    place: input.place,
    byteOffset: undefined,
    hints,
  }
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

function mailHints(email: Email): Hints {
  const hints: Hints = {}
  if (email.subject) hints.title = email.subject
  // The day as the sender wrote it (`Tue, 1 Apr 2031 01:00 +0200`), not as UTC.
  const written = email.headers.find((header) => header.key === 'date')?.value ?? ''
  const date = /\b(\d{1,2}) ([A-Za-z]{3}) (\d{4})\b/.exec(written)
  const month = date ? months.indexOf((date[2] as string).toLowerCase()) + 1 : 0
  if (date && month > 0) hints.date = `${date[3]}-${String(month).padStart(2, '0')}-${(date[1] as string).padStart(2, '0')}`
  else if (email.date) hints.date = /^\d{4}-\d{2}-\d{2}/.exec(email.date)?.[0] ?? email.date
  return hints
}

function contentOf(attachment: Attachment): Uint8Array {
  const { content } = attachment
  if (typeof content === 'string') return new TextEncoder().encode(content)
  return content instanceof Uint8Array ? content : new Uint8Array(content)
}

/**
 * The messages of an mbox (`From ` separator lines; `>From ` in bodies
 * unescaped, mboxrd), or the input as one message.
 */
function splitMbox(input: Input): Message[] {
  const { bytes } = input
  const raw = latin1(bytes)
  // A separator is `From sender date`: the time keeps `From the advisory…` out.
  const starts = raw.startsWith('From ')
    ? [...raw.matchAll(/^From [^\n]*\n?/gm)].filter((match) => match[0].length < 300 && fromLine.test(match[0]))
    : []
  if (starts.length === 0) {
    return [{ bytes, raw, start: 0, end: input.value.length, byteStart: 0, unescaped: [], number: undefined, label: input.label, separator: '#' }]
  }
  const messages: Message[] = []
  let decoded = 0
  let byte = 0
  starts.forEach((match, index) => {
    const from = (match.index ?? 0) + match[0].length
    const to = starts[index + 1]?.index ?? raw.length
    // Offsets in the decoded input: decode the bytes up to each message (line
    // boundaries never split a UTF-8 sequence).
    decoded += utf8.decode(bytes.subarray(byte, from)).length
    const length = utf8.decode(bytes.subarray(from, to)).length
    byte = to
    const unescaped: number[] = []
    const body = raw
      .slice(from, to)
      .replace(/\r?\n$/, '')
      .replace(/^>(>*From )/gm, (_, rest: string, at: number) => {
        unescaped.push(at - unescaped.length)
        return rest
      })
    messages.push({
      bytes: fromLatin1(body),
      raw: body,
      start: decoded,
      end: decoded + length,
      byteStart: from,
      unescaped,
      number: index + 1,
      label: `${input.label}#message-${index + 1}`,
      separator: '/',
    })
    decoded += length
  })
  return messages
}
