/**
 * A bulletin renderer for tests: a generated model of a QSB in, the exact
 * secpack layout out (centred banner, date and title, underlined headings,
 * wrapped paragraphs, `|` quotes, `For Qubes X.Y` package lists, `[n]`
 * references, the `--` sign-off), and what a parser must read back from it.
 *
 * The arbitrary makes valid bulletins only: prose comes from a fixed
 * dictionary with no digits, months, list markers, heading names or words
 * that the extractors look for (`XSA`, `CVE`, `version`, `packages`,
 * `through`, `and`…), so every advisory, CVE, citation and package in the
 * text is one the model put there.
 */
import fc from 'fast-check'

/** Headings of the real vocabulary, in the order bulletins use them. */
export const headingNames = ['User action', 'Summary', 'Impact', 'Affected systems', 'Patching', 'Credits', 'References'] as const
export type HeadingName = (typeof headingNames)[number]

/** A word, an advisory or a CVE, with the `[n]` citations written after it. */
export interface Inline {
  text: string
  xsas: number[]
  cves: string[]
  cites: string[]
}

export interface PatchGroup {
  /** Releases as normalised (`4.2`); written with an `R` when `prefix`. */
  releases: string[]
  prefix: '' | 'R'
  domain: string | null
  packages: Array<{ name: string; version: string; comma: boolean }>
}

export type Block =
  | { type: 'paragraph'; sentences: Inline[][] }
  | { type: 'quote'; paragraphs: Inline[][] }
  | { type: 'patching'; groups: PatchGroup[]; marker: '-' | '*'; trailer: boolean }
  | { type: 'references'; urls: Array<{ url: string; xsa: number | null }> }

export interface SectionModel {
  heading: HeadingName
  blocks: Block[]
}

export interface BulletinModel {
  number: number
  /** `#70` (2011–2021) or `070` (2021 on). */
  numberStyle: 'hash' | 'padded'
  /** `YYYY-MM-DD`. */
  date: string
  /** `2025-02-18`, `February 18, 2025`, or `February  8, 2025` (old style, day padded). */
  dateStyle: 'iso' | 'long' | 'padded'
  title: Inline[]
  /** `-` (new style) or `=` (old style) underlines. */
  marker: '-' | '='
  /** Underline length beyond the heading's. */
  underlineExtra: number
  sections: SectionModel[]
}

/** What a line of the rendering is, so that copies can damage it the way scrapers do. */
export type LineRole =
  | 'blank'
  | 'banner'
  | 'date'
  | 'title'
  | 'heading'
  | 'underline'
  | 'text'
  | 'quote'
  | 'context'
  | 'item'
  | 'reference'
  | 'signoff'
  | 'team'
  | 'url'

export interface RenderedLine {
  text: string
  role: LineRole
  /** For `text`: the last line of a paragraph of several lines. */
  last?: boolean
  /** For `text`: the first line of a paragraph. */
  first?: boolean
}

/** Prose words: none is a heading, month, marker, number or extractor keyword. */
export const dictionary = [
  'a', 'the', 'of', 'in', 'on', 'with', 'by', 'can', 'could', 'might', 'not', 'when', 'which', 'this', 'that',
  'other', 'all', 'any', 'some', 'each', 'only', 'still', 'also', 'after', 'before', 'while', 'because', 'into',
  'access', 'allows', 'attacker', 'backend', 'block', 'buffer', 'cache', 'check', 'code', 'crash', 'data', 'device',
  'domain', 'driver', 'error', 'event', 'field', 'frame', 'guest', 'handler', 'host', 'input', 'leak', 'limit',
  'lock', 'map', 'memory', 'mode', 'network', 'object', 'page', 'path', 'pointer', 'queue', 'race', 'read', 'region',
  'reply', 'request', 'ring', 'service', 'shared', 'size', 'slot', 'stack', 'state', 'table', 'timer', 'value',
  'vector', 'write', 'zone', 'qube', 'hypervisor', 'grant', 'channel', 'frontend', 'copy', 'unmap', 'flush',
  'it\'s', 'don\'t', 'qube\'s', '"latest"', '"fast"', 'write-back', 'use-after-free',
] as const

const packageNames = [
  'Xen packages',
  'Linux kernel packages',
  'Intel microcode packages',
  'qubes-core-dom0',
  'qubes-gui-daemon',
  'qubes-core-agent-linux',
  'qubes-core-qrexec-dom0',
  'qubes-vmm-xen',
]
const domains = [null, 'dom0', 'dom0 and templates', 'templates']
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

const WIDTH = 72

// ----------------------------------------------------------- arbitraries --

const inline = (text: string, xsas: number[] = [], cves: string[] = []): Inline => ({ text, xsas, cves, cites: [] })
const word = fc.constantFrom(...dictionary).map((text) => inline(text))
const xsaNumber = fc.integer({ min: 1, max: 999 })
const mention: fc.Arbitrary<Inline> = fc.oneof(
  { weight: 24, arbitrary: word },
  { weight: 1, arbitrary: xsaNumber.map((n) => inline(`XSA-${n}`, [n])) },
  { weight: 1, arbitrary: xsaNumber.map((n) => inline(`XSA ${n}`, [n])) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(xsaNumber, fc.integer({ min: 1, max: 8 }))
      .map(([from, span]) => inline(`XSA-${from} through XSA-${from + span}`, Array.from({ length: span + 1 }, (_, i) => from + i))),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1999, max: 2030 }), fc.integer({ min: 1, max: 99_999 }))
      .map(([year, n]) => inline(`CVE-${year}-${String(n).padStart(4, '0')}`, [], [`CVE-${year}-${String(n).padStart(4, '0')}`])),
  },
)
/** A sentence: it starts with a word, which is written capitalised. */
const sentence = fc
  .tuple(word, fc.array(mention, { minLength: 2, maxLength: 11 }))
  .map(([first, rest]) => [{ ...first, text: capitalise(first.text) }, ...rest])
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((sentences): Block => ({ type: 'paragraph', sentences }))
const quote = fc
  .array(fc.array(mention, { minLength: 3, maxLength: 16 }), { minLength: 1, maxLength: 2 })
  .map((paragraphs): Block => ({ type: 'quote', paragraphs }))

const version = fc
  .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 30 }), fc.option(fc.integer({ min: 0, max: 30 })), fc.option(fc.integer({ min: 1, max: 20 })))
  .map(([major, minor, patch, release]) => `${major}.${minor}${patch === null ? '' : `.${patch}`}${release === null ? '' : `-${release}`}`)
const release = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 })).map(([x, y]) => `${x}.${y}`)
const patching: fc.Arbitrary<Block> = fc
  .record({
    releases: fc.uniqueArray(release, { minLength: 1, maxLength: 4 }),
    split: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    prefix: fc.constantFrom('' as const, 'R' as const),
    domains: fc.array(fc.constantFrom(...domains), { minLength: 4, maxLength: 4 }),
    packages: fc.array(
      fc.uniqueArray(fc.record({ name: fc.constantFrom(...packageNames), version, comma: fc.boolean() }), {
        minLength: 1,
        maxLength: 3,
        selector: (entry) => entry.name,
      }),
      { minLength: 4, maxLength: 4 },
    ),
    marker: fc.constantFrom('-' as const, '*' as const),
    trailer: fc.boolean(),
  })
  .map(({ releases, split, prefix, domains: chosen, packages, marker, trailer }) => {
    // Consecutive releases share a line (`For Qubes 4.1 and 4.2:`) unless split.
    const groups: PatchGroup[] = []
    releases.forEach((name, index) => {
      const previous = groups.at(-1)
      if (previous && previous.releases.length < 2 && !split[index]) previous.releases.push(name)
      else groups.push({ releases: [name], prefix, domain: chosen[groups.length] ?? null, packages: packages[groups.length] ?? [] })
    })
    return { type: 'patching', groups, marker, trailer }
  })
const references = fc
  .array(
    fc.oneof(
      fc.constantFrom(...dictionary.filter((text) => /^[a-z]+$/.test(text))).map((slug) => ({ url: `https://www.qubes-os.example/doc/${slug}/`, xsa: null })),
      xsaNumber.map((n) => ({ url: `https://xenbits.example.org/xsa/advisory-${n}.html`, xsa: n })),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((urls): Block => ({ type: 'references', urls }))

function sectionOf(heading: HeadingName): fc.Arbitrary<SectionModel> {
  if (heading === 'Patching') return patching.map((block) => ({ heading, blocks: [block] }))
  if (heading === 'References') return references.map((block) => ({ heading, blocks: [block] }))
  return fc
    .tuple(paragraph, fc.array(fc.oneof({ weight: 3, arbitrary: paragraph }, { weight: 1, arbitrary: quote }), { maxLength: 2 }))
    .map(([first, rest]) => ({ heading, blocks: [first, ...rest] }))
}

/** Generated bulletins, each a valid one in the secpack layout. */
export const bulletinModel: fc.Arbitrary<BulletinModel> = fc
  .record({
    number: fc.integer({ min: 1, max: 999 }),
    numberStyle: fc.constantFrom('hash' as const, 'padded' as const),
    date: fc
      .tuple(fc.integer({ min: 2010, max: 2035 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
    dateStyle: fc.constantFrom('iso' as const, 'long' as const, 'padded' as const),
    title: fc
      .tuple(fc.array(word, { minLength: 2, maxLength: 14 }), fc.option(xsaNumber))
      .map(([words, xsa]) => [
        ...words.map((entry, index) => (index === 0 ? { ...entry, text: capitalise(entry.text) } : entry)),
        ...(xsa === null ? [] : [inline(`(XSA-${xsa})`, [xsa])]),
      ])
      // At most two lines of 60.
      .filter((title) => title.map((entry) => entry.text).join(' ').length <= 100),
    marker: fc.constantFrom('-' as const, '=' as const),
    underlineExtra: fc.integer({ min: 0, max: 2 }),
    headings: fc.subarray([...headingNames], { minLength: 1, maxLength: 6 }),
    citations: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  })
  .chain(({ headings, citations, ...rest }) => {
    // References are cited from prose: a bulletin of references alone gets a Summary.
    const names = headings.every((name) => name === 'References' || name === 'Patching') && headings.includes('References')
      ? (['Summary', ...headings] as HeadingName[])
      : headings
    return fc.tuple(...names.map(sectionOf)).map((sections) => cite({ ...rest, sections }, citations))
  })

/** Put each reference's `[n]` after some word of the prose (on a copy: generated values are shared while shrinking). */
function cite(generated: BulletinModel, picks: number[]): BulletinModel {
  const model = structuredClone(generated)
  const prose = model.sections
    .filter((section) => section.heading !== 'References')
    .flatMap((section) => section.blocks.flatMap((block) => (block.type === 'paragraph' ? block.sentences.flat() : [])))
  const urls = model.sections.flatMap((section) => section.blocks.flatMap((block) => (block.type === 'references' ? block.urls : [])))
  urls.forEach((_, index) => {
    const at = picks[index] ?? index
    const target = prose[at % prose.length] as Inline
    target.cites = [...target.cites, String(index + 1)]
  })
  return model
}

// -------------------------------------------------------------- render --

/**
 * The bulletin as a secpack file.
 *
 * @param model
 *   The bulletin.
 * @returns
 *   Its text, LF line endings, ending in a newline.
 */
export function render(model: BulletinModel): string {
  return `${renderLines(model).map((line) => line.text).join('\n')}\n`
}

/**
 * The bulletin's lines, each with its role.
 *
 * @param model
 *   The bulletin.
 * @returns
 *   The lines of {@link render}.
 */
export function renderLines(model: BulletinModel): RenderedLine[] {
  const lines: RenderedLine[] = [{ text: '', role: 'blank' }]
  const blank = (): void => void lines.push({ text: '', role: 'blank' })
  const number = model.numberStyle === 'hash' ? `#${model.number}` : String(model.number).padStart(3, '0')
  lines.push({ text: centre(`---===[ Qubes Security Bulletin ${number} ]===---`), role: 'banner' })
  blank()
  lines.push({ text: centre(dateText(model)), role: 'date' })
  blank()
  for (const text of wrap(model.title.map(unit), WIDTH - 12)) lines.push({ text: centre(text), role: 'title' })
  for (const section of model.sections) {
    blank()
    lines.push({ text: section.heading, role: 'heading' })
    lines.push({ text: model.marker.repeat(section.heading.length + model.underlineExtra), role: 'underline' })
    for (const block of section.blocks) {
      blank()
      renderBlock(block, lines)
    }
  }
  blank()
  lines.push({ text: '--', role: 'signoff' })
  lines.push({ text: 'The Qubes Security Team', role: 'team' })
  lines.push({ text: 'https://www.qubes-os.example/security/', role: 'url' })
  return lines
}

function renderBlock(block: Block, lines: RenderedLine[]): void {
  switch (block.type) {
    case 'paragraph':
      prose(wrap(block.sentences.flatMap((words) => words.map((entry, index) => unit(entry) + (index === words.length - 1 ? '.' : ''))), WIDTH), lines)
      return
    case 'quote':
      block.paragraphs.forEach((words, index) => {
        if (index > 0) lines.push({ text: '|', role: 'quote' })
        for (const text of wrap(words.map(unit), WIDTH - 2)) lines.push({ text: `| ${text}`, role: 'quote' })
      })
      return
    case 'patching':
      prose(['The following packages contain security updates that address the', 'vulnerabilities described in this bulletin:'], lines)
      for (const group of block.groups) {
        lines.push({ text: '', role: 'blank' })
        const releases = group.releases.map((name) => group.prefix + name).join(' and ')
        lines.push({ text: `  For Qubes ${releases}${group.domain ? `, in ${group.domain}` : ''}:`, role: 'context' })
        for (const entry of group.packages) {
          lines.push({ text: `  ${block.marker} ${entry.name}${entry.comma ? ',' : ''} version ${entry.version}`, role: 'item' })
        }
      }
      if (block.trailer) {
        lines.push({ text: '', role: 'blank' })
        prose(
          ['These packages will migrate from the security-testing repository to the', 'current (stable) repository over the next two weeks after being tested', 'by the community.'],
          lines,
        )
      }
      return
    case 'references':
      block.urls.forEach((entry, index) => lines.push({ text: `[${index + 1}] ${entry.url}`, role: 'reference' }))
  }
}

/** A paragraph of wrapped lines, its first and last lines marked. */
function prose(wrapped: string[], lines: RenderedLine[]): void {
  wrapped.forEach((text, index) => {
    const line: RenderedLine = { text, role: 'text' }
    if (index === 0) line.first = true
    if (index === wrapped.length - 1 && wrapped.length > 1) line.last = true
    lines.push(line)
  })
}

function unit(entry: Inline): string {
  return [entry.text, ...entry.cites.map((label) => `[${label}]`)].join(' ')
}

/** Greedy wrapping; a unit (a word with its `[n]`, an `XSA-1 through XSA-3`) never breaks. */
function wrap(units: string[], width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const entry of units) {
    if (line && line.length + 1 + entry.length > width) {
      lines.push(line)
      line = entry
    } else line = line ? `${line} ${entry}` : entry
  }
  if (line) lines.push(line)
  return lines
}

function centre(text: string): string {
  return ' '.repeat(Math.max(4, Math.floor((WIDTH - text.length) / 2))) + text
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function dateText(model: BulletinModel): string {
  if (model.dateStyle === 'iso') return model.date
  const [year, month, day] = model.date.split('-').map(Number) as [number, number, number]
  const padded = model.dateStyle === 'padded' && day < 10 ? ` ${day}` : String(day)
  return `${months[month - 1]} ${padded}, ${year}`
}

// ------------------------------------------------------------ expected --

/** What `parse(render(model))` must read back. */
export interface Expected {
  number: number
  date: string
  title: string
  headings: string[]
  xsas: number[]
  cves: string[]
  patches: Array<{ release: string; domain: string | null; condition: null; packages: Array<{ name: string; version: string }> }>
  references: Array<{ label: string; url: string }>
}

/**
 * The fields a parser must read from the rendering of a model.
 *
 * @param model
 *   The bulletin.
 * @returns
 *   Number, date, title, headings, advisories, CVEs, patches, references.
 */
export function expected(model: BulletinModel): Expected {
  const inlines = [...model.title]
  const xsas = new Set<number>()
  const patches: Expected['patches'] = []
  const references: Expected['references'] = []
  for (const section of model.sections) {
    for (const block of section.blocks) {
      if (block.type === 'paragraph') inlines.push(...block.sentences.flat())
      if (block.type === 'quote') inlines.push(...block.paragraphs.flat())
      if (block.type === 'references') {
        block.urls.forEach((entry, index) => {
          references.push({ label: String(index + 1), url: entry.url })
          if (entry.xsa !== null) xsas.add(entry.xsa)
        })
      }
      if (block.type === 'patching') {
        for (const group of block.groups) {
          for (const name of group.releases) {
            patches.push({
              release: name,
              domain: group.domain,
              condition: null,
              packages: group.packages.map(({ name: pkg, version: v }) => ({ name: pkg, version: v })),
            })
          }
        }
      }
    }
  }
  for (const entry of inlines) for (const n of entry.xsas) xsas.add(n)
  const cves = [...new Set(inlines.flatMap((entry) => entry.cves))].sort((a, b) => {
    const [, ya, na] = a.split('-').map(Number) as [number, number, number]
    const [, yb, nb] = b.split('-').map(Number) as [number, number, number]
    return ya - yb || na - nb
  })
  return {
    number: model.number,
    date: model.date,
    title: model.title.map(unit).join(' '),
    headings: model.sections.map((section) => section.heading),
    xsas: [...xsas].sort((a, b) => a - b),
    cves,
    patches,
    references,
  }
}
