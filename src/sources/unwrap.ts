/**
 * `unwrap`: any input in, the bulletins it carries out, each with the bytes to
 * verify and the signatures that came with it.
 */
import type { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { utf8Length } from '../encoding/bytes.js'
import { fail as failFile, type RuleId } from '../text/index.js'
import { type Origin, assemble, piecesOf } from './assemble.js'
import { detectFormat } from './detect.js'
import { type Input, toInput } from './input.js'
import type { Format, Hints, Unwrapped, UnwrapOptions } from './types.js'

/** 32 MiB: far above any bulletin, page or announcement mail, far below trouble. */
export const defaultMaxSize = 32 * 1024 * 1024

const containers: Record<Format, string> = {
  secpack: 'this file',
  markdown: 'this Markdown post',
  html: 'this HTML page',
  email: 'this mail',
  plain: 'this text',
}

/**
 * Detect the container of an input and unwrap the bulletins and canaries in it.
 *
 * Where `span` points, by container: `secpack`, the whole input; `plain`, from
 * the banner line (with the blank lines above it that `bytes` keeps) to the
 * end of the last line; `markdown`, the lines inside the code block that
 * `bytes` comes from; `html`, from the first to the last text node of the
 * `pre` (entities included), or the page's `body` when the bulletin was read
 * from the page's text; `email`, the text itself when it stands verbatim in
 * the input (a 7bit or 8bit body), else the whole message (after
 * quoted-printable or base64, and for attached files).
 *
 * @param input
 *   The input: bytes as read, or text.
 * @param options
 *   Configuration (optional).
 * @returns
 *   A promise for the bulletins in input order (an mbox or a page may hold
 *   several); a post that only redirects gives one entry with `redirect` set
 *   and no text. Rejects with a fatal `VFileMessage` naming the input when it
 *   is too large (`too-large`), binary (`binary`), holds no bulletin
 *   (`no-bulletin`), or breaks a parser's limits (`unreadable`, e.g. markup
 *   nested 100 000 deep).
 *
 * @example
 *   const [qsb] = await unwrap(readFileSync('2023-03-21-qsb-088.md'), { path: '2023-03-21-qsb-088.md' })
 *   qsb.bytes // the bytes of qsb-088-2023.txt; qsb.signatures[0].signer === 'marmarek'
 */
export async function unwrap(input: Uint8Array | string, options?: Readonly<UnwrapOptions> | null): Promise<Unwrapped[]> {
  const path = options?.path ?? undefined
  const size = typeof input === 'string' ? utf8Length(input) : input.byteLength
  const limit = options?.maxSize ?? defaultMaxSize
  if (size > limit) {
    const vfile = toInput('', path).file
    fail(vfile, `Cannot unwrap ${size} bytes: larger than the limit of ${limit} bytes`, 'too-large')
  }
  const source = toInput(input, path)
  const format = options?.format ?? detectFormat(source.bytes, { path })
  const nul = source.value.indexOf('\u0000')
  if (format !== 'email' && nul >= 0) {
    fail(source.file, 'Unexpected NUL byte: this is binary data, not a bulletin', 'binary', source.place(nul))
  }
  let found: Unwrapped[]
  try {
    found = await read(format, source)
  } catch (error) {
    if (error instanceof VFileMessage) throw error
    // The parsers are sound on any input, but a page nested a hundred thousand
    // levels deep still exhausts the stack; it is bad input, not a crash.
    const cause = error instanceof Error ? error.message : String(error)
    fail(source.file, `Cannot read ${containers[format]}: ${cause}`, 'unreadable')
  }
  if (found.length === 0) {
    fail(source.file, `No bulletin found: ${containers[format]} holds no \`---===[ Qubes Security Bulletin …\` or \`Qubes Canary\` banner`, 'no-bulletin')
  }
  return found
}

async function read(format: Format, input: Input): Promise<Unwrapped[]> {
  switch (format) {
    case 'secpack':
      return assemble(piecesOf(textOrigin(input, 'secpack', 'file'), input.where))
    case 'plain':
      return assemble(piecesOf(textOrigin(input, 'plain', 'text'), input.where))
    // The Markdown, HTML and mail parsers are loaded on first use: a caller that only reads secpack text never pays for them.
    case 'markdown': {
      const { readMarkdown } = await import('./markdown.js')
      const { pieces, front } = readMarkdown(input)
      const found = assemble(pieces)
      if (found.length > 0) return found
      // No code block holds it: the source itself may (Markdown source is text).
      const fallback = assemble(piecesOf({ ...textOrigin(input, 'markdown', 'text'), hints: front.hints }, input.where))
      if (fallback.length === 0 && front.redirect !== undefined) return [redirectOf(input, 'markdown', front.redirect, front.hints)]
      return fallback
    }
    case 'html': {
      const { pageOrigin, readHtml } = await import('./html.js')
      const { pieces, hints, tree, refresh } = readHtml(input)
      let found = assemble(pieces)
      if (found.length === 0) found = assemble(piecesOf(pageOrigin(tree, input, hints), input.where))
      if (refresh && found.length === 0) return [redirectOf(input, 'html', refresh.target, hints)]
      // A page that sends its reader elsewhere may never show what it holds.
      const away = refresh && `the page sends its reader to ${refresh.target} after ${refresh.delay} s (a \`<meta http-equiv="refresh">\` at ${refresh.where}): what it holds may never be shown`
      if (away) for (const entry of found) entry.warnings.push(away)
      return found
    }
    case 'email': {
      const { readMail } = await import('./email.js')
      const { found, problems } = await readMail(input)
      if (found.length === 0 && problems.length > 0) {
        fail(input.file, `No bulletin found: this mail could not be read (${problems.join('; ')})`, 'no-bulletin')
      }
      return found
    }
  }
}

function textOrigin(input: Input, format: Format, edge: Origin['edge']): Origin {
  return {
    format,
    value: input.value,
    edge,
    crlf: input.crlf,
    lossy: false,
    toInput: (offset) => offset,
    place: input.place,
    byteOffset: input.byteOffset,
    hints: {},
  }
}

/** A post or page that holds no text but points to where it is: a value, not a failure. */
function redirectOf(input: Input, format: 'markdown' | 'html', target: string, hints: Hints): Unwrapped {
  const origin = input.place(0)
  return {
    format,
    fidelity: 'lossy',
    text: '',
    bytes: new Uint8Array(),
    alternatives: [],
    span: { start: origin, end: input.place(input.value.length) },
    byteSpan: { start: 0, end: input.bytes.byteLength },
    encoding: 'identity',
    alternativeSpans: [],
    warnings: [],
    others: [],
    signatures: [],
    hints: { ...hints, url: target },
    redirect: target,
  }
}

function fail(file: VFile, reason: string, ruleId: RuleId, place?: { line: number; column: number }): never {
  failFile(file, reason, place, ruleId)
}
