/**
 * HTML pages: posts as the website renders them, the bulletin and each
 * signature in a `pre` (usually `pre > code`, wrapped by a highlighter in
 * nested `span`s), special characters as entities. The HTML parser decodes the
 * entities; the text of a `pre` is its text nodes joined, exactly.
 */
import type { Element, Nodes, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toText } from 'hast-util-to-text'
import { SKIP, visit } from 'unist-util-visit'
import { type Origin, type Piece, piecesOf, sourceOf } from './assemble.js'
import type { Input } from './input.js'
import type { Hints } from './types.js'

/** A run of text in a `pre`, and where its source is in the input. */
interface Run {
  value: string
  /** Offset of the run in the `pre`'s text. */
  at: number
  start: number | undefined
  end: number | undefined
}

/**
 * Read an HTML page into pieces: bulletins and signatures from its `pre`
 * blocks, `Source:` links and headings between them.
 *
 * @param input
 *   The decoded input.
 * @returns
 *   The pieces in document order, and the page as text for when no `pre` holds a bulletin.
 */
export function readHtml(input: Input): { pieces: Piece[]; hints: Hints; tree: Root } {
  const tree = fromHtml(input.value, { onerror: undefined })
  const hints = pageHints(tree)
  const pieces: Piece[] = []
  visit(tree, 'element', (node: Element) => {
    const name = node.tagName
    if (name === 'pre') {
      const origin = preOrigin(node, input, hints)
      pieces.push(...piecesOf(origin, (offset) => input.where(origin.toInput(offset))))
      return SKIP
    }
    if (/^h[1-6]$/.test(name)) {
      pieces.push({ kind: 'caption' })
      return SKIP
    }
    if (name === 'p' || name === 'li' || name === 'dd') {
      const url = sourceOf(toText(node), linkIn(node))
      if (url) pieces.push({ kind: 'source', url })
    }
    if (name === 'script' || name === 'style' || name === 'template') return SKIP
    return undefined
  })
  return { pieces, hints, tree }
}

/**
 * The page's text when no `pre` holds the bulletin (a page that reflowed it
 * into paragraphs): whitespace collapsed, so never the signed bytes.
 *
 * @param tree
 *   The page.
 * @param input
 *   The decoded input.
 * @param hints
 *   What the page says.
 * @returns
 *   The origin to scan.
 */
export function pageOrigin(tree: Root, input: Input, hints: Hints): Origin {
  let body: Nodes = tree
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'body') return undefined
    body = node
    return SKIP
  })
  const start = body.position?.start.offset ?? 0
  const end = body.position?.end.offset ?? input.value.length
  return {
    format: 'html',
    value: toText(body),
    edge: 'text',
    crlf: false,
    lossy: true,
    toInput: (offset) => (offset === 0 ? start : end),
    place: input.place,
    byteOffset: input.byteOffset,
    hints,
  }
}

function preOrigin(node: Element, input: Input, hints: Hints): Origin {
  const runs: Run[] = []
  let at = 0
  const add = (value: string, start: number | undefined, end: number | undefined): void => {
    runs.push({ value, at, start, end })
    at += value.length
  }
  visit(node, (child: Nodes) => {
    if (child.type === 'text') add(child.value, child.position?.start.offset, child.position?.end.offset)
    else if (child.type === 'element' && child.tagName === 'br') add('\n', child.position?.start.offset, child.position?.end.offset)
    else if (child.type === 'element' && isFurniture(child)) return SKIP
    return undefined
  })
  const value = runs.map((run) => run.value).join('')
  const fallback = { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? input.value.length }
  return {
    format: 'html',
    value,
    edge: 'block',
    crlf: input.crlf,
    lossy: false,
    toInput: (offset) => inputOffset(runs, offset, fallback),
    place: input.place,
    byteOffset: input.byteOffset,
    hints,
  }
}

/** Classes highlighters give to line numbers they put inside the code. */
const lineNumbers = new Set(['gutter', 'line-number', 'line-numbers', 'lineno', 'linenos', 'rouge-gutter'])

/** Line numbers and copy buttons in a `pre` are the page's, not the text's. */
function isFurniture(node: Element): boolean {
  if (node.tagName === 'button') return true
  const { className } = node.properties
  return Array.isArray(className) && className.some((name) => lineNumbers.has(String(name)))
}

/**
 * Map an offset in a `pre`'s text to the input: exact inside a run written
 * without entities, else the start (or end) of the run it falls in.
 */
function inputOffset(runs: readonly Run[], offset: number, fallback: { start: number; end: number }): number {
  for (const run of runs) {
    if (offset > run.at + run.value.length) continue
    if (run.start === undefined || run.end === undefined) break
    const verbatim = run.end - run.start === run.value.length
    if (offset === run.at + run.value.length) return run.end
    return verbatim ? run.start + (offset - run.at) : run.start
  }
  return offset === 0 ? fallback.start : fallback.end
}

function linkIn(node: Element): string | undefined {
  let url: string | undefined
  visit(node, 'element', (child: Element) => {
    if (child.tagName === 'a' && typeof child.properties.href === 'string') url ??= child.properties.href
  })
  return url
}

/** The page's title and date, from `<title>` and the first `<time datetime>` or `article:published_time`. */
function pageHints(tree: Root): Hints {
  const hints: Hints = {}
  visit(tree, 'element', (node: Element) => {
    const { properties } = node
    if (node.tagName === 'title' && hints.title === undefined) {
      const title = toText(node).trim()
      if (title) hints.title = title
    } else if (hints.date === undefined) {
      const date =
        node.tagName === 'time'
          ? properties.dateTime
          : node.tagName === 'meta' && properties.property === 'article:published_time'
            ? properties.content
            : undefined
      if (typeof date === 'string') hints.date = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? date
    }
  })
  return hints
}
