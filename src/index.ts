/**
 * qubes-secpack: Qubes Security Bulletins and canaries as typed records, and
 * OpenPGP verification against the pinned Qubes Master Signing Key — for
 * Node, with files, checkouts and their git history. Only re-exports:
 * `qubes-secpack/parse` and `qubes-secpack/verify` hold the browser-safe parts;
 * `qubes-secpack/schema` the zod schemas and JSON Schemas of the records
 * (apart, because zod costs more to import than the whole parser). The
 * records' types are exported here too.
 */
export * from './parse.js'
export * from './verify.js'
export * from './read/node/index.js'
export * from './secpack/index.js'
export { digestsVerifier, tagVerifier, type CheckoutVerifierOptions, type DigestsCheck, type TagCheck } from './read/verifiers.js'
