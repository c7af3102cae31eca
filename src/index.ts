/**
 * qubes-secpack: Qubes Security Bulletins and canaries as typed records, and
 * OpenPGP verification against the pinned Qubes Master Signing Key — for
 * Node, with files, checkouts and their git history. Only re-exports:
 * `qubes-secpack/parse` and `qubes-secpack/verify` hold the browser-safe parts.
 */
export * from './parse.js'
export * from './verify.js'
export * from './read/node/index.js'
export * from './secpack/index.js'
export {
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
} from './record/schema.js'
export { recordJsonSchema } from './record/json-schema.js'
export { Signature, SignatureStatus, Verdict, Verification, VerificationError, verificationJsonSchema } from './verify/schema.js'
export { Verified } from './verify/verified.js'
export {
  DocumentVerificationRecord,
  EntryError,
  HistoryEntry,
  HistoryFailure,
  HistoryRecord,
  HistoryState,
  ScanEntry,
  SignatureVerdictRecord,
} from './secpack/schema.js'
export {
  AcceptEntry,
  AcceptList,
  CheckoutRecord,
  DigestEntry,
  DigestsRecord,
  IsoMatch,
  KeyRecord,
  ScanSignature,
  ScanVerification,
  TagRecord,
} from './secpack/checkout-schema.js'
export {
  acceptJsonSchema,
  digestJsonSchema,
  historyJsonSchema,
  keysJsonSchema,
  scanJsonSchema,
  tagsJsonSchema,
} from './secpack/json-schema.js'
export { digestsVerifier, tagVerifier, type CheckoutVerifierOptions, type DigestsCheck, type TagCheck } from './read/verifiers.js'
