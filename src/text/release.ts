/**
 * Release lines, the heads of package lists:
 *
 * ```
 * release  = ("For" ws+)? "Qubes" (ws+ "OS")? ws+ RELEASES scope? ":" (ws+ note)?
 * RELEASES = RELEASE ((", and " | ", or " | "," | " and " | " & " | " or " | "/") RELEASE)*
 * RELEASE  = ("Release " | "R")? DIGITS ("." DIGITS)* "x"?
 * scope    = (", " | " (" | " in " | " [n]") … up to the colon   (`, in dom0`, ` (no GUI domain), in dom0`)
 * ```
 *
 * `For Qubes 4.0 users, …` is prose: after the releases a release line goes
 * on with a comma, a parenthesis, `in`, a citation or its colon.
 */

/** What a release line says. */
export interface ReleaseLine {
  /** The releases as written (`4.1`, `R3.0`). */
  releases: string[]
  /** What stands between the releases and the colon, its leading comma removed (`in dom0`), or null. */
  scope: string | null
  /** What follows the colon on the same line (`not affected`), or null. */
  note: string | null
}

/** Longest release line: no real one comes near; prose that merely starts with `For Qubes` does. */
const RELEASE_MAX = 160
const releaseLead = /^(?:For )?Qubes(?: OS)? /
const releaseList = /^(?:Release |R)?\d+(?:\.\d+)*x?(?:(?:, and |, or |,| and | & | or |\/) ?(?:Release |R)?\d+(?:\.\d+)*x?)*/
const releaseNumber = /(?:Release |R)?\d+(?:\.\d+)*x?/g

/**
 * Read a release line.
 *
 * @param text
 *   A line, trimmed.
 * @returns
 *   What it says, or undefined when it is no release line.
 */
export function releaseOf(text: string): ReleaseLine | undefined {
  if (text.length > RELEASE_MAX) return undefined
  const lead = releaseLead.exec(text)
  if (!lead) return undefined
  const rest = text.slice(lead[0].length)
  const list = releaseList.exec(rest)
  if (!list) return undefined
  const after = rest.slice(list[0].length)
  const colon = after.indexOf(':')
  if (colon < 0 || !/^(?:$|\s*[,(]|\s+in\b|\s*\[\d+\])/.test(after.slice(0, colon))) return undefined
  const scope = after.slice(0, colon).replace(/^\s*,\s*/, '').trim()
  const note = after.slice(colon + 1).trim()
  if (scope.length > 100 || note.length > 60 || /[:.;]/.test(scope)) return undefined
  return {
    releases: list[0].match(releaseNumber) ?? [],
    scope: scope.length > 0 ? scope.replace(/\s+/g, ' ') : null,
    note: note.length > 0 ? note.replace(/\s+/g, ' ') : null,
  }
}
