/**
 * The packages one list item of a package list names:
 *
 * ```
 * Xen packages, version 4.14.6-6              ← NAMES[,] version[s] V[, V…] [(note)]
 * Linux kernel packages, versions 6.6.70-1, 6.12.9-1
 * qubes-utils 3.2.7                           ← NAME V [(note)]
 * qubes-core-vm (Fedora) / qubes-core-agent (Debian) 3.2.24
 * New Xen packages (xen-4.1.6.1-24)           ← NVRs in parentheses
 * qubes-template-debian-8-3.0.6-201612171620  ← a bare NVR
 * ```
 */
import type { Package } from './schema.js'

const versionToken = /^\d[\w.+~:-]*$/
const versionKeyword = /^(.*?),? versions? (\d[^\s,;(]*(?:(?:,| and) \d[^\s,;(]*)*)(.*)$/i
// `name version` or `name: version`.
const nameThenVersion = /^([A-Za-z][\w.+*-]*):? (\d[\w.+~:-]*)(?: (\(.*\)))?$/
const parenthesised = /\(([^()]*)\)/g

/**
 * Packages named by one list item.
 *
 * @param text
 *   The item's text on one line.
 * @returns
 *   Its packages; none when the item names no version (`TODO`, `No packages necessary`).
 */
export function readPackages(text: string): Package[] {
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

const packageAnd = /^[A-Za-z0-9][\w.+-]*(?:,? and [A-Za-z0-9][\w.+-]*)+$/

function splitNames(names: string): string[] {
  return names
    .split(/, | \/ /)
    // `a and b`, when both are package names (no spaces): two packages; `Xen and libxl packages` is one name.
    .flatMap((name) => (packageAnd.test(name) ? name.split(/,? and /) : [name]))
    // The last of `a, b, and c`.
    .map((name) => (/^and [A-Za-z0-9][\w.+-]*$/.test(name) ? name.slice(4) : name))
    // A colon or a comparison after a name separates it from its version (`name: 1.2`, `name >= 1.2`): not part of the name.
    .map((name) => name.trim().replace(/\s*(?::|>=|≥|>)$/, ''))
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
