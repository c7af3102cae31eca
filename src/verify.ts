/**
 * `qubes-secpack/verify`: given bytes, detached signatures and keys, the
 * verdicts — trust anchored to the pinned Qubes Master Signing Key. Also
 * `verifyRepost` for a post, page, mail or paste given as bytes.
 * Browser-safe: the platform's crypto is picked by `#crypto` (Node's
 * `crypto`, or WebCrypto), with the same verdicts. Only re-exports.
 */
export * from './verify/index.js'
export { verifyRepost, type VerifyRepostOptions } from './read/repost.js'
