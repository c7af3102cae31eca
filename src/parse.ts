/**
 * `qubes-secpack/parse`: bulletins and canaries in every form they circulate
 * into typed records — tokenizer, grammar, records, reposts, naming
 * conventions. Browser-safe: no Node built-ins, no git, no verification; the
 * Markdown, HTML and mail readers load on first use. Only re-exports.
 */
export {
  buildTree,
  fromQsb,
  headingKey,
  isKnownHeading,
  locate,
  messageSource,
  prettifyMessage,
  qsbParse,
  sectionRole,
  severityOf,
  toFile,
  tokenize,
  type ExactPoint,
  type GrammarOptions,
  type Locator,
  type ParseOptions,
  type QsbInput,
  type RuleId,
  type SectionRole,
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
  type ReleaseLine,
  type SignoffToken,
  type TextToken,
  type Token,
  type TokenBase,
  type TokenKind,
  type UnderlineToken,
} from './text/index.js'
export type * from './text/types.js'
export { diagnostics, findCves, findXsas, parseDate, qsbRecord, toRecord, type RecordOptions } from './record/index.js'
export type {
  Bulletin,
  Canary,
  ChangelogEntry as ChangelogEntryRecord,
  Diagnostic,
  NextCanary,
  Package,
  Patch,
  Point as PointRecord,
  Position as PositionRecord,
  QsbRecord,
  Reference,
  Section as SectionRecord,
  Source,
  Statement,
} from './record/index.js'
export {
  defaultMaxSize,
  detectFormat,
  unwrap,
  type ByteSpan,
  type DetectOptions,
  type EmbeddedSignature,
  type Encoding,
  type Fidelity,
  type Format,
  type Hints,
  type Part,
  type Place,
  type Span,
  type Unwrapped,
  type UnwrapOptions,
} from './sources/index.js'
export { parse, type Options } from './read/parse.js'
export { readDocuments, type ReadDocument, type ReadOptions } from './read/documents.js'
export {
  documentFolders,
  documentName,
  groupSignatures,
  isDocumentName,
  isSignatureName,
  kindOf,
  signatureName,
  signerOf,
  type DocumentName,
  type FileKind,
  type SignatureName,
} from './names/secpack.js'
