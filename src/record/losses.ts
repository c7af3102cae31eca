/**
 * No silent loss: what looks like data but did not make it into the record
 * becomes a warning with its place.
 *
 * - `unread-release`: a release line (`For Qubes 4.1, in dom0:`) under which
 *   no package was read.
 * - `unread-version`: a version-like token (`4.17.5-3`, `2.1-26.qubes1`) in a
 *   section about patching or user action (or one of its sub-sections) that
 *   is no package version of `patches`, nor a release of it where the text
 *   names a release (`Qubes 4.0`, `R3.2`). Tokens of release lines are left
 *   to `unread-release`, tokens inside URLs are not data.
 * - `unread-advisory`: an XSA-like (`XSA-449`, `XSA 1.2`) or CVE-like
 *   (`CVE 2024-1234`, `CVE-2024-12`) string whose advisory is in neither
 *   `xsas` nor `cves`.
 */
import type { VFile } from 'vfile'
import { type Block, locate, type Release, warn } from '../text/index.js'
import { normaliseRelease } from './patches.js'
import type { Patch } from './schema.js'
import type { SectionView } from './sections.js'

/** What the checks compare the text with. */
export interface Read {
  patches: readonly Patch[]
  xsas: readonly number[]
  cves: readonly string[]
}

// Digits with dots, optionally a `-release`; not part of a longer number or word (`x86.64` is no version).
const versionLike = /(?<![\w.])(R|Release )?(\d+(?:\.\d+)+(?:-[0-9A-Za-z][\w.+~]*)?)/g
const releaseBefore = /\b(?:Qubes(?:\s+OS)?|releases?|and|or)\s*$/i
const urlPattern = /\b(?:https?|ftp):\/\/[^\s<>"')\]]+/g
// Any dash or whitespace (a line break included) may stand between the parts of an advisory's name.
const xsaLike = /\bXSAs?(?:[-‐‑–—]|[ \t]*(?:\r?\n|\r)?[ \t]*)#?(\d+(?:\.\d+)*)/gi
const cveLike = /\bCVE(?:[-‐‑–—]|[ \t]*(?:\r?\n|\r)?[ \t]*)(\d{2,4})(?:[-‐‑–—]|[ \t]*(?:\r?\n|\r)?[ \t]*)(\d+)/gi

/**
 * Warn about release lines, versions and advisories that the record does not hold.
 *
 * @param file
 *   The file (its value is the text the tree was parsed from); warnings are added to it.
 * @param read
 *   The fields read.
 * @param actionViews
 *   Sections about patching or user action.
 * @param views
 *   Every section (sub-sections of the action sections are checked too).
 * @param emptyReleases
 *   Release lines under which no package was read.
 * @param from
 *   Offset of the banner (or what stands in for it): advisories are counted from there.
 */
export function checkLosses(
  file: VFile,
  read: Read,
  actionViews: readonly SectionView[],
  views: readonly SectionView[],
  emptyReleases: readonly Release[],
  from: number,
): void {
  for (const line of emptyReleases) {
    warn(file, `Unexpected release line \`${line.value}\` with no package read under it: it is not in \`patches\``, line, 'unread-release')
  }
  // A release an empty release line names is already reported with it (`For Qubes OS 3.2:` / `- No packages necessary, since 3.2 is not affected`).
  const reported = new Set(emptyReleases.flatMap((line) => line.releases.map((release) => normaliseRelease(release))))
  checkVersions(file, read.patches, reported, sectionsUnder(actionViews, views))
  checkAdvisories(file, read, from)
}

/** The action sections and every section nested in one of them. */
function sectionsUnder(actionViews: readonly SectionView[], views: readonly SectionView[]): SectionView[] {
  const nodes = new Set(actionViews.map((view) => view.node))
  const found: SectionView[] = []
  for (const view of views) {
    // Views come parents first, so a parent already in `nodes` brings its children in.
    if (nodes.has(view.node) || (view.parent && nodes.has(view.parent))) {
      nodes.add(view.node)
      found.push(view)
    }
  }
  return found
}

function checkVersions(file: VFile, patches: readonly Patch[], covered: ReadonlySet<string>, views: readonly SectionView[]): void {
  const value = String(file.value)
  const locator = locate(file)
  const versions = patches.flatMap((patch) => patch.packages.map((entry) => entry.version))
  const releases = new Set(patches.map((patch) => patch.release))
  const reported = new Set<string>()
  for (const view of views) {
    for (const block of view.blocks) {
      if (!hasText(block)) continue
      const start = block.position.start.offset ?? 0
      const slice = value.slice(start, block.position.end.offset ?? start)
      const urls = [...slice.matchAll(urlPattern)].map((match) => [match.index ?? 0, (match.index ?? 0) + match[0].length])
      for (const match of slice.matchAll(versionLike)) {
        const at = (match.index ?? 0) + (match[1]?.length ?? 0)
        if (urls.some(([from, to]) => at >= (from as number) && at < (to as number))) continue
        const token = (match[2] as string).replace(/[.]+$/, '')
        const namesRelease = match[1] !== undefined || releaseBefore.test(slice.slice(Math.max(0, at - 24), at))
        if (covered.has(token) || accounted(token, namesRelease, versions, releases)) continue
        const key = `${start + at}`
        if (reported.has(key)) continue
        reported.add(key)
        const place = locator.span(start + at, start + at + token.length)
        const what = namesRelease ? `release \`${token}\`` : `version \`${token}\``
        warn(file, `Unexpected ${what} in a section about patching or user action: it is not in \`patches\``, place, 'unread-version')
      }
    }
  }
}

function hasText(block: Block): boolean {
  return block.type !== 'release' && block.type !== 'thematicBreak'
}

function accounted(token: string, namesRelease: boolean, versions: readonly string[], releases: ReadonlySet<string | null>): boolean {
  if (versions.some((version) => version === token || (version.startsWith(token) && /^\D/.test(version.slice(token.length))))) return true
  if (!namesRelease) return false
  // `Qubes 4.0-rc4` names release 4.0.
  return releases.has(normaliseRelease(token.replace(/-.*$/, '')))
}

function checkAdvisories(file: VFile, read: Read, from: number): void {
  const value = String(file.value)
  const locator = locate(file)
  const xsas = new Set(read.xsas)
  const cves = new Set(read.cves)
  const text = value.slice(from)
  for (const match of text.matchAll(xsaLike)) {
    const number = match[1] as string
    if (/^\d{1,4}$/.test(number) && xsas.has(Number(number))) continue
    const at = from + (match.index ?? 0)
    warn(file, `Unexpected advisory \`${match[0]}\`: it is not in \`xsas\``, locator.span(at, at + match[0].length), 'unread-advisory')
  }
  for (const match of text.matchAll(cveLike)) {
    if (cves.has(`CVE-${match[1]}-${match[2]}`)) continue
    const at = from + (match.index ?? 0)
    warn(file, `Unexpected CVE \`${match[0]}\`: it is not in \`cves\``, locator.span(at, at + match[0].length), 'unread-advisory')
  }
}
