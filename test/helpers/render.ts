/**
 * Rendering a Markdown post to HTML the way a site would, for tests of pages.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast'
import { toHtml } from 'hast-util-to-html'
import type { Root as MdastRoot } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter'
import { toHast } from 'mdast-util-to-hast'
import { frontmatter } from 'micromark-extension-frontmatter'
import { visit } from 'unist-util-visit'

/** Render a post to HTML as a site would, optionally with highlighter spans around every word. */
export function render(markdown: Buffer, highlight: boolean): string {
  const mdast: MdastRoot = fromMarkdown(markdown.toString('utf8'), {
    extensions: [frontmatter(['yaml'])],
    mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
  })
  const body = toHast(mdast) as HastRoot
  if (highlight) {
    visit(body, 'element', (node: Element) => {
      if (node.tagName !== 'code') return
      node.children = node.children.flatMap((child): ElementContent[] =>
        child.type === 'text'
          ? child.value.split(/(\w+)/).map((part, i): ElementContent =>
              i % 2 ? { type: 'element', tagName: 'span', properties: { className: ['n'] }, children: [{ type: 'text', value: part }] } : { type: 'text', value: part },
            )
          : [child],
      )
    })
  }
  const html = toHtml(body, { characterReferences: { useNamedReferences: true } })
  return `<!doctype html>\n<html><head><title>News</title></head><body><main>${html}</main></body></html>\n`
}

