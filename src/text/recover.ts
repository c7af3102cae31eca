/**
 * Recovering the sections of a damaged copy. Scrapes lose underlines (the
 * grammar then knows headings only by name) and sometimes whole heading
 * lines. A bulletin's sections come in a known order, and each has text that
 * gives it away: a lost `Patching` heading stood above "The following
 * packages contain security updates…". This pass puts such blocks back under
 * a heading marked `recovered`, and says so in a message. It runs only on
 * text the caller marked lossy; an exact document is never restructured.
 */
import type { VFile } from 'vfile'
import { note } from './messages.js'
import { sectionRole, type SectionRole } from './vocabulary.js'
import type { Block, Heading, Paragraph, Root, RootContent, Section, Signoff } from './types.js'

interface Cue {
  role: SectionRole
  heading: string
  test: (block: Block) => boolean
}

const paragraphStarts =
  (pattern: RegExp) =>
  (block: Block): boolean =>
    (block.type === 'paragraph' || block.type === 'indented') && pattern.test(block.value)

/** Cues in the order the sections appear in a bulletin. */
const cues: readonly Cue[] = [
  { role: 'summary', heading: 'Summary', test: paragraphStarts(/^On \d{4}-\d{2}-\d{2},? the Xen Project published\b/) },
  { role: 'impact', heading: 'Impact', test: paragraphStarts(/^(?:The impact\b|In Qubes OS,? (?:this|these)\b)/) },
  {
    role: 'patching',
    heading: 'Patching',
    test: paragraphStarts(/^The (?:following|specific) packages (?:contain|that resolve)\b/),
  },
  {
    role: 'credits',
    heading: 'Credits',
    test: paragraphStarts(
      /^(?:See the original (?:Xen )?Security Advisor(?:y|ies)\b|(?:The|This) (?:issue|bug|vulnerability) was (?:discovered|reported|found)\b)/,
    ),
  },
  { role: 'references', heading: 'References', test: (block) => block.type === 'definition' },
]

/**
 * Put blocks whose heading was lost back under a recovered heading.
 *
 * @param root
 *   Tree of a lossy document (changed in place).
 * @param file
 *   Receives an informational message per recovered heading.
 */
export function recoverSections(root: Root, file: VFile): void {
  const present = new Set<SectionRole>()
  for (const node of root.children) if (node.type === 'section') collectRoles(node, present)
  const children: RootContent[] = []
  let current: Section | undefined
  let next = 0
  const add = (node: Section['children'][number]): void => {
    if (current) (current.children as Section['children'][number][]).push(node)
    else children.push(node as RootContent)
  }
  for (const node of root.children) {
    if (node.type !== 'section') {
      if (!isBlock(node)) {
        // Banner, date, title, sign-off: not inside any section.
        children.push(node)
        current = undefined
        continue
      }
      if (isSignature(node)) {
        children.push(signoff(node, file))
        current = undefined
        continue
      }
      const cue = match(node, next, present)
      if (cue) {
        current = open(cue, node, file, present)
        next = cues.indexOf(cue) + 1
        children.push(current)
      } else add(node)
      continue
    }
    // A section that kept its heading: its blocks may still run into a lost one.
    const [heading, ...rest] = node.children
    const role = heading?.type === 'heading' ? sectionRole(heading.value) : undefined
    const known = cues.findIndex((cue) => cue.role === role)
    if (known >= 0) next = Math.max(next, known + 1)
    node.children = heading ? [heading as Heading] : []
    current = node
    children.push(node)
    for (const child of rest) {
      if (isBlock(child) && isSignature(child)) {
        children.push(signoff(child, file))
        current = undefined
        continue
      }
      const cue = isBlock(child) ? match(child, next, present) : undefined
      if (cue) {
        current = open(cue, child as Block, file, present)
        next = cues.indexOf(cue) + 1
        children.push(current)
      } else add(child)
    }
  }
  for (const node of children) if (node.type === 'section') setPosition(node)
  root.children = children
}

function collectRoles(section: Section, roles: Set<SectionRole>): void {
  const heading = section.children[0]
  const role = heading?.type === 'heading' ? sectionRole(heading.value) : undefined
  if (role) roles.add(role)
  for (const child of section.children) if (child.type === 'section') collectRoles(child, roles)
}

function match(node: Block, from: number, present: Set<SectionRole>): Cue | undefined {
  return cues.slice(from).find((cue) => !present.has(cue.role) && cue.test(node))
}

function isBlock(node: { type: string }): node is Block {
  return ['paragraph', 'indented', 'quote', 'list', 'release', 'definition', 'changelog', 'thematicBreak'].includes(node.type)
}

function open(cue: Cue, first: Block, file: VFile, present: Set<SectionRole>): Section {
  present.add(cue.role)
  const start = first.position.start
  const heading: Heading = {
    type: 'heading',
    depth: 1,
    underlined: false,
    value: cue.heading,
    data: { recovered: true },
    position: { start, end: start },
  }
  note(file, `Heading \`${cue.heading}\` was lost in transit; recovered from the text that follows it`, start, 'recovered-heading')
  return { type: 'section', depth: 1, children: [heading, first], position: { start, end: first.position.end } }
}

/** The team's signature line, left bare when the `--` above it was lost. */
function isSignature(block: Block): block is Paragraph {
  return block.type === 'paragraph' && /^The Qubes (?:Security )?Team(?: |$)/.test(block.value)
}

function signoff(block: Paragraph, file: VFile): Signoff {
  note(file, 'Sign-off separator `--` was lost in transit; recovered from the signature line', block, 'recovered-signoff')
  // A sign-off keeps its lines (the paragraph joined them): read them back from the text.
  const text = String(file.value).slice(block.position.start.offset ?? 0, block.position.end.offset ?? 0)
  const value = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .join('\n')
  return { type: 'signoff', value, position: block.position }
}

function setPosition(section: Section): void {
  const first = section.children[0]
  const last = section.children.at(-1)
  if (first && last) section.position = { start: first.position.start, end: last.position.end }
}
