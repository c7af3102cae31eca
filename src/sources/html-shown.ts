/**
 * What a page shows, as far as the page itself says: which elements it hides
 * from the reader, by attribute (`hidden`, `aria-hidden="true"`), by element
 * (`<template>`, a closed `<details>` or `<dialog>`), by inline style or by a
 * rule of its own `<style>` sheets (`display: none`, `visibility: hidden`,
 * `opacity: 0`, a zero size or font size, transparent text, text moved or
 * clipped out of view). Stylesheets the page links to are not read, and a
 * `<style>` rule is matched by the last compound of its selector only (tag,
 * classes, id): an over-approximation, so that in doubt text counts as hidden.
 */
import type { Element, Root } from 'hast'
import { toText } from 'hast-util-to-text'
import { walk } from './html-walk.js'

/** A compound selector of a hiding rule: every part must match. */
interface Compound {
  tag: string | undefined
  id: string | undefined
  classes: string[]
  /** The rule, for the warning. */
  rule: string
}

/** Declarations that hide an element's text from a reader. */
const hiding =
  /(?:^|[;{\s])(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*(?:0+(?:\.0+)?|\.0+)\s*(?:!important\s*)?(?:;|$)|font-size\s*:\s*(?:0+(?:\.0+)?|\.0+)(?:[a-z%]+)?\s*(?:!important\s*)?(?:;|$)|(?:max-)?(?:width|height)\s*:\s*(?:0+(?:\.0+)?|\.0+)(?:[a-z%]+)?\s*(?:!important\s*)?(?:;|$)|color\s*:\s*transparent|clip\s*:\s*rect\(\s*0|clip-path\s*:\s*(?:inset\(\s*50%|circle\(\s*0)|text-indent\s*:\s*-\d{3,}|(?:left|top|right|bottom|margin-left|margin-top)\s*:\s*-\d{3,}|transform\s*:\s*scale[xy]?\(\s*0(?:\.0+)?\s*[,)]|content-visibility\s*:\s*hidden)/i

/**
 * Why an element hides its content, judging by the element alone.
 *
 * @param node
 *   The element.
 * @param rules
 *   The page's hiding rules, from {@link hidingRules}.
 * @returns
 *   What hides it (`display:none` in its `style`, the `hidden` attribute, …), or undefined.
 */
export function hiddenBy(node: Element, rules: readonly Compound[]): string | undefined {
  const { properties } = node
  if (properties.hidden !== undefined && properties.hidden !== false && properties.hidden !== null) return 'the `hidden` attribute'
  if (String(properties.ariaHidden) === 'true') return '`aria-hidden="true"`'
  if (node.tagName === 'template') return 'a `<template>`'
  const style = typeof properties.style === 'string' ? properties.style : ''
  const inline = hiding.exec(style)
  if (inline) return `\`${inline[0].replace(/^[;{\s]+|[;\s]+$/g, '')}\` in its \`style\``
  for (const rule of rules) if (matches(node, rule)) return `the page’s rule \`${rule.rule}\``
  return undefined
}

/**
 * Whether an element hides its children other than the first: a closed
 * `<details>` shows only its `<summary>`, a closed `<dialog>` nothing.
 *
 * @param node
 *   The element.
 * @returns
 *   What hides them, or undefined.
 */
export function closedBy(node: Element): string | undefined {
  if (node.properties.open !== undefined && node.properties.open !== false && node.properties.open !== null) return undefined
  if (node.tagName === 'details') return 'a closed `<details>`'
  if (node.tagName === 'dialog') return 'a closed `<dialog>`'
  return undefined
}

/**
 * The page's `<style>` rules that hide what they select.
 *
 * @param tree
 *   The page.
 * @returns
 *   The last compound of each selector of each such rule.
 */
export function hidingRules(tree: Root): Compound[] {
  const rules: Compound[] = []
  walk(tree, (node) => {
    if (node.type !== 'element') return undefined
    if (node.tagName !== 'style') return undefined
    for (const { prelude, body } of leafBlocks(toText(node))) {
      if (!hiding.test(` ${body}`)) continue
      for (const selector of prelude.split(',')) {
        const compound = lastCompound(selector.trim())
        if (compound) rules.push({ ...compound, rule: `${selector.trim()} { ${body.trim()} }` })
      }
    }
    return 'skip'
  })
  return rules
}

/** Innermost `prelude { body }` blocks of a stylesheet, in one pass (`@media` blocks are opened, not judged). */
function leafBlocks(sheet: string): { prelude: string; body: string }[] {
  const blocks: { prelude: string; body: string }[] = []
  const parts = sheet.replace(/\/\*[^]*?\*\//g, ' ').split(/([{}])/)
  for (let index = 1; index + 2 < parts.length; index++) {
    if (parts[index] === '{' && parts[index + 2] === '}') blocks.push({ prelude: lastStatement(parts[index - 1] ?? ''), body: parts[index + 1] ?? '' })
  }
  return blocks
}

/** The selector before a block: what follows the last `;` (an `@import …;` before it is not part of it). */
function lastStatement(text: string): string {
  return text.slice(text.lastIndexOf(';') + 1)
}

function lastCompound(selector: string): Omit<Compound, 'rule'> | undefined {
  if (selector === '' || selector.startsWith('@')) return undefined
  const last = selector.split(/[\s>+~]+/).filter(Boolean).at(-1) ?? ''
  // Pseudo-classes and attribute selectors are dropped: the compound then matches more, never less.
  const bare = last.replace(/\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?/g, '')
  const tag = /^[a-z][\w-]*/i.exec(bare)?.[0]?.toLowerCase()
  const id = /#([\w-]+)/.exec(bare)?.[1]
  const classes = [...bare.matchAll(/\.([\w-]+)/g)].map((found) => found[1] as string)
  if (tag === undefined && id === undefined && classes.length === 0 && !bare.startsWith('*')) return undefined
  return { tag: tag === undefined || tag === '*' ? undefined : tag, id, classes }
}

function matches(node: Element, compound: Omit<Compound, 'rule'>): boolean {
  if (compound.tag !== undefined && node.tagName !== compound.tag) return false
  if (compound.id !== undefined && node.properties.id !== compound.id) return false
  if (compound.classes.length === 0) return true
  const className = node.properties.className
  const classes = Array.isArray(className) ? className.map(String) : []
  return compound.classes.every((name) => classes.includes(name))
}
