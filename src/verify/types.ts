/**
 * The verification records' types, as types only (see `record/types.ts` for
 * why: the zod schemas carry a value under the same name).
 */
import type * as schema from './schema.js'
import type * as verified from './verified.js'

export type Signature = schema.Signature
export type SignatureStatus = schema.SignatureStatus
export type Verdict = schema.Verdict
export type Verification = schema.Verification
export type VerificationError = schema.VerificationError
export type Verified = verified.Verified
