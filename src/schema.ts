/**
 * `qubes-secpack/schema`: the zod 4 schemas of every record the package and
 * `qsb` produce, and their JSON Schemas (also shipped as files:
 * `qubes-secpack/schemas/NAME.json`). An entry of its own because zod costs
 * more to import than the whole parser, and most consumers only need the
 * records' types, which every entry exports. Browser-safe. Only re-exports.
 */
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
  Acceptance,
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
