/**
 * Indexes over bulletins: by Xen advisory, CVE, release and date — the XSA
 * tracker the Qubes website keeps by hand, generated instead.
 *
 * A bulletin *covers* an advisory when it names it where it says what the
 * bulletin is about: its title, a heading, or a reference to the advisory
 * page. Other mentions (history, comparisons) are kept apart as *mentioned*.
 * A bulletin without title, headings or advisory links naming any advisory
 * (the earliest ones) covers every advisory it names.
 */
import { type Bulletin, findXsas, type Section } from '../../record/index.js'

/** A bulletin as an index lists it. */
export interface IndexEntry {
  number: number
  date: string | null
  title: string | null
  file: string | null
}

/** The index over a set of bulletins. */
export interface SecpackIndex {
  /** Every advisory named by some bulletin, ascending. */
  xsas: Array<{ xsa: number; covered: IndexEntry[]; mentioned: IndexEntry[] }>
  /** Every CVE named by some bulletin, in CVE order. */
  cves: Array<{ cve: string; bulletins: IndexEntry[] }>
  /** Every release with fixed packages, ascending. */
  releases: Array<{ release: string; bulletins: IndexEntry[] }>
  /** All bulletins by date (undated last), then number. */
  dates: IndexEntry[]
}

/**
 * The advisories a bulletin is about (see the module comment).
 *
 * @param bulletin
 *   A bulletin record.
 * @returns
 *   Advisory numbers, ascending.
 */
export function coveredXsas(bulletin: Bulletin): number[] {
  const covered = new Set<number>(findXsas(bulletin.title ?? ''))
  const headings = (sections: Section[]): void => {
    for (const section of sections) {
      for (const xsa of findXsas(section.heading ?? '')) covered.add(xsa)
      headings(section.children)
    }
  }
  headings(bulletin.sections)
  for (const reference of bulletin.references) {
    for (const xsa of findXsas(reference.url ?? '')) covered.add(xsa)
  }
  const named = covered.size > 0 ? [...covered].filter((xsa) => bulletin.xsas.includes(xsa)) : bulletin.xsas
  return [...new Set(named)].sort((a, b) => a - b)
}

/**
 * Build the indexes.
 *
 * @param bulletins
 *   Bulletin records (canaries are not indexed).
 * @returns
 *   The index; every list is sorted, bulletins within a list by number.
 */
export function buildIndex(bulletins: Iterable<Bulletin>): SecpackIndex {
  const xsas = new Map<number, { covered: IndexEntry[]; mentioned: IndexEntry[] }>()
  const cves = new Map<string, IndexEntry[]>()
  const releases = new Map<string, IndexEntry[]>()
  const dates: IndexEntry[] = []
  const sorted = [...bulletins].sort((a, b) => a.number - b.number)
  for (const bulletin of sorted) {
    const entry: IndexEntry = { number: bulletin.number, date: bulletin.date, title: bulletin.title, file: bulletin.file }
    dates.push(entry)
    const covered = new Set(coveredXsas(bulletin))
    for (const xsa of bulletin.xsas) {
      const slot = xsas.get(xsa) ?? { covered: [], mentioned: [] }
      ;(covered.has(xsa) ? slot.covered : slot.mentioned).push(entry)
      xsas.set(xsa, slot)
    }
    for (const cve of bulletin.cves) cves.set(cve, [...(cves.get(cve) ?? []), entry])
    for (const release of new Set(bulletin.patches.map((patch) => patch.release))) {
      if (release !== null) releases.set(release, [...(releases.get(release) ?? []), entry])
    }
  }
  return {
    xsas: [...xsas.entries()].sort(([a], [b]) => a - b).map(([xsa, slot]) => ({ xsa, ...slot })),
    cves: [...cves.entries()].sort(([a], [b]) => compareCve(a, b)).map(([cve, list]) => ({ cve, bulletins: list })),
    releases: [...releases.entries()]
      .sort(([a], [b]) => compareRelease(a, b))
      .map(([release, list]) => ({ release, bulletins: list })),
    dates: dates.sort((a, b) => (a.date ?? '9999') .localeCompare(b.date ?? '9999') || a.number - b.number),
  }
}

function compareCve(a: string, b: string): number {
  const [, ay = 0, an = 0] = a.split('-').map(Number)
  const [, by = 0, bn = 0] = b.split('-').map(Number)
  return ay - by || an - bn
}

function compareRelease(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number)
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number)
  return aMajor - bMajor || aMinor - bMinor
}
