/**
 * Reading a post a chunk at a time (`sources/markdown.ts`) gives what
 * micromark reading the whole post gives: every code block (value and
 * offsets), heading, and `Source:` paragraph (its link and start), for random posts made of the lines posts
 * are made of — prose, headings, blank lines, fences of every kind and length
 * (closed, unclosed, indented, with info strings, with a backtick in the info
 * string), HTML, indented code, CRLF.
 */
import fc from 'fast-check'
import type { Nodes, Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter'
import { toString } from 'mdast-util-to-string'
import { frontmatter } from 'micromark-extension-frontmatter'
import { describe, expect, it } from 'vitest'
import { visit } from 'unist-util-visit'
import { sourceOf } from '../src/sources/assemble.js'
import { chunks } from '../src/sources/markdown.js'

function linkIn(node: Nodes): string | undefined {
  let url: string | undefined
  visit(node, 'link', (link) => {
    url ??= link.url
  })
  return url
}

const layoutOnly = {
  disable: { null: ['attention', 'blockQuote', 'definition', 'labelEnd', 'labelStartImage', 'labelStartLink', 'list', 'setextUnderline'] },
}

type Block = [type: string, text: string, start: number, end: number]

function blocks(tree: Root, base: number): Block[] {
  return tree.children.flatMap((node: Nodes): Block[] => {
    const start = base + (node.position?.start.offset ?? 0)
    const end = base + (node.position?.end.offset ?? 0)
    if (node.type === 'code') return [['code', node.value, start, end]]
    if (node.type === 'heading') return [[node.type, toString(node), start, end]]
    // A paragraph may be read in parts: what counts is the `Source:` link one gives, from its start.
    const url = node.type === 'paragraph' ? sourceOf(toString(node), linkIn(node)) : undefined
    return url ? [['source', url, start, start]] : []
  })
}

function whole(post: string): Block[] {
  return blocks(fromMarkdown(post, { extensions: [frontmatter(['yaml']), layoutOnly], mdastExtensions: [frontmatterFromMarkdown(['yaml'])] }), 0)
}

function chunked(post: string): Block[] {
  return [...chunks(post)].flatMap(({ tree, base }) => blocks(tree, base))
}

const line = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('Some prose here.', 'More words, and a number 42.', 'Source: https://example.invalid/a.txt', '**Source:** <https://example.invalid/b.txt>', 'Source:', 'https://example.invalid/d.txt', 'source: https://example.invalid/c', 'x', '`code span', 'span` ends', '<b>bold</b>') },
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom('## A heading', '# Title', '###') },
  { weight: 3, arbitrary: fc.constantFrom('```', '````', '~~~', '~~~~', '```text', '``` a`b', '   ```', '  ~~~  ', '```   ', '    ```', '\t```') },
  { weight: 1, arbitrary: fc.constantFrom('<div>', '</div>', '<!-- note', '-->', '<pre>', '</pre>') },
  { weight: 1, arbitrary: fc.constantFrom('    indented code', '\tcode with a tab', '---', '***', '===', '- item', '> quote') },
)

const post = fc
  .tuple(fc.boolean(), fc.array(line, { maxLength: 1500, size: 'max' }), fc.boolean(), fc.boolean())
  .map(([front, lines, crlf, final]) => {
    const text = (front ? ['---', 'title: "A post"', '---', '', ...lines] : lines).join('\n') + (final ? '\n' : '')
    return crlf ? text.replace(/\n/g, '\r\n') : text
  })

describe('a post read a chunk at a time', () => {
  it('gives the blocks micromark gives for the whole post', () => {
    fc.assert(
      fc.property(post, (text) => {
        expect(chunked(text)).toEqual(whole(text))
      }),
      { numRuns: 150 },
    )
  })

  // Regression (found by the property above): a fence inside front matter is front matter, not a cut.
  it.each([
    ['a fence in front matter, CRLF', '---\r\n~~~~\r\n---'],
    ['a fence in front matter, then a fence', '---\n```\ntitle: x\n---\n```\ncode\n```\n'],
    ['front matter longer than a chunk', `---\n${'title: a long line of front matter\n'.repeat(3000)}---\n\nSource: https://example.invalid/a.txt\n`],
    ['an unclosed opener is a rule', '---\n~~~\ncode\n'],
  ])('%s', (_, text) => {
    expect(chunked(text)).toEqual(whole(text))
  })

  // Regression (found by the property above): a `Source:` paragraph whose link comes lines later is not cut before its link.
  it('a Source paragraph across a chunk boundary keeps its link', () => {
    for (let pad = 4000; pad < 4120; pad += 3) {
      const text = `${'Some prose here, on and on.\n\n'.repeat(Math.floor(pad / 29))}${'x'.repeat(pad % 29)}\n\nSource:\n\`code span\nhttps://example.invalid/d.txt\n`
      expect(chunked(text), String(pad)).toEqual(whole(text))
    }
  })

  it('reads long posts in many chunks, and a fenced block without micromark, the same', () => {
    const prose = 'A paragraph of prose.\nIt goes on.\n\n'.repeat(400)
    const text = `---\ntitle: x\n---\n\n${prose}## Heading\n\n\`\`\`\n${'code line\n'.repeat(2000)}\`\`\`\n\n${prose}~~~~\nunclosed\n\n`
    expect([...chunks(text)].length).toBeGreaterThan(5)
    expect(chunked(text)).toEqual(whole(text))
  })
})
