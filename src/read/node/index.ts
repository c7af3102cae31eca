/**
 * The `read/` room's Node-only part: files and folders in, with bounded,
 * regular-file-only reads. Only re-exports.
 */
export { readFailure, readLimits, readRegularFile, type FileRead, type ReadFailure } from './files.js'
export { loadKeyring, type LoadKeyringOptions } from './keys.js'
export { findSignatures, verifyFile, verifyFiles, verifyInput, type VerifyFileOptions, type VerifyInputOptions } from './verify-file.js'
export { inside, walkFolder, type WalkedEntry, type WalkOptions } from './walk.js'
export { hashFile, type FileDigests, type HashFileOptions } from './hash-file.js'
