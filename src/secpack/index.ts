/**
 * The `secpack/` room: a checkout's files (`checkout/`), its git history
 * (`git/`), what its bulletins say together (`catalogue/`), and tracing
 * reposts to revisions (`match/`). Verification is injected (`Verifier`), so
 * this room never imports `verify/`. Only re-exports.
 */
export { scanCheckout, type ScanOptions } from './checkout/scan.js'
export { checkoutRecord, type CheckoutOptions } from './checkout/checkout.js'
export { Acceptor, readAcceptList, type AcceptCandidate } from './checkout/accept.js'
export { readDigestLines } from './checkout/digests.js'
export { matchIso, type ComputedDigests } from './checkout/iso.js'
export { readTags, type TagsOptions } from './git/tags.js'
export { history, type HistoryOptions } from './git/history.js'
export { simplifiedLog, type WalkGraph } from './git/walk.js'
export { entryError, SecpackError } from './errors.js'
export { buildIndex, coveredXsas, type IndexEntry, type SecpackIndex } from './catalogue/indexes.js'
export { OSV_SCHEMA_VERSION, osvId, toOsv, type OsvOptions, type OsvRecord } from './catalogue/osv.js'
export {
  checkoutBulletins,
  indexCheckout,
  osvCheckout,
  textDates,
  type CatalogueOptions,
  type CheckoutBulletins,
  type CheckoutOsv,
} from './catalogue/catalogue.js'
export { compareTexts, type Comparison, type Difference } from './match/compare.js'
export { matchRepost, matchReposts, type Match, type MatchedRevision, type MatchNote, type MatchOptions, type MatchProgress, type Repost } from './match/match.js'
export type { EntryError, HistoryEntry, HistoryFailure, HistoryRecord, HistoryState, ScanEntry } from './record-types.js'
export type {
  CheckoutSignature,
  CleartextVerdict,
  CleartextVerifier,
  DocumentVerification,
  SignatureVerdict,
  TagVerdict,
  TagVerifier,
  Verifier,
} from './types.js'
export type {
  AcceptEntry,
  AcceptList,
  Acceptance,
  CheckoutRecord,
  DigestEntry,
  DigestsRecord,
  IsoMatch,
  KeyRecord,
  ScanSignature,
  ScanVerification,
  TagRecord,
} from './record-types.js'
