/**
 * Xen Security Advisories and CVEs named in a text, in every form bulletins
 * use: `XSA-449`, `XSA 226`, `XSA87`, `XSAs 52-54`, `XSA-226 through XSA-230`,
 * `XSA 216, 217, 218`, `XSA 121 & 122`, `Xen Security Advisory 226`, and
 * advisory URLs (`…/xsa/advisory-422.html`); CVE ids, and ranges of them
 * (`CVE-2025-1111 through CVE-2025-1113`).
 *
 * The scanner walks the text once, as written: a global pattern finds each
 * anchor and sticky patterns read the list that may follow it, across line
 * breaks and quote markers (`| `). Nothing is copied or re-joined first, so
 * the pass stays linear however large the text.
 */

/** Whitespace that may separate parts of a mention, including a line break into a quote. */
// Written so that no two quantifiers can share a run of spaces: a long run costs one pass, not its square.
const gap = String.raw`[ \t]*(?:(?:\r?\n|\r)[ \t]*(?:\|[ \t]*)?)?`
// Between the name and its number: a dash, or spaces and at most one line break (a wrapped `XSA\n226`).
const anchor = /\b(?:XSAs?|Xen[ \t\r\n]+Security[ \t\r\n]+Advisor(?:y|ies)(?:[ \t\r\n]+XSA)?)(?:-|[ \t]*(?:\r?\n|\r)?[ \t]*)#?(\d{1,4})(?![\d.]*\d)/gi
/** `-`, `–`, `through`, `to`, followed by an optional `XSA-` and a number: a range. */
const rangeNext = new RegExp(`${gap}(?:-|–|—|through|thru|to)${gap}(XSA[- ]?)?(\\d{1,4})\\b(?!\\.\\d)`, 'iy')
/** `,`, `&`, `and`, `or`, `/` followed by an optional `XSA-` and a number: one more. */
const listNext = new RegExp(`${gap}(?:,|&|and|or|\\/|, and|, or)${gap}(XSA[- ]?)?(\\d{1,4})\\b(?!\\.\\d)`, 'iy')
const advisoryUrl = /\badvisory-(\d{1,4})\.html\b/gi
const cvePattern = /\bCVE-(\d{4})-(\d{4,7})\b/gi
/** `CVE-2025-1111 through CVE-2025-1113`: a range of one year, the second id written whole. */
const cveRangeNext = new RegExp(`${gap}(?:-|–|—|through|thru|to)${gap}CVE-(\\d{4})-(\\d{4,7})\\b`, 'iy')

/** Longest range that is read as a range; longer ones are read as two numbers. */
const MAX_RANGE = 64
/** A bare number after a list separator counts only this close to the one before. */
const MAX_STEP = 100

/**
 * Xen advisory numbers referred to in `text`.
 *
 * @param text
 *   Any text; line breaks and quote markers between the parts of a mention are allowed.
 * @returns
 *   Numbers, sorted, unique.
 */
export function findXsas(text: string): number[] {
  const found = new Set<number>()
  for (const match of text.matchAll(anchor)) {
    let last = Number(match[1])
    found.add(last)
    let at = (match.index ?? 0) + match[0].length
    for (;;) {
      rangeNext.lastIndex = at
      const range = rangeNext.exec(text)
      if (range) {
        const end = Number(range[2])
        if (range[1] || (end > last && end - last <= MAX_RANGE)) {
          for (let n = last + 1; n <= end && end - last <= MAX_RANGE; n++) found.add(n)
          found.add(end)
          last = end
          at = rangeNext.lastIndex
          continue
        }
      }
      listNext.lastIndex = at
      const more = listNext.exec(text)
      if (more) {
        const next = Number(more[2])
        if (more[1] || (next > 0 && Math.abs(next - last) <= MAX_STEP)) {
          found.add(next)
          last = next
          at = listNext.lastIndex
          continue
        }
      }
      break
    }
  }
  for (const match of text.matchAll(advisoryUrl)) found.add(Number(match[1]))
  found.delete(0)
  return [...found].sort((a, b) => a - b)
}

/**
 * CVE identifiers in `text`, as written (upper-cased `CVE`).
 *
 * @param text
 *   Any text.
 * @returns
 *   Identifiers sorted by year then number, unique.
 */
export function findCves(text: string): string[] {
  const found = new Map<string, [number, number]>()
  const add = (year: number, number: number, digits: number): void => {
    found.set(`CVE-${year}-${String(number).padStart(digits, '0')}`, [year, number])
  }
  for (const match of text.matchAll(cvePattern)) {
    const year = Number(match[1])
    const first = Number(match[2])
    add(year, first, (match[2] as string).length)
    // A range names every id between its ends (a short one, in one year); a longer one, only its ends.
    cveRangeNext.lastIndex = (match.index ?? 0) + match[0].length
    const range = cveRangeNext.exec(text)
    const last = range ? Number(range[2]) : Number.NaN
    if (range && Number(range[1]) === year && last > first && last - first <= MAX_RANGE) {
      for (let number = first + 1; number < last; number++) add(year, number, 4)
    }
  }
  return [...found.entries()]
    .sort(([, a], [, b]) => a[0] - b[0] || a[1] - b[1])
    .map(([id]) => id)
}
