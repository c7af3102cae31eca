/**
 * Lines that name a bulletin or canary where no banner does. News posts about
 * a bulletin do not always carry it: some are stubs with a title only, some
 * announce an update and quote only what changed, and scrapes of them keep
 * even less. What names the document there:
 *
 * ```
 * title-line   = prefix? name (sep title)?          Qubes Security Bulletin #27: Xen bugs (XSA 195)
 *                                                    QSB-080: Issues with PV domains …   Qubes Canary #10
 * announcement = "We have" "just"? ACTION "["? name (":" title)?
 *                                                    We have just updated Qubes Security Bulletin (QSB) #37: …
 * name         = ("Qubes Security Bulletin" " (QSB)"? | "QSB") sep? "#"? NUMBER
 *              | "Qubes Canary" sep? "#"? NUMBER
 * prefix       = "title:" ws* quote?                 (a post's front matter, read as text)
 * ```
 *
 * The number is the document's; whether the text that follows is the whole
 * document is for the caller to say.
 */
import type { DocumentKind } from './types.js'

/** What a naming line says. */
export interface Announced {
  kind: DocumentKind
  /** The number as written (`27`, `080`). */
  number: string
  /** `published` or `updated` for an announcement, null for a title line. */
  action: 'published' | 'updated' | null
  /** The title after the number, when the line gives one. */
  title: string | null
}

/** Longest text read for a name: a title line or the first sentence of an announcement. */
const MAX_NAMING = 400

const name = String.raw`(?:(Qubes Security Bulletin(?: \(QSB\))?|QSB)|(Qubes Canary))[ -]?#? ?(\d{1,4})(?!\d|\.\d)`
/** After the name of a title line: its end, a separator and the title, or a parenthesis (`#27 (XSA 195)`). */
const titleLine = new RegExp(String.raw`^(?:title: ?["']?)?(?:Update(?:d)? (?:to |for )?)?${name}(?:(?: ?: ?| [–—-] | (?=\())(.*?))?["']?$`, 'i')
/** The name ends its sentence (`… Qubes Canary 032. The text …`), or a title follows it. */
const announcement = new RegExp(String.raw`^We have (?:just )?(published|updated|released) (?:the )?\[?${name}(?:\]\([^)\s]*\))?(?:\.(?:\s.*)?|(?: ?[:–—-] ?| )(.*))?$`, 'i')

/**
 * Read a line (or a paragraph joined on one line) that names a document.
 *
 * @param text
 *   The text, trimmed.
 * @returns
 *   What it names, or null when it names no bulletin or canary.
 */
export function announcementOf(text: string): Announced | null {
  if (text.length > MAX_NAMING * 4) return null
  const line = text.replace(/\s+/g, ' ').trim()
  const announced = announcement.exec(line)
  if (announced) {
    return {
      kind: announced[3] ? 'canary' : 'bulletin',
      number: announced[4] as string,
      action: /^updated$/i.test(announced[1] as string) ? 'updated' : 'published',
      title: firstSentence(announced[5] ?? ''),
    }
  }
  if (line.length > MAX_NAMING) return null
  const titled = titleLine.exec(line)
  if (!titled) return null
  return { kind: titled[2] ? 'canary' : 'bulletin', number: titled[3] as string, action: null, title: cleanTitle(titled[4] ?? '') }
}

/** The title in the rest of an announcement: up to the end of its sentence. */
function firstSentence(rest: string): string | null {
  // A Markdown link around the name leaves `](url)` behind it.
  const text = rest.replace(/^\]\([^)\s]*\)\s*[:–—-]?\s*/, '')
  const end = /\.(?:\s+(?=[A-Z])|\s*$)/.exec(text)
  return cleanTitle(end ? text.slice(0, end.index) : text)
}

function cleanTitle(text: string): string | null {
  const title = text
    .replace(/\]\([^)\s]*\)/g, '')
    .replace(/^[\s:–—-]+/, '')
    .replace(/[\s"'.]+$/, '')
    .trim()
  return title.length > 0 ? title : null
}
