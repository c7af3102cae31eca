/**
 * Signature verification: keys judged against the pinned master key, and
 * verdicts on documents' detached signatures. Re-exports only.
 */
export { ArmorError, scanArmor, type ArmorBlock, type ArmorScan } from './armor.js'
export {
  findSignatures,
  loadKeyring,
  verifyFile,
  verifyFiles,
  type LoadKeyringOptions,
  type VerifyFileOptions,
} from './files.js'
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
export { Signature, SignatureStatus, Verification, verificationJsonSchema } from './schema.js'
export { limits, verifyDocument, verifySignature, type SignatureInput, type VerifyOptions } from './verify.js'
export { verifyEmbedded, type EmbeddedDocument, type EmbeddedVerification } from './repost.js'
export { isSignatureName, signerOf } from './names.js'
export { verifyInput, type VerifyInputOptions } from './input.js'
