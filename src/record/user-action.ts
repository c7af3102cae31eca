/**
 * Whether users must do more than update normally.
 *
 * - `false` when the bulletin says so: "No other user action is required",
 *   "no user action is required", "Continue to update normally".
 * - `true` when a user-action or patching section tells users to do something
 *   that is not installing updates or restarting: remove, reinstall, recreate,
 *   reconfigure… (`you should remove all APT-based TemplateVMs`).
 * - `null` otherwise: installing listed packages is updating, and a bulletin
 *   that says only that says neither.
 *
 * An explicit "no other action is required" wins over instructions that are
 * conditional advice elsewhere in the text.
 */
import { oneLine, type SectionView, blockTexts } from './sections.js'

const nothingElse =
  /\b(?:no (?:other |further |additional )?(?:user )?action is (?:required|needed|necessary)|continue to update normally)\b/i
const extraStep =
  /\b(?:users?|you)\b[^.;]{0,120}?\b(?:must|should|need to|needs to|have to|has to|are required to|is required to)\b(?:(?!\bnot\b)[^.;]){0,120}?\b(?:remove|reinstall|re-install|recreate|re-create|uninstall|delete|reconfigure|replace|rotate|revoke|reset|rebuild|redeploy|discard)\b/i
/** Advice for those who choose it is not a requirement. */
const conditional = /^if\b|\bif (?:you|the user|users) (?:wish|want|prefer|choose|would like)\b|\boptional(?:ly)?\b|\bmay (?:wish|want)\b/i

/**
 * Decide `userActionRequired`.
 *
 * @param actionViews
 *   Sections whose role is user action or patching.
 * @param all
 *   Every section (a "no user action is required" counts wherever it is).
 * @returns
 *   true, false or null as described above.
 */
export function findUserAction(actionViews: SectionView[], all: SectionView[]): boolean | null {
  const said = (views: SectionView[], pattern: RegExp, unless?: RegExp): boolean =>
    views.some((view) =>
      view.blocks.some((block) =>
        blockTexts(block).some((text) =>
          sentences(text).some((sentence) => pattern.test(sentence) && !unless?.test(sentence)),
        ),
      ),
    )
  if (said(actionViews, nothingElse) || said(all.filter((view) => view.role === 'userAction'), nothingElse)) {
    return false
  }
  if (said(actionViews, extraStep, conditional)) return true
  if (said(all, /\bno user action is (?:required|needed|necessary)\b/i)) return false
  return null
}

/** Sentences of a text, each short enough for the patterns above to stay cheap. */
function sentences(text: string): string[] {
  return oneLine(text)
    .split(/(?<=[.;!?])\s+/)
    .filter((sentence) => sentence.length <= MAX_SENTENCE)
}

const MAX_SENTENCE = 600
