/**
 * Fixed packages, read from the package lists of a bulletin:
 *
 * ```
 *   For Qubes 4.1, in dom0:                 ← release line (a `release` node): releases, domain, condition
 *   - Xen packages, version 4.14.6-6        ← NAMES[,] version[s] V[, V…] [(note)]
 *   - qubes-utils 3.2.7                     ← NAME V [(note)]
 *   * New Xen packages (xen-4.1.6.1-24)     ← NVRs in parentheses
 *   * qubes-template-debian-8-3.0.6-2016…   ← a bare NVR
 *   * xen packages, version 4.4.3-8 (R3.0)  ← release in a trailing note
 *
 *   Qubes 4.0:                              ← a table under a release line: the
 *   +---------------------+------------+       packages of its "fixed" (or "new")
 *   | Old (Vulnerable)    | New (Fixed)|       column
 *   | qubes-template-x    | qubes-template-x-4.0.1-2019… |
 * ```
 *
 * The grammar makes every `For Qubes …:` line a block of its own, so a
 * release line starts a new group wherever it stands. Its scope gives the
 * domain (`in dom0` → `dom0`) and, apart from it, a condition (`in dom0 (no GUI
 * domain)` → `no GUI domain`). Prose that ends in a colon and names a release
 * (`patches for Qubes 4.0 are as follows:`) sets the release too. Where a
 * group names no domain, the section's own words do ("The packages are to be
 * installed in dom0 via …"). Items without a version (`- TODO`, `- No
 * packages necessary`) are not packages.
 *
 * The earliest bulletins state versions in prose only; when a bulletin has no
 * package list, its patching sections are read sentence by sentence:
 *
 * ```
 * We have uploaded the patched Xen packages for Qubes Release 1 (version
 * 4.1.2-9), as well as for the latest Qubes R2 Beta 2 (version 4.1.2-27).
 * ```
 */
import type { Block, Release } from '../text/index.js'
import { readPackages } from './packages.js'
import type { Package, Patch } from './schema.js'
import { oneLine, type SectionView, sentencesOf } from './sections.js'

interface Context {
  releases: Array<string | null>
  domain: string | null
  condition: string | null
  /** The release line that set it, if any. */
  line: Release | undefined
}

/** What the package lists gave, and the release lines that gave nothing. */
export interface PatchReading {
  patches: Patch[]
  /** Release lines under which no package was read. */
  empty: Release[]
}

/** Longest lead-in read for a release (a wrapped sentence or two). */
const MAX_LEAD_IN = 400
/** Longest list item read for packages. */
const MAX_ITEM = 1000
const releaseToken = /^R?(\d+(?:\.\d+)?)$/i
const contextPattern = /\bfor Qubes(?: OS)? (R?\d+(?:\.\d+)?(?:(?:,| and| &| or)+ R?\d+(?:\.\d+)?)*)(.*)$/i
const releaseNote = /\((?:for )?(?:Qubes )?R(\d+(?:\.\d+)?)\)/i

/** One release group of one section, before groups are merged. */
interface Group {
  release: string | null
  domain: string | null
  condition: string | null
  packages: Package[]
}

/**
 * Patches stated in the given sections.
 *
 * @param views
 *   Sections to read, in document order.
 * @param patching
 *   Sections about patching or user action: their package lists count even
 *   without a release context; elsewhere a list counts only under one.
 * @returns
 *   One patch per release, domain and condition, in order of first mention,
 *   and the release lines that gave no package.
 */
export function findPatches(views: SectionView[], patching: ReadonlySet<SectionView>): PatchReading {
  const groups: Group[] = []
  const used = new Set<Release>()
  const lines: Release[] = []
  const actionDomains = new Set<string>()
  for (const view of views) if (patching.has(view)) for (const domain of proseDomains(view)) actionDomains.add(domain)
  for (const view of views) {
    const own: Group[] = []
    let context: Context | null = null
    for (const block of view.blocks) {
      if (block.type === 'release') lines.push(block)
      const found = readContext(block)
      if (found !== undefined) {
        // A lead-in that names no release (`Older releases receive the fix too:`) ends the last context.
        context = found
        continue
      }
      if (block.type === 'quote' && context) {
        const packages = readTable(block.value)
        if (packages.length > 0 && context.line) used.add(context.line)
        for (const release of context.releases) own.push({ release, domain: context.domain, condition: context.condition, packages })
        continue
      }
      if (block.type !== 'list' || (!context && !patching.has(view))) continue
      for (const item of block.children) {
        if (item.value.length > MAX_ITEM) continue
        const text = oneLine(item.value)
        const packages = readPackages(text)
        if (packages.length === 0) continue
        if (context?.line) used.add(context.line)
        // A release written on the item itself (`… 4.4.3-8 (R3.0)`) beats the context.
        const note = releaseNote.exec(text)
        const releases = note ? [normaliseRelease(note[1] as string)] : (context?.releases ?? [null])
        for (const release of releases) {
          own.push({ release, domain: context?.domain ?? null, condition: context?.condition ?? null, packages })
        }
      }
    }
    // A list that names no domain is installed where the section's (or else the bulletin's) prose says.
    const stated = [...proseDomains(view)]
    const domain = stated.length === 1 ? stated[0] : stated.length === 0 && actionDomains.size === 1 ? [...actionDomains][0] : undefined
    for (const group of own) if (group.domain === null && domain !== undefined) group.domain = domain
    groups.push(...own)
  }
  const patches = merge(groups)
  if (patches.length > 0) return { patches, empty: lines.filter((line) => !used.has(line)) }
  return { patches: findProsePatches(views.filter((view) => patching.has(view))), empty: lines }
}

/**
 * The packages of a table's fixed column. The rows are a quote's lines (`|`
 * starts a row), cells set apart by `|`; the header names the column (`New
 * (Fixed)`, `Fixed`, `Patched`); cells without a version (`not supported`) name
 * no package.
 */
function readTable(value: string): Package[] {
  const rows = value.split('\n').map((line) => line.split('|').map((cell) => cell.trim()))
  const header = rows.findIndex((row) => row.filter((cell) => cell.length > 0).length >= 2)
  const column = header < 0 ? -1 : (rows[header] as string[]).findIndex((cell) => /\b(?:fixed|patched)\b/i.test(cell))
  if (column < 0) return []
  return rows.slice(header + 1).flatMap((row) => {
    const cell = row[column] ?? ''
    return /^[-=+ ]*$/.test(cell) ? [] : readPackages(cell)
  })
}

/** Merge groups into one patch per release, domain and condition; each package once. */
function merge(groups: readonly Group[]): Patch[] {
  const patches: Patch[] = []
  const byKey = new Map<string, Patch>()
  const seen = new Set<string>()
  for (const group of groups) {
    const key = `${group.release}\u0000${group.domain}\u0000${group.condition}`
    let patch = byKey.get(key)
    if (!patch) {
      patch = { release: group.release, domain: group.domain, condition: group.condition, packages: [] }
      byKey.set(key, patch)
      patches.push(patch)
    }
    for (const entry of group.packages) {
      const id = `${key}\u0000${entry.name}\u0000${entry.version}`
      if (seen.has(id)) continue
      seen.add(id)
      patch.packages.push(entry)
    }
  }
  return patches
}

/** `… are to be installed in dom0 via …`, `… installed in TemplateVMs and StandaloneVMs …`. */
const installedIn =
  /\binstalled in (?:the )?([A-Za-z][^.,;:()[\]]{0,80}?)(?=\s+(?:via|using|through|with|by|from|as|since|because|once|after)\b|\s*[(\[]|[.,;:]|$)/gi

/** The domains a section's prose says packages are installed in, lowercased. */
function proseDomains(view: SectionView): Set<string> {
  const domains = new Set<string>()
  for (const block of view.blocks) {
    if (block.type !== 'paragraph') continue
    for (const match of block.value.matchAll(installedIn)) domains.add((match[1] as string).toLowerCase())
  }
  return domains
}

const proseRelease = /\bfor (?:the latest )?Qubes (?:OS )?(?:Release |R)?(\d+(?:\.\d+)?)\b/gi
const proseVersion = /(?:\b([a-z][\w.*+-]*) )?\(?versions? (\d[\w.+~:-]*\d)/gi
const proseNameVersion = /\b([a-z][\w.*+-]*) (\d[\w.+~:-]*\d) packages?\b/gi
const packagesPhrase = /\b((?:[A-Za-z][\w.*+-]* )?[A-Za-z][\w.*+-]* packages?)\b/g
const notNames = new Set(['packages', 'package', 'the', 'a', 'new', 'newer', 'this', 'that', 'same', 'latest', 'patched', 'and', 'or', 'in', 'of'])

/** Patches stated in sentences (the earliest bulletins). */
function findProsePatches(views: SectionView[]): Patch[] {
  const groups: Group[] = []
  for (const view of views) {
    for (const block of view.blocks) {
      if (block.type !== 'paragraph') continue
      for (const sentence of sentencesOf(block.value)) {
        for (const { release, name, version } of readSentence(sentence)) {
          groups.push({ release, domain: null, condition: null, packages: [{ name, version }] })
        }
      }
    }
  }
  return merge(groups)
}

function readSentence(sentence: string): Array<Package & { release: string | null }> {
  const releases = [...sentence.matchAll(proseRelease)].map((match) => ({
    at: match.index ?? 0,
    release: normaliseRelease(match[1] as string),
  }))
  const releaseAt = (at: number): string | null =>
    releases.filter((mention) => mention.at < at).at(-1)?.release ?? null
  const found: Array<Package & { release: string | null }> = []
  for (const match of sentence.matchAll(proseVersion)) {
    const at = match.index ?? 0
    const written = match[1]
    const name =
      written && !notNames.has(written.toLowerCase()) && /[-_*]|^[a-z]+$/.test(written)
        ? written
        : [...sentence.slice(0, at + match[0].indexOf('version')).matchAll(packagesPhrase)].at(-1)?.[1]?.replace(/^(?:the|new|patched) /i, '')
    if (name) found.push({ name, version: match[2] as string, release: releaseAt(at) })
  }
  for (const match of sentence.matchAll(proseNameVersion)) {
    const at = match.index ?? 0
    found.push({ name: `${match[1]} packages`, version: match[2] as string, release: releaseAt(at) })
  }
  return found
}

/**
 * The release context a block sets: `undefined` when the block is not a
 * release line or a lead-in, `null` for a lead-in (ends in `:`) that names no
 * release.
 */
function readContext(block: Block): Context | null | undefined {
  if (block.type === 'release') {
    const releases = block.releases.map((release) => normaliseRelease(release.replace(/^Release /i, '')))
    return { releases, ...readScope(block.scope ?? ''), line: block }
  }
  if (block.type !== 'paragraph' && block.type !== 'indented') return undefined
  if (!block.value.trimEnd().endsWith(':')) return undefined
  // The lead-in is the block's last sentence (`… patches for Qubes 4.0 are as follows:`).
  const tail = oneLine(block.value.slice(-MAX_LEAD_IN))
  const text = tail.slice(lastSentenceStart(tail))
  const match = contextPattern.exec(text.slice(0, -1))
  if (!match) return null
  const releases = (match[1] as string)
    .split(/,| and| &| or/)
    .map((part) => part.trim())
    .filter((part) => releaseToken.test(part))
    .map(normaliseRelease)
  if (releases.length === 0) return null
  return { releases, ...readScope(match[2] as string), line: undefined }
}

/** Where the last sentence of a text starts (after `. `, `; `, `! ` or `? `). */
function lastSentenceStart(text: string): number {
  let start = 0
  for (const match of text.matchAll(/[.;!?]\s+(?=\S)/g)) start = (match.index ?? 0) + match[0].length
  return start
}

/**
 * The domain and condition in what a release line says after its releases:
 * `in dom0` → `dom0`; `in dom0 (no GUI domain)` → `dom0`, `no GUI domain`;
 * `in dom0 if you use X` → `dom0`, `if you use X`. Citations (`[1]`) and a
 * lead-in's `are as follows` are not part of either.
 */
function readScope(scope: string): { domain: string | null; condition: string | null } {
  const conditions: string[] = []
  let rest = scope
    .replace(/\[\d+\]/g, ' ')
    .replace(/\b(?:are as follows|is as follows|as follows)\b.*$/i, '')
  // A parenthesis set apart by a space qualifies the whole (`dom0 (no GUI domain)`); `template(s)` is a word.
  rest = rest.replace(/(^|\s)\(([^()]*)\)/g, (_, space: string, inner: string) => {
    if (inner.trim()) conditions.push(inner.trim())
    return space
  })
  const clause = /\s(?:if|when|unless|where|provided)\b.*$/i.exec(rest)
  if (clause) {
    conditions.push(clause[0].trim())
    rest = rest.slice(0, clause.index)
  }
  const domain = rest
    .replace(/\s+/g, ' ')
    .replace(/^[\s,]+|[\s,]+$/g, '')
    .replace(/^(?:in|on)\s+/i, '')
    .replace(/[\s,]+$/, '')
    .toLowerCase()
  return { domain: domain.length > 0 ? domain : null, condition: conditions.length > 0 ? conditions.join('; ') : null }
}

/**
 * Normalise a release as written (`R3.0`, `3.2`, `R2`).
 *
 * @param release
 *   The release.
 * @returns
 *   The release number without `R` (`3.0`, `3.2`, `2`).
 */
export function normaliseRelease(release: string): string {
  return release.replace(/^R/i, '')
}
