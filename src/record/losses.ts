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
import { type Block, locate, type Place, type Release, type RuleId, warn } from '../text/index.js'
import { normaliseRelease } from './patches.js'
import type { Patch } from './schema.js'
import type { SectionView } from './sections.js'

/**
 * Most warnings of one rule named one by one in a document; past them, one
 * more says how many were left unnamed. No real bulletin comes near it, and
 * it keeps a document of thousands of stray tokens cheap to read and to lint.
 */
const MAX_NAMED = 100

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
  const releases = capped(file, 'unread-release', 'release lines with no package read under them')
  for (const line of emptyReleases) {
    releases(`Unexpected release line \`${line.value}\` with no package read under it: it is not in \`patches\``, line)
  }
  releases.done()
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

/** A reporter of one rule that names at most {@link MAX_NAMED} places, then counts. */
function capped(file: VFile, rule: RuleId, what: string): ((reason: string, place: Place) => void) & { done(): void } {
  let count = 0
  let first: Place | undefined
  const report = (reason: string, place: Place): void => {
    count++
    if (count <= MAX_NAMED) warn(file, reason, place, rule)
    else first ??= place
  }
  return Object.assign(report, {
    done(): void {
      if (count > MAX_NAMED) warn(file, `${count - MAX_NAMED} more ${what} are not named one by one (the first is here)`, first, rule)
    },
  })
}

function checkVersions(file: VFile, patches: readonly Patch[], covered: ReadonlySet<string>, views: readonly SectionView[]): void {
  const report = capped(file, 'unread-version', 'version-like tokens in sections about patching or user action that are not in `patches`')
  const value = String(file.value)
  const locator = locate(file)
  const versions = readVersions(patches)
  const releases = new Set(patches.map((patch) => patch.release))
  const reported = new Set<string>()
  for (const view of views) {
    for (const block of view.blocks) {
      if (!hasText(block)) continue
      const start = block.position.start.offset ?? 0
      const slice = value.slice(start, block.position.end.offset ?? start)
      const urls = [...slice.matchAll(urlPattern)].map((match) => [match.index ?? 0, (match.index ?? 0) + match[0].length] as const)
      let url = 0
      for (const match of slice.matchAll(versionLike)) {
        const at = (match.index ?? 0) + (match[1]?.length ?? 0)
        // Tokens and URLs both come in text order: one pass over each.
        while (url < urls.length && (urls[url] as readonly [number, number])[1] <= at) url++
        const inUrl = urls[url]
        if (inUrl && at >= inUrl[0]) continue
        // An RPM file name ends in its architecture (`…-4.0.1-201901231238.noarch`): not part of the version.
        const token = (match[2] as string).replace(/[.]+$/, '').replace(/\.(?:noarch|x86_64|i686|src)$/, '')
        const namesRelease = match[1] !== undefined || releaseBefore.test(slice.slice(Math.max(0, at - 24), at))
        if (covered.has(token) || accounted(token, namesRelease, versions, releases)) continue
        const key = `${start + at}`
        if (reported.has(key)) continue
        reported.add(key)
        const place = locator.span(start + at, start + at + token.length)
        const what = namesRelease ? `release \`${token}\`` : `version \`${token}\``
        report(`Unexpected ${what} in a section about patching or user action: it is not in \`patches\``, place)
      }
    }
  }
  report.done()
}

function hasText(block: Block): boolean {
  return block.type !== 'release' && block.type !== 'thematicBreak'
}

/**
 * Every package version, and each of its leading parts that ends before a
 * non-digit (`4.17.5` and `4.17` of `4.17.5-3`), with and without an epoch
 * (`4.2.21-1` of `2:4.2.21-1`): a token is a version when it is one of them.
 */
function readVersions(patches: readonly Patch[]): Set<string> {
  const found = new Set<string>()
  for (const patch of patches) {
    for (const { version } of patch.packages) {
      for (const form of [version, version.replace(/^\d+:/, '')]) {
        found.add(form)
        for (const match of form.matchAll(/\D/g)) found.add(form.slice(0, match.index))
      }
    }
  }
  return found
}

function accounted(token: string, namesRelease: boolean, versions: ReadonlySet<string>, releases: ReadonlySet<string | null>): boolean {
  if (versions.has(token)) return true
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
  const report = capped(file, 'unread-advisory', 'advisory or CVE names that are in neither `xsas` nor `cves`')
  for (const match of text.matchAll(xsaLike)) {
    const number = match[1] as string
    if (/^\d{1,4}$/.test(number) && xsas.has(Number(number))) continue
    const at = from + (match.index ?? 0)
    report(`Unexpected advisory \`${match[0]}\`: it is not in \`xsas\``, locator.span(at, at + match[0].length))
  }
  for (const match of text.matchAll(cveLike)) {
    if (cves.has(`CVE-${match[1]}-${match[2]}`)) continue
    const at = from + (match.index ?? 0)
    report(`Unexpected CVE \`${match[0]}\`: it is not in \`cves\``, locator.span(at, at + match[0].length))
  }
  report.done()
}
