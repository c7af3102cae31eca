/**
 * Dates as bulletins write them: `May 12, 2011`, `May  8, 2018`,
 * `January 5th, 2015`, `2024-01-30`, and in changelogs `July 14`; and as a
 * bulletin not yet written may: `Feb 19, 2025`, `19 February 2025`,
 * `2025/02/19`.
 */

const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const

const longPattern = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$/i
const dayFirstPattern = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})$/i
const isoPattern = /^(\d{4})-(\d{2})-(\d{2})$/
const slashPattern = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/

/** A month by its name or an abbreviation of at least three letters (`Feb`, `Sept`); -1 for none. */
function monthOf(word: string): number {
  const name = word.toLowerCase()
  return name.length >= 3 ? months.findIndex((month) => month.startsWith(name)) : -1
}

/**
 * Read a date.
 *
 * @param text
 *   The date as written.
 * @param year
 *   Year to use when the text names none (changelogs of one bulletin).
 * @returns
 *   `YYYY-MM-DD`, or null when the text is not a real calendar date.
 */
export function parseDate(text: string, year?: number | null): string | null {
  const value = text.trim().replace(/\s+/g, ' ')
  const iso = isoPattern.exec(value) ?? slashPattern.exec(value)
  if (iso) return valid(Number(iso[1]), Number(iso[2]), Number(iso[3]))
  const dayFirst = dayFirstPattern.exec(value)
  if (dayFirst) {
    const month = monthOf(dayFirst[2] as string)
    return month < 0 ? null : valid(Number(dayFirst[3]), month + 1, Number(dayFirst[1]))
  }
  const long = longPattern.exec(value)
  if (!long) return null
  const month = monthOf(long[1] as string)
  if (month < 0) return null
  const resolved = long[3] ? Number(long[3]) : year
  if (resolved === undefined || resolved === null) return null
  return valid(resolved, month + 1, Number(long[2]))
}

/**
 * Month and year named in a phrase (`the first two weeks of March 2021`).
 *
 * @param text
 *   The phrase.
 * @returns
 *   `YYYY-MM`, or null when no month and year are named together.
 */
export function parseMonth(text: string): string | null {
  // `January 2025`, `January, 2025`, `Jan. 2025`.
  const match = /\b([a-z]+)\.?,? (\d{4})\b/gi
  for (const found of text.matchAll(match)) {
    const month = monthOf(found[1] as string)
    if (month >= 0) return `${found[2]}-${String(month + 1).padStart(2, '0')}`
  }
  return null
}

function valid(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
