/**
 * What the bulletin asks of its users: `userActionRequired` as the bulletin
 * states it, and `userActions`, the steps in its own sentences.
 *
 * `userActionRequired`, first rule that applies:
 *
 * 1. `false` when a user-action or patching section says no (other) user
 *    action is required ("No other user action is required in response to
 *    this QSB", "no fix is available, so no user action is required", "Users
 *    do not need to take any action", "Nothing else needs to be done");
 * 2. `true` when it asks for a step beyond installing updates the normal way,
 *    such as removing, recreating or replacing something, running a command,
 *    changing a setting (`you should remove all APT-based TemplateVMs`);
 * 3. `true` when it tells users to install specific packages ("Users must
 *    install the following specific packages…", "The packages are to be
 *    installed in dom0 via …"), or has a "User action required" section;
 * 4. `false` when it says "no user action is required" anywhere else, or to
 *    "continue to update normally";
 * 5. `null` otherwise: it says neither.
 *
 * Restarts and Anti Evil Maid resealing are steps (they are in
 * `userActions`), but a bulletin that says to update normally counts them as
 * part of the update, so they never decide `userActionRequired` on their own.
 */
import type { Block } from '../text/index.js'
import { readPackages } from './packages.js'
import { oneLine, type SectionView } from './sections.js'

const noUserAction = new RegExp(
  [
    // `No (other) user action is required`, `no further steps are needed`.
    String.raw`\bno\s+(?:(?:other|further|additional)\s+)?(?:user\s+)?(?:action|intervention|steps?)\s+(?:is|are)\s+(?:required|needed|necessary)\b`,
    // `Users do not need to take any (further) action`, `you don't need to do anything`.
    String.raw`\b(?:users?|you)\s+(?:do|does|will)\s*(?:not|n['’]t)\s+(?:need|have)\s+to\s+(?:take\s+any\s+(?:(?:other|further|additional)\s+)?action|do\s+anything)\b`,
    // `Nothing (else) needs to be done`.
    String.raw`\bnothing\s+(?:(?:else|more)\s+)?(?:needs|has)\s+to\s+be\s+done\b`,
  ].join('|'),
  'i',
)
const updateNormally = /\b(?:continue\s+to\s+)?update\s+(?:normally|as\s+usual)\b/i
const extraStep =
  /\b(?:users?|you)\b[^.;]{0,120}?\b(?:must|should|need to|needs to|have to|has to|are required to|is required to)\b(?:(?!\bnot\b)[^.;]){0,120}?\b(?:remove|reinstall|re-install|recreate|re-create|uninstall|delete|reconfigure|replace|rotate|revoke|reset|rebuild|redeploy|discard|change|disable|enable|run)\b/i
const installSpecific =
  /\b(?:users?|you)\s+(?:must|should|need\s+to|have\s+to)\s+install\b|\bpackages?\b[^.;]{0,40}?\b(?:(?:are|is)\s+to|must|should)\s+be\s+installed\b/i
/** Advice for those who choose it is not a requirement. */
const conditional = /^if\b(?! you use)|\bif (?:you|the user|users) (?:wish|want|prefer|choose|would like)\b|\boptional(?:ly)?\b|\bmay (?:wish|want)\b/i

/** A sentence that asks for something: an obligation, or an imperative. */
const obligation = /\b(?:must|should|need to|needs to|will need to|have to|has to|are to be|is to be|(?:is|are|be|been) required|entails)\b/i
const imperative =
  /^(?:\[\d+\]\s*|\d+\.\s+)?(?:Continue|Restart|Reseal|Reboot|Update|Install|Remove|Uninstall|Reinstall|Recreate|Re-create|Run|Enable|Disable|Change|Set|Open|Download|Check|Repeat|Shut|Log|Apply|Replace|Verify|Refer|Temporarily|Note any)\b/
const restartOrReseal = /\b(?:restart(?:ed|ing|s)?|reboot(?:ed|ing|s)?|reseal(?:ed|ing|s)?|shut(?:ting)? down|log(?:ging)? out)\b/i
/** Outside the sections about patching or user action, only a restart or resealing that is asked for is a step. */
const askedRestart =
  /\b(?:must|should|need to|needs to|will need to|have to|has to)\s+(?:be\s+)?(?:restart|reboot|reseal)|\b(?:restart|reboot)s?\s+(?:is|are|will be)\s+(?:required|needed|necessary)\b/i
const negated =
  /\bno\s+(?:[\w-]+\s+){0,3}(?:is|are)\s+(?:required|needed|necessary)\b|\bnot\s+(?:be\s+)?(?:required|necessary|needed)\b|\brequires?\s+no\b|(?:\bnot|n['’]t)\s+(?:need|have)\s+to\b|\bno\s+need\s+to\b/i
/** `should` in a relative clause (`the template that should be used`) or a comparison (`should be easier than`) asks nothing. */
const notAsking =
  /\b(?:that|which|who)\s+(?:[\w-]+\s+){0,2}(?:should|must)\b|\bshould\s+be\s+(?:[\w-]+er\s+than|sufficient|enough|possible)\b|\bwould\s+have\s+to\b/i
/** What the security team must do is not a step for users. */
const ourDuty = /\bwe\s+(?:[\w-]+\s+)?(?:must|should|need|have to|will need)\b/i
/** A step may open with its condition (`If you use Anti Evil Maid, …`, `If you removed …, change them back`). */
const leadingCondition = /^(?:\d+\.\s+)?(?:If|When|Once|After|Before|Then|Finally)\b[^,]{0,160},\s*/
const advice = /\bmay (?:wish|want)\b|\bif you wish\b|\boptional(?:ly)?\b/i

/**
 * Decide `userActionRequired` and collect `userActions`.
 *
 * @param actionViews
 *   Sections whose role is user action or patching.
 * @param all
 *   Every section (a "no user action is required" counts wherever it is, and
 *   so does a restart or resealing step).
 * @returns
 *   The two fields.
 */
export function findUserAction(actionViews: SectionView[], all: SectionView[]): { required: boolean | null; actions: string[] } {
  return { required: required(actionViews, all), actions: actions(actionViews, all) }
}

function required(actionViews: SectionView[], all: SectionView[]): boolean | null {
  const sentences = actionViews.flatMap(viewSentences)
  if (sentences.some((sentence) => noUserAction.test(sentence))) return false
  if (sentences.some((sentence) => extraStep.test(sentence) && !conditional.test(sentence))) return true
  if (sentences.some((sentence) => installSpecific.test(sentence) && !conditional.test(sentence))) return true
  if (actionViews.some((view) => /^user action required$/i.test(oneLine(view.heading ?? '')))) return true
  if (all.some((view) => view.blocks.some((block) => noUserAction.test(blockText(block))))) return false
  if (sentences.some((sentence) => updateNormally.test(sentence))) return false
  return null
}

/** The steps: obligations and imperatives in user-action and patching sections, restarts and resealing anywhere. */
function actions(actionViews: SectionView[], all: SectionView[]): string[] {
  const found: string[] = []
  const inAction = new Set(actionViews)
  for (const view of all) {
    for (const block of view.blocks) {
      if (inAction.has(view)) found.push(...blockSteps(block, view.role === 'userAction'))
      // Elsewhere most blocks name no restart at all: look at the block before splitting it.
      else if (mentionsRestart(block)) found.push(...blockSentences(block).filter((sentence) => askedRestart.test(sentence) && isStep(sentence)))
    }
  }
  return [...new Set(found)]
}

function mentionsRestart(block: Block): boolean {
  if (block.type === 'paragraph') return askedRestart.test(block.value)
  return block.type === 'list' && block.children.some((item) => askedRestart.test(item.value))
}

function blockSteps(block: Block, userAction: boolean): string[] {
  // The items of a list in a user-action section are its steps (`1. Changing the screenlocker passphrase.`);
  // so is a command block (`$ sudo qubes-dom0-update`) in either kind of section.
  if (block.type === 'list' && userAction) {
    // …but not the items of a package list.
    return block.children.map((item) => oneLine(item.value)).filter((item) => readPackages(item).length === 0)
  }
  if (block.type === 'indented' && /^\$ /m.test(block.value)) return [oneLine(block.value)]
  return blockSentences(block).filter(isStep)
}

function isStep(sentence: string): boolean {
  // A sentence saying no action is needed is no step either.
  if (negated.test(sentence) || noUserAction.test(sentence) || advice.test(sentence) || ourDuty.test(sentence)) return false
  const main = sentence.replace(leadingCondition, '')
  const asks = obligation.test(sentence) && !notAsking.test(sentence)
  return asks || imperative.test(main) || imperative.test(sentence) || restartOrReseal.test(sentence)
}

function viewSentences(view: SectionView): string[] {
  return view.blocks.flatMap(blockSentences)
}

/** A block's prose on one line. */
function blockText(block: Block): string {
  if (block.type === 'paragraph') return block.value
  return block.type === 'list' ? block.children.map((item) => item.value).join(' ') : ''
}

/** The sentences of a block's prose (list items one by one). */
function blockSentences(block: Block): string[] {
  switch (block.type) {
    case 'paragraph':
      return sentences(block.value)
    case 'list':
      return block.children.flatMap((item) => sentences(item.value))
    default:
      return []
  }
}

/** Abbreviations whose dot ends no sentence. */
const abbreviation = /\b(?:e\.g|i\.e|etc|cf|vs|approx|incl|resp|no)\.$/i

/**
 * Split prose into sentences: a sentence ends at `.`, `!` or `?` followed by
 * a space and a capital (or the end), not after `e.g.` and the like; the
 * citations right after its end (`… community. [1]`) stay with it.
 */
function sentences(text: string): string[] {
  const value = oneLine(text)
  const found: string[] = []
  let start = 0
  for (const match of value.matchAll(/[.!?](?:\s*\[\d+\])*(?=\s+["'“(\[]?[A-Z]|\s*$)/g)) {
    const end = (match.index ?? 0) + match[0].length
    if (abbreviation.test(value.slice(Math.max(start, end - 8), (match.index ?? 0) + 1))) continue
    const sentence = value.slice(start, end).trim()
    if (sentence) found.push(sentence)
    start = end
  }
  const rest = value.slice(start).trim()
  if (rest) found.push(rest)
  return found
}
