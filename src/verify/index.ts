/**
 * The `verify/` room: bytes, detached signatures and keys in, verdicts out,
 * trust anchored to the pinned master key. Knows nothing of files, sections
 * or containers; browser-safe (`#crypto` picks the platform's crypto).
 * Only re-exports.
 */
export { ArmorError, scanArmor, type ArmorBlock, type ArmorScan } from './armor.js'
export { foldName, isTeamIdentity, ownerNames, type Identity } from './identity.js'
export {
  Keyring,
  normalizeFingerprint,
  readKeyring,
  type KeyringKey,
  type KeyringOptions,
  type KeySource,
} from './keyring.js'
export { hashName, judgeHash, qubesMasterKeyFingerprint, sha1Cutoff, type HashVerdict, type Policy } from './policy.js'
export type { Signature, SignatureStatus, Verdict, Verification, VerificationError, Verified } from './types.js'
export { verdictOf, type DocumentVerdict } from './verdict.js'
export {
  limits,
  verifyDocument,
  verifySignature,
  type SignatureInput,
  type SignerKey,
  type SignerPolicy,
  type VerifyOptions,
} from './verify.js'
export {
  CleartextError,
  hasCleartext,
  readCleartext,
  verifyCleartext,
  type CleartextMessage,
  type CleartextVerification,
  type LineRange,
} from './cleartext.js'
export {
  certifiedSigners,
  describeKeys,
  releaseFor,
  releaseOfUserId,
  releaseSigners,
  roleInKeyring,
  roleOf,
  roleOfUserId,
  type KeyReport,
  type KeyRole,
} from './roles.js'
export { splitTag, verifyTag, type SignedTag, type TagSignature } from './tag.js'
export { verifyEmbedded, type EmbeddedDocument, type EmbeddedPart, type EmbeddedVerification } from './repost.js'
