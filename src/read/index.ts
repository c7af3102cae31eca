/**
 * The `read/` room: the whole pipeline, browser-safe part — bytes → sources →
 * text → record, and bytes → sources → verify. The only room that knows all
 * the steps. Node's file reading is in `read/node/`. Only re-exports.
 */
export { parse, type Options } from './parse.js'
export { readDocuments, type ReadDocument, type ReadOptions } from './documents.js'
export { verifyRepost, type VerifyRepostOptions } from './repost.js'
export { digestsVerifier, tagVerifier, type CheckoutVerifierOptions, type DigestsCheck, type TagCheck } from './verifiers.js'
