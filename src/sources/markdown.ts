/**
 * Markdown posts as the Qubes website publishes them: YAML front matter, the
 * bulletin in a fenced code block, each signature in its own fenced block
 * under a `… PGP signature` heading, and `**Source:**` links naming the files.
 */
import type { Code, Nodes, Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter'
import { toString } from 'mdast-util-to-string'
import { frontmatter } from 'micromark-extension-frontmatter'
import { SKIP, visit } from 'unist-util-visit'
import { parse as parseYaml } from 'yaml'
import { isSourceParagraph, type Origin, type Piece, piecesOf, sourceOf } from './assemble.js'
import type { Input } from './input.js'
import type { Hints } from './types.js'

/**
 * Largest post read as Markdown (posts run to tens of KB). Larger input is
 * scanned as text.
 */
export const markdownLimit = 256 * 1024

/**
 * The constructs a post's layout needs are front matter, fenced blocks,
 * headings, paragraphs and autolinks. Emphasis, link labels, definitions,
 * lists, block quotes and setext underlines are off: they are the ones whose
 * nesting, delimiter runs or look-behind make micromark quadratic (a setext
 * underline re-reads every event before it: 64 KiB of `a` / `=` lines took
 * 88 s), and a fence indented by up to three spaces (as in a list item) is
 * still a fence without them.
 */
const layoutOnly = {
  disable: {
    null: ['attention', 'blockQuote', 'definition', 'labelEnd', 'labelStartImage', 'labelStartLink', 'list', 'setextUnderline'],
  },
}

/**
 * Size a chunk of the post grows to before it may end: micromark's events
 * and their splicing grow faster than the input over many blocks, so the post
 * is parsed a chunk at a time (see {@link chunks}).
 */
const chunkSize = 4 * 1024

/** What a post's front matter says. */
export interface FrontMatter {
  hints: Hints
  /** Where a post that only redirects points (`redirect_to`). */
  redirect: string | undefined
}

/**
 * Read a Markdown post into pieces: bulletins and signatures from its code
 * blocks, `Source:` links and headings between them.
 *
 * @param input
 *   The decoded input.
 * @returns
 *   The pieces in document order, and what the front matter says.
 */
export function readMarkdown(input: Input): { pieces: Piece[]; front: FrontMatter } {
  const front: FrontMatter = { hints: dateFromName(input.path), redirect: undefined }
  const pieces: Piece[] = []
  if (input.value.length > markdownLimit) {
    // Too large for a post: the caller scans the source as text instead.
    const yaml = /^---\r?\n([^]*?)\r?\n---\r?\n/.exec(input.value.slice(0, 64 * 1024))
    if (yaml) Object.assign(front, readFrontMatter(yaml[1] as string, front.hints))
    return { pieces, front }
  }
  for (const { tree, base } of chunks(input.value)) {
    visit(tree, (node: Nodes) => {
      if (node.type === 'yaml') {
        Object.assign(front, readFrontMatter(node.value, front.hints))
      } else if (node.type === 'code') {
        const origin = codeOrigin(node, base, input, front.hints)
        pieces.push(...piecesOf(origin, (offset) => input.where(origin.toInput(offset))))
        return SKIP
      } else if (node.type === 'heading') {
        pieces.push({ kind: 'caption' })
        return SKIP
      } else if (node.type === 'paragraph') {
        const url = sourceOf(toString(node), linkIn(node))
        if (url) pieces.push({ kind: 'source', url })
        return SKIP
      }
      return undefined
    })
  }
  // Hints found after a block (front matter comes first, so only in odd posts) still apply.
  for (const piece of pieces) if (piece.kind === 'bulletin') piece.unwrapped.hints = { ...front.hints, ...piece.unwrapped.hints }
  return { pieces, front }
}

/**
 * Parse a post a chunk at a time, each chunk a tree whose offsets start at
 * `base` in the post.
 *
 * A chunk ends before a line of prose, an ATX heading or a code fence, and
 * only when micromark itself ended the chunk there with a block that is over
 * (see {@link closes}: no fenced block, HTML block or indented code is open).
 * With lists, block quotes, definitions and setext headings off, the next
 * chunk then reads as it would inside the whole post; the one difference, a
 * paragraph cut in two, changes nothing read from a post (code blocks,
 * headings, `Source:` paragraphs, whose start is never cut). A chunk that
 * micromark leaves open is parsed again twice as long (linear overall).
 *
 * A chunk that starts with a code fence at the left margin is that fenced
 * block, read by {@link fencedAt}: micromark's work per line of a code block
 * grows with the block (a 128 KiB block takes five times a 32 KiB one).
 *
 * @param value
 *   The post.
 * @returns
 *   The chunks' trees, in order.
 */
export function* chunks(value: string): Generator<{ tree: Root; base: number }> {
  // A lone CR is a line ending to micromark and not to the fence reader: leave such posts to micromark.
  const fences = !/\r(?!\n)/.test(value)
  // Front matter is read whole with the first chunk: a cut inside it (before a fence or a line of
  // text in it) would read its lines as other blocks.
  const front = frontMatterEnd(value)
  let start = 0
  while (start < value.length) {
    const fence = fences && start >= front ? fencedAt(value, start) : undefined
    if (fence) {
      yield { tree: { type: 'root', children: [fence.node] }, base: start }
      start = fence.next
      continue
    }
    let size = chunkSize
    // The first cut tried is before the next fence, if one is near; if micromark leaves that open, cuts further on.
    let beforeFence = fences ? fenceCut(value, start) : value.length
    for (;;) {
      const end = Math.max(Math.min(cutAfter(value, start + size), beforeFence), front)
      beforeFence = value.length
      const tree: Root = fromMarkdown(value.slice(start, end), {
        // Front matter is only front matter at the start of the post.
        extensions: start === 0 ? [frontmatter(['yaml']), layoutOnly] : [layoutOnly],
        mdastExtensions: start === 0 ? [frontmatterFromMarkdown(['yaml'])] : [],
      })
      const last = tree.children.at(-1)
      const lastEnd = start + (last?.position?.end.offset ?? 0)
      if (end === value.length || (last && closes(last, value.slice(start + (last.position?.start.offset ?? 0), lastEnd)) && endsAt(value, lastEnd, end))) {
        yield { tree, base: start }
        start = end
        break
      }
      // Grow past the cut that failed, so each attempt at least doubles the chunk.
      size = Math.max(size, end - start) * 2
    }
  }
}

/**
 * Where front matter at the start of a post ends (after its closing `---`
 * line), as micromark's front matter extension reads it: a `---` line first,
 * then any lines, then a `---` line (trailing spaces and tabs allowed); 0 when
 * the post has none.
 */
function frontMatterEnd(value: string): number {
  const found = /^---[ \t]*(?:\r\n|\r|\n)(?:[^]*?(?:\r\n|\r|\n))?---[ \t]*(?:\r\n|\r|\n|$)/.exec(value)
  return found ? found[0].length : 0
}

/**
 * A fenced code block that starts at `at` at the left margin, read as
 * CommonMark (and micromark) reads it there: its content is the lines up to a
 * closing fence of the same character, at least as long, indented by at most
 * three spaces and followed by nothing but spaces, or else to the end; the
 * value drops the content's last line ending. A backtick fence whose info
 * string holds a backtick is no fence.
 *
 * @returns
 *   The `code` node (offsets relative to `at`) and where the next line starts.
 */
function fencedAt(value: string, at: number): { node: Code; next: number } | undefined {
  const eol = lineEndAt(value, at)
  const opener = /^(`{3,}|~{3,})([^\r]*)\r?$/.exec(value.slice(at, eol))
  if (!opener || ((opener[1] as string)[0] === '`' && (opener[2] as string).includes('`'))) return undefined
  const fence = opener[1] as string
  const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*\\r?$`)
  const contentStart = Math.min(eol + 1, value.length)
  for (let line = contentStart; line < value.length; ) {
    const next = lineEndAt(value, line)
    const text = value.slice(line, next)
    if (closing.test(text)) {
      const end = text.endsWith('\r') ? next - 1 : next
      return { node: codeNode(value.slice(contentStart, line), at, end), next: Math.min(next + 1, value.length) }
    }
    line = next + 1
  }
  return { node: codeNode(value.slice(contentStart), at, value.length), next: value.length }
}

function codeNode(content: string, start: number, end: number): Code {
  const point = (offset: number): { line: number; column: number; offset: number } => ({ line: 1, column: 1, offset: offset - start })
  // Only offsets are read from a chunk's positions (lines come from the whole post's table).
  return { type: 'code', lang: null, meta: null, value: content.replace(/\r?\n$/, ''), position: { start: point(start), end: point(end) } }
}

function lineEndAt(value: string, at: number): number {
  const end = value.indexOf('\n', at)
  return end < 0 ? value.length : end
}

/** Just before the first code fence at the left margin after `from`; the end when none. */
function fenceCut(value: string, from: number): number {
  // A backtick fence whose info string holds a backtick is no fence (it goes on the paragraph).
  const before = /\n(?=`{3,}[^`\n]*(?:\n|$)|~{3})/g
  before.lastIndex = from
  const found = before.exec(value)
  return found ? found.index + 1 : value.length
}

/**
 * Whether a block that ends a chunk is over whatever follows: a paragraph
 * (but a `Source:` one, whose link may come later) or a heading (a fence or a
 * blank line ends it), front matter, a rule, or a
 * fenced block whose last line is its closing fence. HTML blocks and indented
 * code are never taken as over.
 */
function closes(node: Nodes, source: string): boolean {
  // A `Source:` paragraph may go on after the cut, and a link there is its URL (before any URL in its text): not over.
  if (node.type === 'paragraph') return !isSourceParagraph(toString(node))
  if (['heading', 'yaml', 'thematicBreak'].includes(node.type)) return true
  if (node.type !== 'code') return false
  const opener = /^ {0,3}(`{3,}|~{3,})/.exec(source)
  const lastLine = source.slice(source.lastIndexOf('\n') + 1)
  if (!opener || !source.includes('\n')) return false
  const fence = opener[1] as string
  return new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*\\r?$`).test(lastLine)
}

/**
 * Where a chunk may end, at or after `from`: before a line that starts with a
 * letter or digit (it can only be prose: it starts a paragraph, or goes on
 * the one before, and ending that paragraph there changes nothing read from
 * a post, but for a `Source:` paragraph, which {@link closes} keeps open)
 * unless it starts with `Source` (cut there, a line that goes on a paragraph
 * would start a `Source:` one), or before an ATX heading; the end of the post
 * when there is no such place.
 */
function cutAfter(value: string, from: number): number {
  if (from >= value.length) return value.length
  const line = /\n(?=(?!source)[\p{L}\p{N}]|#{1,6}(?:[ \t]|\r?\n))/giu
  line.lastIndex = Math.max(0, from - 1)
  const found = line.exec(value)
  return found ? found.index + 1 : value.length
}

/** Whether only whitespace lies between `at` and `end`. */
function endsAt(value: string, at: number, end: number): boolean {
  return value.slice(at, end).trim() === ''
}

function linkIn(node: Nodes): string | undefined {
  let url: string | undefined
  visit(node, 'link', (link) => {
    url ??= link.url
  })
  return url
}

/**
 * The origin of a fenced block's content. The block's value lacks the line
 * break before the closing fence, which the document's last line had.
 */
function codeOrigin(node: Code, base: number, input: Input, hints: Hints): Origin {
  const value = `${node.value}\n`
  const open = base + (node.position?.start.offset ?? 0)
  const close = node.position?.end.offset === undefined ? input.value.length : base + node.position.end.offset
  const source = input.value.slice(open, close)
  const fenced = /^ {0,3}(?:`{3,}|~{3,})/.test(source)
  const contentStart = fenced ? Math.min(input.value.indexOf('\n', open) + 1 || close, close) : open
  const lastLineStart = Math.max(contentStart, input.value.lastIndexOf('\n', close - 1) + 1)
  // A block left open runs to the end of the post: its last line is content, not a fence.
  const closed = fenced && lastLineStart > open && /^ {0,3}(?:`{3,}|~{3,})[ \t]*\r?$/.test(input.value.slice(lastLineStart, close))
  const contentEnd = closed ? lastLineStart : close
  // At the top level the block's content is the input verbatim, so offsets map
  // one to one; in a list or quote the prefixes are gone: map to the block.
  const verbatim = input.value.startsWith(node.value, contentStart)
  return {
    format: 'markdown',
    value,
    edge: 'block',
    crlf: input.crlf,
    lossy: false,
    toInput: (offset) =>
      verbatim ? Math.min(contentStart + offset, contentEnd) : offset === 0 ? contentStart : contentEnd,
    place: input.place,
    byteOffset: input.byteOffset,
    hints,
    encoding: verbatim ? (input.crlf ? 'crlf' : 'identity') : 'markdown',
    part: {
      kind: 'code block',
      name: `the ${fenced ? "fenced " : ""}code block at line ${input.place(open).line}`,
      span: { start: input.place(open), end: input.place(close) },
      byteSpan: input.byteOffset ? { start: input.byteOffset(open), end: input.byteOffset(close) } : undefined,
    },
  }
}

function readFrontMatter(source: string, base: Hints): Partial<FrontMatter> {
  let data: unknown
  try {
    data = parseYaml(source, { maxAliasCount: 10 })
  } catch {
    // Front matter only gives hints; a broken one gives none.
    return {}
  }
  if (typeof data !== 'object' || data === null) return {}
  const fields = data as Record<string, unknown>
  const hints: Hints = { ...base }
  if (typeof fields.title === 'string') hints.title = fields.title
  const date = fields.date instanceof Date ? fields.date.toISOString() : fields.date
  if (typeof date === 'string') hints.date = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? date
  const target = Array.isArray(fields.redirect_to) ? fields.redirect_to[0] : fields.redirect_to
  const redirect = typeof target === 'string' ? target : undefined
  return { hints, redirect }
}

/** Jekyll names posts `YYYY-MM-DD-slug.md` and dates them by that name. */
function dateFromName(path: string | undefined): Hints {
  const date = /(?:^|[\\/])(\d{4}-\d{2}-\d{2})-[^\\/]*$/.exec(path ?? '')?.[1]
  return date ? { date } : {}
}
