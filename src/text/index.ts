/**
 * The `text/` room: bulletin and canary text into a syntax tree — tokenizer,
 * section grammar, node types, places and messages. Imports no other room.
 * Only re-exports.
 */
export { fromQsb, qsbParse, toFile, type ParseOptions, type QsbInput } from './parse.js'
export {
  tokenize,
  STRUCTURAL_MAX,
  type BannerToken,
  type BlankToken,
  type BreakToken,
  type DatedToken,
  type DateToken,
  type ItemToken,
  type MarkedContent,
  type QuoteToken,
  type ReferenceToken,
  type ReleaseToken,
  type SignoffToken,
  type TextToken,
  type Token,
  type TokenBase,
  type TokenKind,
  type UnderlineToken,
} from './tokenize.js'
export { buildTree, type GrammarOptions } from './grammar.js'
export { firstUrl } from './blocks.js'
export { announcementOf, type Announced } from './announcement.js'
export type { ReleaseLine } from './release.js'
export { prettifyMessage, severityOf } from './prettify.js'
export { headingKey, isKnownHeading, sectionRole, type SectionRole } from './vocabulary.js'
export { locate, type ExactPoint, type Locator } from './location.js'
export { fail, messageSource, note, warn, type Place, type RuleId } from './messages.js'
export type * from './types.js'
