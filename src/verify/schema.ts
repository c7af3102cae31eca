/**
 * The verification contract: zod schemas for the per-signature and
 * per-document records, with the TypeScript types inferred from them. JSON
 * field names are a public API.
 */
import * as z from 'zod'
import type { DocumentVerdict } from './verdict.js'
import { Verified } from './verified.js'

export const SignatureStatus = z
  .enum(['good', 'bad', 'unknown-key', 'untrusted', 'signer-mismatch', 'error', 'accepted'])
  .meta({
    id: 'SignatureStatus',
    description:
      '`good`: a security-team key certified by the pinned master key signed exactly these bytes, under the policy; ' +
      '`bad`: the signature does not validly sign these bytes (the bytes differ, or its key was expired or revoked ' +
      'when it was made, or it is dated in the future, or its digest is refused); `unknown-key`: no key in the keyring ' +
      'has its key id; `untrusted`: its key is not certified by the pinned master key, or is not a security-team key, ' +
      'or is in the keyring but may not sign (its flags, size or algorithm, no valid self-signature; the notes say ' +
      'why); ' +
      '`signer-mismatch`: a team key made it, but not the one the file name says; `error`: the signature file is ' +
      'unreadable or is not exactly one detached signature of a binary document, or the signature holds a critical ' +
      'subpacket the verifier does not implement (or two copies of a single-valued one); `accepted`: a failure ' +
      'listed in an accept file (`--accept`) with these exact signature bytes and this status — never `good`.',
  })
export type SignatureStatus = z.infer<typeof SignatureStatus>

export const Signature = z
  .object({
    source: z.string().meta({ description: 'The signature file’s path, or where the signature was embedded.' }),
    signer: z.string().nullable().meta({
      description:
        'Who signed: the name in the file suffix (`marmarek` for `.sig.marmarek`), else the name of the key that ' +
        'verified; null when neither is known. Never taken from the unsigned issuer key id.',
    }),
    fingerprint: z
      .string()
      .regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/)
      .nullable()
      .meta({ description: 'Fingerprint of the key (or subkey) that verified the signature; null when none did.' }),
    issuer: z
      .string()
      .regex(/^[0-9A-F]{16}$/)
      .nullable()
      .meta({ description: 'Key id the signature names as its issuer. Not authenticated: a hint for finding the key.' }),
    created: z.iso.datetime().nullable().meta({ description: 'When the signature says it was made (UTC), or null.' }),
    hash: z.string().nullable().meta({ description: 'Digest algorithm, in GnuPG’s spelling (`SHA256`, `SHA1`), or null.' }),
    status: SignatureStatus,
    notes: z.array(z.string()).meta({ description: 'Why the status, and caveats (legacy SHA-1, key expired since).' }),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable()
      .optional()
      .meta({ description: 'SHA-256 of the signature’s bytes (what an accept entry names), when it was read from a file or container.' }),
    accepted: z
      .object({
        status: z.string().meta({ description: 'The status the signature really has.' }),
        reason: z.string().meta({ description: 'Why the failure is accepted, from the accept file.' }),
      })
      .nullable()
      .optional()
      .meta({ description: 'Set when `status` is `accepted`: the real status and the reason.' }),
  })
  .meta({ id: 'Signature', description: 'The verdict on one detached signature of a document.' })
export type Signature = z.infer<typeof Signature>

export const VerificationError = z
  .object({
    message: z.string().meta({ description: 'What went wrong, naming the file once (and line and column when known).' }),
    ruleId: z.string().nullable().meta({ description: 'Stable identifier of the failure (`unreadable`, `too-large`, `no-bulletin`, …), or null.' }),
    line: z.int().positive().nullable().meta({ description: 'Line where the problem is, 1-based, or null.' }),
    column: z.int().positive().nullable().meta({ description: 'Column where the problem is, 1-based, or null.' }),
  })
  .meta({
    id: 'VerificationError',
    description: 'Why a document could not be verified: the same shape as the `error` of every other record (`EntryError`).',
  })
export type VerificationError = z.infer<typeof VerificationError>

export const Verdict = z.enum(['authentic', 'not-authentic', 'cannot-check', 'unsigned', 'error']).meta({
  id: 'Verdict',
  description:
    '`authentic`: at least one signature, every one `good`; `cannot-check`: no signature is wrong, but the key of at ' +
    'least one is missing (`unknown-key`: GnuPG’s “Can’t check signature: No public key”), so authenticity is not ' +
    'known; `unsigned`: no signatures at all; `not-authentic`: some signature is `bad`, `untrusted`, ' +
    '`signer-mismatch` or `error`; `error`: the document itself could not be read or found (see `error`).',
})
export type Verdict = z.infer<typeof Verdict>
// `verdict.ts` computes it without loading zod: the two lists must agree.
const _sameVerdicts: [Verdict, DocumentVerdict] = [null as unknown as DocumentVerdict, null as unknown as Verdict]
void _sameVerdicts

export const Verification = z
  .object({
    file: z.string().nullable().meta({ description: 'The document as given (path), or null.' }),
    authentic: z.boolean().meta({
      description: 'True only when the document has at least one signature and every signature is `good`.',
    }),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable()
      .meta({ description: 'SHA-256 of the exact bytes that were verified; null when the document was not read.' }),
    signatures: z.array(Signature).meta({ description: 'One verdict per signature, in the order given.' }),
    verdict: Verdict,
    error: VerificationError.nullable().meta({ description: 'Why the document itself could not be verified, or null.' }),
    master: z
      .string()
      .regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/)
      .meta({
        description:
          'Fingerprint of the pinned master key that every verdict here rests on (the Qubes Master Signing Key ' +
          'unless another was pinned): a signature is `good` only through a certification by this key.',
      }),
    unwrapped: z.boolean().optional().meta({
      description:
        'false: the file’s own bytes were verified, as they are (a file with signatures beside it, or named as a secpack ' +
        'document); true: the document was taken out of a container given as a repost (a post, page, mail, paste, or a ' +
        'cleartext-signed block), and only the bytes recovered from it were verified (see `verified`).',
    }),
    verified: Verified.optional(),
  })
  .meta({ id: 'Verification', description: 'Whether a document is what the Qubes security team signed.' })
export type Verification = z.infer<typeof Verification>

/**
 * The JSON Schema (draft 2020-12) of a verification record.
 *
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function verificationJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://qubes-secpack.invalid/verification.schema.json',
    ...z.toJSONSchema(Verification, { target: 'draft-2020-12' }),
  }
}
