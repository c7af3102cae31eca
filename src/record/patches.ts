/**
 * Fixed packages, read from the package lists of a bulletin:
 *
 * ```
 *   For Qubes 4.1, in dom0:                 ← release context (releases, domain)
 *   - Xen packages, version 4.14.6-6        ← NAMES[,] version[s] V[, V…] [(note)]
 *   - qubes-utils 3.2.7                     ← NAME V [(note)]
 *   * New Xen packages (xen-4.1.6.1-24)     ← NVRs in parentheses
 *   * qubes-template-debian-8-3.0.6-2016…   ← a bare NVR
 *   * xen packages, version 4.4.3-8 (R3.0)  ← release in a trailing note
 * ```
 *
 * A context line names one or more releases (`For Qubes 3.1 and 3.2:`,
 * `For Qubes R3.0:`) and optionally a domain (`, in dom0`, `, domUs`);
 * prose that ends in a colon and names a release (`patches for Qubes 4.0 are
 * as follows:`) sets the context too. Items without a version (`- TODO`,
 * `- No packages necessary`) are not packages.
 *
 * The earliest bulletins state versions in prose only; when a bulletin has no
 * package list, its patching sections are read sentence by sentence:
 *
 * ```
 * We have uploaded the patched Xen packages for Qubes Release 1 (version
 * 4.1.2-9), as well as for the latest Qubes R2 Beta 2 (version 4.1.2-27).
 * ```
 */
import type { Block } from '../text/index.js'
import type { Package, Patch } from './schema.js'
import { oneLine, type SectionView, sentencesOf } from './sections.js'

interface Context {
  releases: Array<string | null>
  domain: string | null
}

/** Longest lead-in read for a release (a wrapped sentence or two). */
const MAX_LEAD_IN = 400
/** Longest list item read for packages. */
const MAX_ITEM = 1000
const releaseToken = /^R?(\d+(?:\.\d+)?)$/i
const contextPattern = /\bfor Qubes(?: OS)? (R?\d+(?:\.\d+)?(?:(?:,| and| &| or)+ R?\d+(?:\.\d+)?)*)(.*)$/i
const versionToken = /^\d[\w.+~:-]*$/
const versionKeyword = /^(.*?),? versions? (\d[^\s,;(]*(?:(?:,| and) \d[^\s,;(]*)*)(.*)$/i
const nameThenVersion = /^([A-Za-z][\w.+*-]*) (\d[\w.+~:-]*)(?: (\(.*\)))?$/
const parenthesised = /\(([^()]*)\)/g
const releaseNote = /\((?:for )?(?:Qubes )?R(\d+(?:\.\d+)?)\)/i

/**
 * Patches stated in the given sections.
 *
 * @param views
 *   Sections to read, in document order.
 * @param patching
 *   Sections about patching or user action: their package lists count even
 *   without a release context; elsewhere a list counts only under one.
 * @returns
 *   One patch per release and domain, in order of first mention.
 */
export function findPatches(views: SectionView[], patching: ReadonlySet<SectionView>): Patch[] {
  const patches: Patch[] = []
  const byKey = new Map<string, Patch>()
  const seen = new Set<string>()
  const add = (release: string | null, domain: string | null, packages: Package[]): void => {
    if (packages.length === 0) return
    const key = `${release}\u0000${domain}`
    let patch = byKey.get(key)
    if (!patch) {
      patch = { release, domain, packages: [] }
      byKey.set(key, patch)
      patches.push(patch)
    }
    for (const entry of packages) {
      const id = `${key}\u0000${entry.name}\u0000${entry.version}`
      if (seen.has(id)) continue
      seen.add(id)
      patch.packages.push(entry)
    }
  }
  for (const view of views) {
    let context: Context | null = null
    for (const block of view.blocks) {
      const found = readContext(block)
      if (found !== undefined) {
        // A lead-in that names no release (`Older releases receive the fix too:`) ends the last context.
        context = found
        continue
      }
      if (block.type !== 'list' || (!context && !patching.has(view))) continue
      for (const item of block.children) {
        if (item.value.length > MAX_ITEM) continue
        const text = oneLine(item.value)
        const packages = readItem(text)
        // A release written on the item itself (`… 4.4.3-8 (R3.0)`) beats the context.
        const note = releaseNote.exec(text)
        const releases = note ? [normaliseRelease(note[1] as string)] : (context?.releases ?? [null])
        for (const release of releases) add(release, context?.domain ?? null, packages)
      }
    }
  }
  return patches.length > 0 ? patches : findProsePatches(views.filter((view) => patching.has(view)))
}

const proseRelease = /\bfor (?:the latest )?Qubes (?:OS )?(?:Release |R)?(\d+(?:\.\d+)?)\b/gi
const proseVersion = /(?:\b([a-z][\w.*+-]*) )?\(?versions? (\d[\w.+~:-]*\d)/gi
const proseNameVersion = /\b([a-z][\w.*+-]*) (\d[\w.+~:-]*\d) packages?\b/gi
const packagesPhrase = /\b((?:[A-Za-z][\w.*+-]* )?[A-Za-z][\w.*+-]* packages?)\b/g
const notNames = new Set(['packages', 'package', 'the', 'a', 'new', 'newer', 'this', 'that', 'same', 'latest', 'patched', 'and', 'or', 'in', 'of'])

/** Patches stated in sentences (the earliest bulletins). */
function findProsePatches(views: SectionView[]): Patch[] {
  const patches: Patch[] = []
  for (const view of views) {
    for (const block of view.blocks) {
      if (block.type !== 'paragraph') continue
      for (const sentence of sentencesOf(block.value)) {
        for (const found of readSentence(sentence)) {
          let patch = patches.find((known) => known.release === found.release)
          if (!patch) {
            patch = { release: found.release, domain: null, packages: [] }
            patches.push(patch)
          }
          if (!patch.packages.some((known) => known.name === found.name && known.version === found.version)) {
            patch.packages.push({ name: found.name, version: found.version })
          }
        }
      }
    }
  }
  return patches
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
 * lead-in, `null` for a lead-in (ends in `:`) that names no release.
 */
function readContext(block: Block): Context | null | undefined {
  if (block.type !== 'paragraph' && block.type !== 'indented') return undefined
  // The context is the last line of the block (`… are as follows:` closes prose),
  // or its last sentence when the lead-in wrapped.
  if (!block.value.trimEnd().endsWith(':')) return undefined
  const line = oneLine(block.value.slice(block.value.lastIndexOf('\n') + 1))
  const text = /for qubes/i.test(line) ? line : oneLine(block.value.slice(-MAX_LEAD_IN))
  const match = contextPattern.exec(text.slice(0, -1))
  if (!match) return null
  const releases = (match[1] as string)
    .split(/,| and| &| or/)
    .map((part) => part.trim())
    .filter((part) => releaseToken.test(part))
    .map(normaliseRelease)
  if (releases.length === 0) return null
  return { releases, domain: readDomain(match[2] as string) }
}

function readDomain(rest: string): string | null {
  const cleaned = rest
    .replace(/\[\d+\]/g, '')
    .replace(/\b(?:are as follows|is as follows|as follows)\b.*$/i, '')
    .replace(/^[\s,]+/, '')
    .replace(/^in\s+/i, '')
    .trim()
  return cleaned.length > 0 ? cleaned.toLowerCase() : null
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

/** Packages named by one list item. */
function readItem(text: string): Package[] {
  const keyword = versionKeyword.exec(text)
  if (keyword) {
    const names = splitNames(keyword[1] as string)
    const versions = (keyword[2] as string).split(/, | and /).map((version) => version.replace(/[.,;:]+$/, ''))
    if (names.length === 0) return []
    return names.flatMap((name) => versions.map((version) => ({ name, version })))
  }
  const plain = nameThenVersion.exec(text.replace(/ \/ /g, '/'))
  if (plain && versionToken.test(plain[2] as string)) {
    return (plain[1] as string).split('/').map((name) => ({ name, version: plain[2] as string }))
  }
  const withNotes = /^(.*?) (\d[\w.+~:-]*)(?: \(.*\))?$/.exec(text)
  if (withNotes && !/\s(?:is|are|was|were|be)\s/.test(withNotes[1] as string) && (withNotes[1] as string).length <= 80) {
    const names = splitNames(withNotes[1] as string)
    if (names.length > 0 && names.every((name) => /[a-z]/i.test(name))) {
      return names.map((name) => ({ name, version: withNotes[2] as string }))
    }
  }
  const nvrs: Package[] = []
  for (const group of text.matchAll(parenthesised)) {
    for (const part of (group[1] as string).split(/,\s*/)) {
      const nvr = splitNvr(part.trim())
      if (nvr) nvrs.push(nvr)
    }
  }
  if (nvrs.length > 0) return nvrs
  const bare = splitNvr(text)
  return bare ? [bare] : []
}

function splitNames(names: string): string[] {
  return names
    .split(/, | \/ /)
    .map((name) => name.trim())
    .filter((name) => name.length > 0)
}

/**
 * Split an RPM-style `name-version-release` (`xen-4.1.6.1-24`,
 * `dracut-050-62.git20200529`, `qubes-template-debian-8-3.0.6-201612171620`).
 */
function splitNvr(text: string): Package | null {
  if (/\s/.test(text)) return null
  const parts = text.split('-')
  if (parts.length < 2) return null
  // version-release: the last two fields when both start with a digit.
  if (parts.length >= 3 && /^\d/.test(parts.at(-2) as string) && /^\d/.test(parts.at(-1) as string)) {
    const name = parts.slice(0, -2).join('-')
    if (/[a-z]/i.test(name)) return { name, version: parts.slice(-2).join('-') }
  }
  if (/^\d/.test(parts.at(-1) as string)) {
    const name = parts.slice(0, -1).join('-')
    if (/[a-z]/i.test(name)) return { name, version: parts.at(-1) as string }
  }
  return null
}
