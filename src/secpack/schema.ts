/**
 * The contract of `qsb history` and `qsb scan` results: zod schemas with the
 * TypeScript types inferred from them. JSON field names are a public API.
 */
import * as z from 'zod'
import { QsbRecord } from '../record/schema.js'
import { DigestsRecord, ScanVerification } from './checkout-schema.js'

const objectId = z.string().regex(/^[0-9a-f]{40}$/)

/** Zod schema of a `SignatureVerdict`; named apart so the interface keeps its name. */
export const SignatureVerdictRecord = z
  .object({
    source: z.string().meta({ description: 'Path of the signature file (`QSBs/qsb-080-2022.txt.sig.marmarek`).' }),
    signer: z.string().nullable().meta({ description: 'The name in the file suffix (`marmarek`), or null.' }),
    fingerprint: z
      .string()
      .nullable()
      .meta({ description: 'Fingerprint of the key that made the signature; null when unreadable.' }),
    created: z.string().nullable().meta({ description: 'When the signature was made, ISO 8601; null when unreadable.' }),
    hash: z.string().nullable().meta({ description: 'Digest algorithm (`SHA256`); null when unreadable.' }),
    status: z.enum(['good', 'bad', 'unknown-key', 'untrusted', 'signer-mismatch', 'error', 'accepted']).meta({
      description:
        '`good`; `bad`: the bytes are not what was signed; `unknown-key`; `untrusted`: key not certified by the pinned master key; `signer-mismatch`: made by another key than the suffix names; `error`: unreadable signature, or no document to check it against; `accepted`: a known failure an accept list names (never from `qsb history`).',
    }),
    notes: z.array(z.string()).meta({ description: 'Remarks (legacy SHA-1, why it could not be checked).' }),
  })
  .meta({ id: 'SignatureVerdict', description: 'The verdict on one detached signature.' })

export const HistoryState = z.enum(['signed', 'stale', 'unsigned', 'removed']).meta({
  id: 'HistoryState',
  description:
    '`signed`: at least one signature, all good; `stale`: signatures present but not all good (typically `bad`: the text changed since they were made); `unsigned`: no signature files (a draft); `removed`: the document is not in this commit.',
})
export type HistoryState = z.infer<typeof HistoryState>

export const HistoryRecord = z
  .object({
    file: z.string().meta({ description: 'The document, relative to the checkout (`QSBs/qsb-080-2022.txt`).' }),
    commit: objectId.meta({ description: 'Full id of the commit.' }),
    date: z.iso.datetime().meta({
      description: 'Commit date, ISO 8601 in UTC (`2022-06-09T12:04:54.000Z`), the same instant as `git log --format=%cI`.',
    }),
    subject: z.string().meta({ description: 'First line of the commit message.' }),
    blob: objectId.nullable().meta({
      description: 'Git blob id of the document’s text at this commit; null when it is not there.',
    }),
    signatures: z.array(SignatureVerdictRecord).meta({
      description:
        'Every signature file of the document at this commit (`DOC.sig.*`, `DOC.sign.*`), verified against the document’s text at this commit.',
    }),
    state: HistoryState,
  })
  .meta({
    id: 'HistoryRecord',
    description: 'One commit that changed a document or its signature files, as `git log -- DOC DOC.sig.* DOC.sign.*` lists it.',
  })
export type HistoryRecord = z.infer<typeof HistoryRecord>

export const EntryError = z
  .object({
    message: z.string().meta({ description: 'What went wrong, naming the file (and line and column when known).' }),
    ruleId: z.string().nullable().meta({ description: 'Stable identifier of the failure (`unreadable`, `not-in-history`, …).' }),
    line: z.int().positive().nullable().meta({ description: 'Line where the problem is, 1-based, or null.' }),
    column: z.int().positive().nullable().meta({ description: 'Column where the problem is, 1-based, or null.' }),
  })
  .meta({ id: 'EntryError', description: 'Why one input failed; the batch goes on.' })
export type EntryError = z.infer<typeof EntryError>

export const HistoryFailure = z
  .object({
    file: z.string().meta({ description: 'The document asked for, as given.' }),
    error: EntryError,
  })
  .meta({ id: 'HistoryFailure', description: 'A document whose history could not be given.' })
export type HistoryFailure = z.infer<typeof HistoryFailure>

export const HistoryEntry = z
  .union([HistoryRecord, HistoryFailure])
  .meta({ id: 'HistoryEntry', description: 'A history record, or the failure that took its place.' })
export type HistoryEntry = z.infer<typeof HistoryEntry>

export const DocumentVerificationRecord = z
  .object({
    authentic: z.boolean().meta({ description: 'At least one signature, and every signature `good`.' }),
    signatures: z.array(SignatureVerdictRecord).meta({ description: 'One verdict per signature file.' }),
  })
  .meta({ id: 'DocumentVerification', description: 'The verdict on a file and all its signatures.' })

export const ScanEntry = z
  .object({
    file: z.string().meta({ description: 'Path relative to the checkout (`QSBs/qsb-080-2022.txt`).' }),
    kind: z.enum(['bulletin', 'canary', 'template', 'digests', 'other']).meta({
      description:
        '`bulletin` and `canary` by file name; `template` (`qsb-template.txt`); `digests`: an ISO `DIGESTS` file of `digests/`; `other`: any other signed file (`fund/`, a `.dot`).',
    }),
    signatures: z.array(z.string()).meta({ description: 'Its signature files (`NAME.sig.*`, `NAME.sign.*`), relative paths.' }),
    record: QsbRecord.nullable().meta({ description: 'The parse record of a bulletin or canary; null otherwise or on error.' }),
    error: EntryError.nullable().meta({ description: 'Why the file could not be read or parsed; null when it was.' }),
    verification: ScanVerification.nullable().meta({
      description:
        'The verdict on its signatures (detached ones, or the cleartext signature of a DIGESTS file); null without a verifier, or for an unsigned file that is no document.',
    }),
    digests: DigestsRecord.nullable().meta({ description: 'For a `DIGESTS` file: its release and digests; null otherwise.' }),
    notes: z.array(z.string()).meta({ description: 'Remarks (no signatures: a draft; a signature of a missing file).' }),
  })
  .meta({
    id: 'ScanEntry',
    description: 'One file of a checkout: every file of `QSBs/` and `canaries/`, every signed file anywhere else, every `DIGESTS` file of `digests/`.',
  })
export type ScanEntry = z.infer<typeof ScanEntry>
