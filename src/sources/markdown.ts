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
import { type Origin, type Piece, piecesOf, sourceOf } from './assemble.js'
import type { Input } from './input.js'
import type { Hints } from './types.js'

/**
 * Largest post read as Markdown (posts run to tens of KB). micromark has
 * superlinear worst cases; with the constructs below off, 256 KiB of hostile
 * input still parses in seconds. Larger input is scanned as text.
 */
export const markdownLimit = 256 * 1024

/**
 * The constructs a post's layout needs are front matter, fenced blocks,
 * headings, paragraphs and autolinks. Emphasis, link labels, definitions,
 * lists and block quotes are off: they are the ones whose nesting or
 * delimiter runs make micromark quadratic, and a fence indented by up to
 * three spaces (as in a list item) is still a fence without them.
 */
const layoutOnly = {
  disable: { null: ['attention', 'blockQuote', 'definition', 'labelEnd', 'labelStartImage', 'labelStartLink', 'list'] },
}

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
  const tree: Root = fromMarkdown(input.value, {
    extensions: [frontmatter(['yaml']), layoutOnly],
    mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
  })
  visit(tree, (node: Nodes) => {
    if (node.type === 'yaml') {
      Object.assign(front, readFrontMatter(node.value, front.hints))
    } else if (node.type === 'code') {
      const origin = codeOrigin(node, input, front.hints)
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
  // Hints found after a block (front matter comes first, so only in odd posts) still apply.
  for (const piece of pieces) if (piece.kind === 'bulletin') piece.unwrapped.hints = { ...front.hints, ...piece.unwrapped.hints }
  return { pieces, front }
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
function codeOrigin(node: Code, input: Input, hints: Hints): Origin {
  const value = `${node.value}\n`
  const open = node.position?.start.offset ?? 0
  const close = node.position?.end.offset ?? input.value.length
  const fenced = /^ {0,3}(?:`{3,}|~{3,})/.test(input.value.slice(open, close))
  const contentStart = fenced ? Math.min(input.value.indexOf('\n', open) + 1 || close, close) : open
  const contentEnd = fenced ? Math.max(contentStart, input.value.lastIndexOf('\n', close - 1) + 1) : close
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
