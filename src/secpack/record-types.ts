/**
 * The checkout records' types, as types only (see `record/types.ts` for why:
 * the zod schemas carry a value under the same name).
 */
import type * as checkout from './checkout-schema.js'
import type * as schema from './schema.js'

export type EntryError = schema.EntryError
export type HistoryEntry = schema.HistoryEntry
export type HistoryFailure = schema.HistoryFailure
export type HistoryRecord = schema.HistoryRecord
export type HistoryState = schema.HistoryState
export type ScanEntry = schema.ScanEntry
export type AcceptEntry = checkout.AcceptEntry
export type AcceptList = checkout.AcceptList
export type Acceptance = checkout.Acceptance
export type CheckoutRecord = checkout.CheckoutRecord
export type DigestEntry = checkout.DigestEntry
export type DigestsRecord = checkout.DigestsRecord
export type IsoMatch = checkout.IsoMatch
export type KeyRecord = checkout.KeyRecord
export type ScanSignature = checkout.ScanSignature
export type ScanVerification = checkout.ScanVerification
export type TagRecord = checkout.TagRecord
