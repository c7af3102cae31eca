/**
 * Every problem this package reports carries one of these rule ids and the
 * source `qsb`: parser warnings on the tree, fatal messages for unusable
 * input, and the `error` of a record that failed in a batch. One closed union,
 * so a consumer can switch on it and a typo cannot invent a new rule.
 *
 * The list lives in `text/` because every room may import `text/` and
 * `text/` imports no other room.
 */
import type { VFile } from 'vfile'
import type { Point, Position } from './types.js'

/** The `source` of every message this package adds to a vfile. */
export const messageSource = 'qsb'

/**
 * Stable identifiers of the problems reported, by the stage that finds them.
 *
 * - Decoding (`text/`): `binary`, `encoding`.
 * - Grammar (`text/`): `missing-banner`, `text-before-banner`, `second-banner`,
 *   `todo`, `missing-date`, `wrapped-title`, `missing-underline`,
 *   `missing-signoff`, `recovered-heading`, `recovered-signoff`;
 *   `short-underline` is no longer reported (an underline's length is
 *   layout) and stays in the union so that code naming it still compiles.
 * - Record (`record/`): `template`, `invalid-number`, `invalid-date`,
 *   `duplicate-reference`, `unresolved-citation`, `unused-reference`,
 *   `file-name-kind`, `file-name-number`, `date-year-mismatch`, `schema`;
 *   what was not read into the record: `unread-version`, `unread-release`,
 *   `unread-advisory`, `unread-statement` (a canary statement about a field
 *   whose value was not read); reposts: `partial` (only part of the document),
 *   `number-mismatch` (the page and the text name different documents).
 * - Containers (`sources/`): `too-large`, `no-bulletin`, `unreadable`,
 *   `redirect`.
 * - Files and checkouts (`read/`, `secpack/`): `not-a-file`, `outside-checkout`,
 *   `not-a-checkout`, `not-a-document`, `not-in-history`, `no-document`,
 *   `no-revision`, `unparsable`, `internal`.
 */
export type RuleId =
  | 'binary'
  | 'encoding'
  | 'missing-banner'
  | 'text-before-banner'
  | 'second-banner'
  | 'todo'
  | 'missing-date'
  | 'wrapped-title'
  | 'short-underline'
  | 'missing-underline'
  | 'missing-signoff'
  | 'recovered-heading'
  | 'recovered-signoff'
  | 'template'
  | 'invalid-number'
  | 'invalid-date'
  | 'duplicate-reference'
  | 'unresolved-citation'
  | 'unused-reference'
  | 'file-name-kind'
  | 'file-name-number'
  | 'date-year-mismatch'
  | 'schema'
  | 'unread-version'
  | 'unread-release'
  | 'unread-advisory'
  | 'unread-statement'
  | 'number-mismatch'
  | 'partial'
  | 'too-large'
  | 'no-bulletin'
  | 'unreadable'
  | 'redirect'
  | 'not-a-file'
  | 'outside-checkout'
  | 'not-a-checkout'
  | 'not-a-document'
  | 'not-in-history'
  | 'no-document'
  | 'no-revision'
  | 'unparsable'
  | 'internal'

/** Where a message points: a point, a span, or a node that has a position. */
export type Place = Point | Position | { position?: Position | undefined } | null | undefined

function placeOf(place: Place): Point | Position | undefined {
  if (!place) return undefined
  if ('position' in place) return place.position
  return place as Point | Position
}

/**
 * Add a warning to a file.
 *
 * @param file
 *   The file the message is about.
 * @param reason
 *   What is wrong, in words ("Unexpected `X`, expected `Y`").
 * @param place
 *   Where (a point, a span, or a node with a position).
 * @param ruleId
 *   The rule.
 */
export function warn(file: VFile, reason: string, place: Place, ruleId: RuleId): void {
  file.message(reason, { place: placeOf(place), ruleId, source: messageSource })
}

/**
 * Add an informational note to a file (something worth knowing, not wrong).
 *
 * @param file
 *   The file the note is about.
 * @param reason
 *   What was noticed.
 * @param place
 *   Where.
 * @param ruleId
 *   The rule.
 */
export function note(file: VFile, reason: string, place: Place, ruleId: RuleId): void {
  file.info(reason, { place: placeOf(place), ruleId, source: messageSource })
}

/**
 * Fail: add a fatal message to a file and throw it.
 *
 * @param file
 *   The file that cannot be used.
 * @param reason
 *   Why.
 * @param place
 *   Where (the first line when unknown).
 * @param ruleId
 *   The rule.
 * @returns
 *   Never; throws the fatal `VFileMessage`.
 */
export function fail(file: VFile, reason: string, place: Place, ruleId: RuleId): never {
  file.fail(reason, { place: placeOf(place) ?? { line: 1, column: 1 }, ruleId, source: messageSource })
}
