/**
 * A copy's number against its document's: the banner of a copy (and the
 * title of the post or mail it came in) may name another number than the
 * document whose text it is. A match goes by content; the disagreement is
 * stated, never silently resolved.
 */
import { documentName } from '../../names/secpack.js'
import type { QsbRecord } from '../../record/index.js'

/** A remark on a match: the copy's number disagrees with its text (`number-mismatch`). */
export interface MatchNote {
  ruleId: string
  message: string
}

/** What of a copy names a number: its record (its banner), its container's title. */
interface Copy {
  file: string
  record: Pick<QsbRecord, 'kind' | 'number'>
  title?: string | null | undefined
}

/** `QSB-088`, `QSB #88`, `Qubes Security Bulletin 088`, `Canary 026`, `Qubes Canary #26` in a title. */
const titleNumber = /\b(?:(QSB)[- ]?#?|Qubes Security Bulletin #?|(?:Qubes )?(Canary) #?)(\d{1,4})\b/i

/**
 * Remarks on numbers that disagree with the document a copy was traced to.
 *
 * @param repost
 *   The copy: its record (its banner's number) and its container's title.
 * @param document
 *   The document it was traced to (`canaries/canary-026-2021.txt`).
 * @param revision
 *   The record of the revision's own text.
 * @returns
 *   One note per disagreement.
 */
export function numberNotes(repost: Readonly<Copy>, document: string, revision: QsbRecord): MatchNote[] {
  const name = documentName(document)
  if (!name) return []
  const notes: MatchNote[] = []
  const own = `${label(name.kind)} ${pad(name.number)}`
  const copy = repost.record
  if (copy.kind !== name.kind || copy.number !== name.number) {
    const same = revision.kind === copy.kind && revision.number === copy.number
    notes.push({
      ruleId: 'number-mismatch',
      message:
        `${repost.file}: its banner says ${label(copy.kind)} ${pad(copy.number)}, but its text is that of ${document} (${own})` +
        (same ? `, whose own banner says the same: the number in the signed text is wrong, not the copy` : ''),
    })
  }
  const titled = titleNumber.exec(repost.title ?? '')
  if (titled) {
    const kind = titled[2] ? 'canary' : 'bulletin'
    const number = Number(titled[3])
    if (kind !== name.kind || number !== name.number) {
      notes.push({
        ruleId: 'number-mismatch',
        message: `${repost.file}: its title “${repost.title}” says ${label(kind)} ${pad(number)}, but its text is that of ${document} (${own})`,
      })
    }
  }
  return notes
}

function label(kind: 'bulletin' | 'canary'): string {
  return kind === 'canary' ? 'Canary' : 'QSB'
}

function pad(number: number): string {
  return String(number).padStart(3, '0')
}
