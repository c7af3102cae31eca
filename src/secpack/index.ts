/**
 * The `secpack/` room: a checkout's files and its git history. Only
 * re-exports; `src/index.ts` re-exports this.
 */
export { scanCheckout, type ScanOptions } from './scan.js'
export { history, type HistoryOptions } from './history.js'
export { simplifiedLog, type WalkGraph } from './walk.js'
export { SecpackError } from './errors.js'
export { kindOf, isDocumentName, signatureName, type SignatureName } from './names.js'
export { historyJsonSchema, scanJsonSchema } from './json-schema.js'
export { buildIndex, coveredXsas, type IndexEntry, type SecpackIndex } from './indexes.js'
export { OSV_SCHEMA_VERSION, osvId, toOsv, type OsvOptions, type OsvRecord } from './osv.js'
export { compareTexts, type Comparison, type Difference } from './compare.js'
export { matchRepost, type Match, type MatchedRevision, type MatchOptions, type Repost } from './match.js'
export {
  HistoryRecord,
  HistoryState,
  HistoryFailure,
  HistoryEntry,
  ScanEntry,
  EntryError,
  SignatureVerdictRecord,
  DocumentVerificationRecord,
} from './schema.js'
export type { CheckoutSignature, SignatureVerdict, DocumentVerification, Verifier, FileKind } from './types.js'
export { checkoutBulletins, indexCheckout, osvCheckout, textDates, type CheckoutBulletins } from './catalogue.js'
