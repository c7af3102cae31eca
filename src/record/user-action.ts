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
import type { Block } from '../text/index.js'
import { type SectionView, sentencesOf } from './sections.js'

const nothingElse =
  /\b(?:no\s+(?:(?:other|further|additional)\s+)?(?:user\s+)?action\s+is\s+(?:required|needed|necessary)|continue\s+to\s+update\s+normally)\b/i
const noUserAction = /\bno\s+user\s+action\s+is\s+(?:required|needed|necessary)\b/i
const extraStep =
  /\b(?:users?|you)\b[^.;]{0,120}?\b(?:must|should|need to|needs to|have to|has to|are required to|is required to)\b(?:(?!\bnot\b)[^.;]){0,120}?\b(?:remove|reinstall|re-install|recreate|re-create|uninstall|delete|reconfigure|replace|rotate|revoke|reset|rebuild|redeploy|discard)\b/i
const obligation = /\b(?:must|should|need|needs|have|has|required)\b/i
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
        rawTexts(block).some((text) => {
          // Most blocks hold no obligation at all: skip them before splitting sentences.
          if (!obligation.test(text)) return false
          for (const sentence of sentencesOf(text)) if (pattern.test(sentence) && !unless?.test(sentence)) return true
          return false
        }),
      ),
    )
  if (written(actionViews, nothingElse)) return false
  if (said(actionViews, extraStep, conditional)) return true
  if (written(all, noUserAction)) return false
  return null
}

/** Whether a pattern (that allows any whitespace between its words) matches a block as written. */
function written(views: SectionView[], pattern: RegExp): boolean {
  return views.some((view) => view.blocks.some((block) => rawTexts(block).some((text) => pattern.test(text))))
}

/** The text of a block as written, one string per item. */
function rawTexts(block: Block): string[] {
  switch (block.type) {
    case 'list':
      return block.children.map((item) => item.value)
    case 'changelog':
    case 'thematicBreak':
    case 'definition':
      return []
    default:
      return [block.value]
  }
}
