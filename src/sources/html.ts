/**
 * HTML pages: posts as the website renders them, the bulletin and each
 * signature in a `pre` (usually `pre > code`, wrapped by a highlighter in
 * nested `span`s), special characters as entities. The HTML parser decodes the
 * entities; the text of a `pre` is its text nodes joined, exactly, with
 * furniture the page puts in it (line numbers, a copy button) left out. The
 * span of a text read from a `pre` starts at its first character's source and
 * ends past its last (tags and entities between them included, see
 * `html-offsets.ts`); what the page hides of it, and what it shows in the
 * `pre` that is not in it, are warnings.
 */
import type { Element, Nodes, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toText } from 'hast-util-to-text'
import { type Origin, type Piece, piecesOf, sourceOf } from './assemble.js'
import { sourceOffsets } from './html-offsets.js'
import { closedBy, hiddenBy, hidingRules } from './html-shown.js'
import { walk } from './html-walk.js'
import type { Input } from './input.js'
import type { Hints, Part } from './types.js'

/** A run of text in a `pre`, and where its source is in the input. */
interface Run {
  value: string
  /** Offset of the run in the `pre`'s text. */
  at: number
  /** Source offset of each character of `value` (and of its end); undefined when not known exactly. */
  offsets: number[] | undefined
  start: number | undefined
  end: number | undefined
  /** What hides it from the reader, if anything. */
  hidden: string | undefined
}

/** Something the page shows inside a `pre` that is not its text. */
interface Furniture {
  what: string
  text: string
  /** Offset in the `pre`'s text where it stands. */
  at: number
  source: number | undefined
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
export function readHtml(input: Input): { pieces: Piece[]; hints: Hints; tree: Root; refresh: Refresh | undefined } {
  const tree = fromHtml(input.value, { onerror: undefined })
  const { hints, refresh } = pageFacts(tree, input)
  const rules = hidingRules(tree)
  const pieces: Piece[] = []
  // What hides each open element's content, innermost last, parallel to the walk's ancestors.
  const hiders: (string | undefined)[] = []
  walk(tree, (node, ancestors) => {
    hiders.length = ancestors.length
    if (node.type !== 'element') return undefined
    const name = node.tagName
    if (name === 'script' || name === 'style' || name === 'template') return 'skip'
    const parent = ancestors.at(-1)
    const inherited = hiders.at(-1) ?? (parent && closedBy(parent) && !isSummary(node, parent) ? `${closedBy(parent)} at ${input.where(parent.position?.start.offset ?? 0)}` : undefined)
    const own = hiddenBy(node, rules)
    const hidden = inherited ?? (own ? `${own} on ${describe(node)} at ${input.where(node.position?.start.offset ?? 0)}` : undefined)
    hiders.push(hidden)
    if (name === 'pre') {
      const origin = preOrigin(node, [...ancestors], input, hints, rules, hidden)
      pieces.push(...piecesOf(origin, (offset) => input.where(origin.toInput(offset))))
      return 'skip'
    }
    if (/^h[1-6]$/.test(name)) {
      pieces.push({ kind: 'caption' })
      return 'skip'
    }
    if (name === 'p' || name === 'li' || name === 'dd') {
      const url = sourceOf(toText(node), linkIn(node))
      if (url) pieces.push({ kind: 'source', url })
    }
    return undefined
  })
  return { pieces, hints, tree, refresh }
}

/** Where a `<meta http-equiv="refresh">` sends the reader. */
export interface Refresh {
  /** The URL, as written. */
  target: string
  /** After how many seconds. */
  delay: number
  /** Where the element is (`page.html:4`). */
  where: string
}

const space = '[\\t\\n\\f\\r ]*'
const refreshDelay = new RegExp(`^${space}(\\d+)[\\d.]*${space}[;,]?${space}`)
const refreshUrl = new RegExp(`^url${space}=${space}`, 'i')

/**
 * The delay and URL of a refresh's `content`, read as the HTML standard's
 * "shared declarative refresh steps" do: a delay, an optional `;` or `,`, an
 * optional `url=`, the URL (quotes optional). Step by step, never one pattern
 * that backtracks over a long hostile attribute.
 */
function refreshTarget(content: string): { delay: number; target: string } | undefined {
  const delay = refreshDelay.exec(content)
  if (!delay) return undefined
  let url = content.slice(delay[0].length)
  url = url.slice(refreshUrl.exec(url)?.[0].length ?? 0)
  const quote = url[0]
  if (quote === '"' || quote === "'") {
    const close = url.indexOf(quote, 1)
    url = url.slice(1, close < 0 ? undefined : close)
  }
  const target = url.trim()
  return target ? { delay: Number(delay[1]), target } : undefined
}

function isSummary(node: Element, parent: Element): boolean {
  return node.tagName === 'summary' && parent.children.find((child) => child.type === 'element') === node
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
  let body: Root | Element = tree
  walk(tree, (node) => {
    if (node.type !== 'element' || node.tagName !== 'body') return undefined
    body = node
    return 'skip'
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
    encoding: 'html',
  }
}

function preOrigin(
  node: Element,
  ancestors: readonly Element[],
  input: Input,
  hints: Hints,
  rules: Parameters<typeof hiddenBy>[1],
  hidden: string | undefined,
): Origin {
  const runs: Run[] = []
  const furniture: Furniture[] = []
  let at = 0
  const hiders: (string | undefined)[] = []
  walk(node, (child, above) => {
    // `above` starts at the `pre`'s children: the pre itself is not among them.
    hiders.length = above.length
    const inherited = hiders.at(-1) ?? hidden
    if (child.type === 'text') {
      const start = child.position?.start.offset
      const end = child.position?.end.offset
      const offsets = start === undefined || end === undefined ? undefined : sourceOffsets(input.value, start, end, child.value)
      runs.push({ value: child.value, at, offsets, start, end, hidden: inherited })
      at += child.value.length
      return undefined
    }
    if (child.type !== 'element' || child === node) return undefined
    const own = hiddenBy(child, rules)
    const here = inherited ?? (own ? `${own} on ${describe(child)} at ${input.where(child.position?.start.offset ?? 0)}` : undefined)
    if (child.tagName === 'br') {
      runs.push({ value: '\n', at, offsets: undefined, start: child.position?.start.offset, end: child.position?.end.offset, hidden: here })
      at += 1
      return 'skip'
    }
    if (isFurniture(child)) {
      const text = toText(child).trim()
      if (!here && text !== '') furniture.push({ what: describe(child), text, at, source: child.position?.start.offset })
      return 'skip'
    }
    hiders.push(here)
    return undefined
  })
  const value = runs.map((run) => run.value).join('')
  const fallback = { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? input.value.length }
  const toInput = (offset: number): number => inputOffset(runs, offset, fallback)
  return {
    format: 'html',
    value,
    edge: 'block',
    crlf: input.crlf,
    lossy: false,
    toInput,
    place: input.place,
    byteOffset: input.byteOffset,
    hints,
    encoding: 'html',
    part: elementPart(node, ancestors, input),
    review: (start, end) => review(runs, furniture, start, end, input),
  }
}

/** The warnings for the text between two offsets of a `pre`'s text: hidden runs in it, furniture shown in the element. */
function review(runs: readonly Run[], furniture: readonly Furniture[], start: number, end: number, input: Input): string[] {
  const warnings: string[] = []
  const byReason = new Map<string, { from: number; to: number }>()
  for (const run of runs) {
    if (!run.hidden || run.at + run.value.length <= start || run.at >= end || run.value.trim() === '') continue
    const seen = byReason.get(run.hidden)
    const from = run.start ?? 0
    byReason.set(run.hidden, { from: seen?.from ?? from, to: run.end ?? from })
  }
  for (const [reason, { from, to }] of byReason) {
    warnings.push(`the page hides verified text from the reader (${reason}): ${range(input, from, to)} is verified but not shown`)
  }
  for (const item of furniture) {
    const inside = item.at > start && item.at < end
    warnings.push(
      `the page shows “${clip(item.text)}” (${item.what} at ${input.where(item.source ?? 0)}) ${inside ? 'inside the verified text' : 'in the element of the verified text'}; it is not part of the verified bytes`,
    )
  }
  return warnings
}

function range(input: Input, from: number, to: number): string {
  const first = input.place(from).line
  const last = input.place(Math.max(from, to - 1)).line
  return first === last ? `line ${first}` : `lines ${first}–${last}`
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > 40 ? `${line.slice(0, 39)}…` : line
}

/** The `pre` as a part: its tag and classes, its path from `body`, its whole source. */
function elementPart(node: Element, ancestors: readonly Element[], input: Input): Part {
  const start = node.position?.start.offset ?? 0
  const end = node.position?.end.offset ?? input.value.length
  const path = [...ancestors.filter((ancestor) => ancestor.tagName !== 'html'), node].map(describe).join(' > ')
  return {
    kind: 'element',
    name: `<pre> (${path})`,
    span: { start: input.place(start), end: input.place(end) },
    byteSpan: input.byteOffset ? { start: input.byteOffset(start), end: input.byteOffset(end) } : undefined,
  }
}

/** `div.highlight`, `pre#qsb`, `code`: an element as a selector would name it. */
function describe(node: Element): string {
  const id = typeof node.properties.id === 'string' ? `#${node.properties.id}` : ''
  const className = node.properties.className
  const first = Array.isArray(className) && className.length > 0 ? `.${String(className[0])}` : ''
  return `${node.tagName}${id}${first}`
}

/** Classes highlighters give to line numbers they put inside the code. */
const lineNumbers = new Set(['gutter', 'line-number', 'line-numbers', 'lineno', 'linenos', 'rouge-gutter'])

/** Line numbers, copy buttons and form controls in a `pre` are the page's, not the text's. */
function isFurniture(node: Element): boolean {
  if (['button', 'select', 'textarea', 'input', 'img', 'svg', 'math'].includes(node.tagName)) return true
  const { className } = node.properties
  return Array.isArray(className) && className.some((name) => lineNumbers.has(String(name)))
}

/**
 * Map an offset in a `pre`'s text to the input: exact where the run's
 * characters were traced to the source, else the start (or end) of the run.
 */
function inputOffset(runs: readonly Run[], offset: number, fallback: { start: number; end: number }): number {
  for (const run of runs) {
    if (offset > run.at + run.value.length) continue
    if (run.offsets) return run.offsets[offset - run.at] as number
    if (run.start === undefined || run.end === undefined) break
    return offset === run.at + run.value.length ? run.end : run.start
  }
  return offset === 0 ? fallback.start : fallback.end
}

function linkIn(node: Element): string | undefined {
  let url: string | undefined
  walk(node, (child) => {
    if (child.type === 'element' && child.tagName === 'a' && typeof child.properties.href === 'string') url ??= child.properties.href
    return undefined
  })
  return url
}

/**
 * What the page says of itself, in one walk: its title and date (from
 * `<title>` and the first `<time datetime>` or `article:published_time`), and
 * the first `<meta http-equiv="refresh" content="N; url=…">` that sends the
 * reader to another address (as the pages a static site writes for a post
 * that moved do; a refresh without a URL only reloads the page).
 */
function pageFacts(tree: Root, input: Input): { hints: Hints; refresh: Refresh | undefined } {
  const hints: Hints = {}
  let refresh: Refresh | undefined
  walk(tree, (node: Nodes) => {
    if (node.type !== 'element') return undefined
    const { properties } = node
    if (node.tagName === 'meta' && refresh === undefined && typeof properties.content === 'string') {
      const equiv = (Array.isArray(properties.httpEquiv) ? properties.httpEquiv : [properties.httpEquiv]).map((name) => String(name).toLowerCase())
      const found = equiv.includes('refresh') ? refreshTarget(properties.content) : undefined
      if (found) refresh = { ...found, where: input.where(node.position?.start.offset ?? 0) }
    }
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
    return undefined
  })
  return { hints, refresh }
}
