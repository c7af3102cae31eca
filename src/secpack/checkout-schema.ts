/**
 * The contract of a checkout's authentication: signed tags (`qsb tags`),
 * ISO digests, the closing `kind: "checkout"` record of `qsb scan`, the
 * accept list, and `qsb digest`'s answer. Zod schemas with the TypeScript
 * types inferred from them; JSON field names are a public API.
 */
import * as z from 'zod'

const objectId = z.string().regex(/^[0-9a-f]{40}$/)
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/)

/** Every status a signature can have, plus `accepted` (a known failure listed in an accept file). */
export const ScanStatus = z
  .enum(['good', 'bad', 'unknown-key', 'untrusted', 'signer-mismatch', 'error', 'accepted'])
  .meta({
    id: 'ScanStatus',
    description:
      'As for any signature (`good`, `bad`, `unknown-key`, `untrusted`, `signer-mismatch`, `error`), or `accepted`: ' +
      'a failure listed in the accept file with these exact signature bytes and this status. Never `good`.',
  })

export const Acceptance = z
  .object({
    status: z.string().meta({ description: 'The status the signature really has (`bad`), which the accept file expects.' }),
    reason: z.string().meta({ description: 'Why the failure is accepted, from the accept file.' }),
  })
  .meta({ id: 'Acceptance', description: 'Why a failure is reported as `accepted`.' })
export type Acceptance = z.infer<typeof Acceptance>

export const ScanSignature = z
  .object({
    source: z.string().meta({ description: 'Path of the signature file, or `FILE#signature` for a cleartext-signed file.' }),
    signer: z.string().nullable().meta({ description: 'The name in the file suffix (`marmarek`), or the key owner’s; null when unknown.' }),
    fingerprint: z.string().nullable().meta({ description: 'Fingerprint of the key that made the signature; null when none verified.' }),
    created: z.string().nullable().meta({ description: 'When the signature was made, ISO 8601; null when unreadable.' }),
    hash: z.string().nullable().meta({ description: 'Digest algorithm (`SHA256`); null when unreadable.' }),
    status: ScanStatus,
    notes: z.array(z.string()).meta({ description: 'Why the status, and caveats.' }),
    sha256: sha256Hex.nullable().meta({ description: 'SHA-256 of the signature’s bytes (what an accept entry names); null when unreadable.' }),
    accepted: Acceptance.nullable().meta({ description: 'Set when `status` is `accepted`: the real status and the reason.' }),
  })
  .meta({ id: 'ScanSignature', description: 'The verdict on one signature of a checkout file.' })
export type ScanSignature = z.infer<typeof ScanSignature>

export const ScanVerification = z
  .object({
    authentic: z.boolean().meta({ description: 'At least one signature, and every signature `good` (an `accepted` one is not).' }),
    signatures: z.array(ScanSignature).meta({ description: 'One verdict per signature.' }),
  })
  .meta({ id: 'ScanVerification', description: 'The verdict on a file and all its signatures.' })
export type ScanVerification = z.infer<typeof ScanVerification>

export const DigestEntry = z
  .object({
    file: z.string().meta({ description: 'The file the digest is of (`Qubes-R4.2.0-x86_64.iso`).' }),
    algorithm: z.enum(['MD5', 'SHA1', 'SHA256', 'SHA512']).meta({ description: 'The digest algorithm, from the digest’s length (or its BSD-style tag).' }),
    hex: z.string().regex(/^[0-9a-f]+$/).meta({ description: 'The digest, lowercase hex.' }),
    line: z.int().positive().meta({ description: 'Line of the input it was read from, 1-based.' }),
  })
  .meta({ id: 'DigestEntry', description: 'One digest line of a DIGESTS file.' })
export type DigestEntry = z.infer<typeof DigestEntry>

export const DigestsRecord = z
  .object({
    version: z.string().nullable().meta({ description: 'The release version the file name gives (`4.2.0-rc1` for `Qubes-R4.2.0-rc1-…`), or null.' }),
    release: z.string().nullable().meta({
      description: 'The release whose signing key must have signed it (`4.2`): the most specific certified release key the version belongs to; null when none.',
    }),
    signed: z.boolean().meta({ description: 'Whether the file is a cleartext-signed message (its entries are then read from the signed part only).' }),
    entries: z.array(DigestEntry).meta({ description: 'The digests; from the signed part alone when signed.' }),
    notes: z.array(z.string()).meta({ description: 'Lines that are not digests, digests outside the signed part (ignored), and the like.' }),
  })
  .meta({ id: 'DigestsRecord', description: 'An ISO `DIGESTS` file, read.' })
export type DigestsRecord = z.infer<typeof DigestsRecord>

export const TagRecord = z
  .object({
    tag: z.string().meta({ description: 'The tag’s name (its ref under `refs/tags/`).' }),
    object: objectId.meta({ description: 'The object the ref holds: the tag object, or the commit of a lightweight tag.' }),
    commit: objectId.nullable().meta({ description: 'The commit the tag points at (through tags of tags); null when it points at none.' }),
    signer: z.string().nullable().meta({ description: 'Who signed, from the key that verified; null when unknown.' }),
    fingerprint: z.string().nullable().meta({ description: 'Fingerprint of the key (or subkey) that verified; null when none did.' }),
    created: z.string().nullable().meta({ description: 'When the signature was made, ISO 8601; null when unreadable.' }),
    hash: z.string().nullable().meta({ description: 'Digest algorithm of the signature; null when unreadable.' }),
    status: z.enum(['good', 'bad', 'unknown-key', 'untrusted', 'signer-mismatch', 'error', 'unsigned', 'accepted']).meta({
      description:
        '`good`: a key the pinned master key certifies signed exactly this tag object (see `role`); `bad`: the object is not what was signed; ' +
        '`unknown-key`: no key under `keys/` made it; `untrusted`: its key is not certified by the pinned master key; `error`: unreadable; ' +
        '`unsigned`: a lightweight tag or an unsigned tag object; `accepted`: a failure the accept file lists.',
    }),
    role: z.string().nullable().meta({
      description: 'The signing key’s role from its certified user ids: `security-team`, `release`, `code-signing`, `doc-signing`, …; null when uncertified or unknown.',
    }),
    sha256: sha256Hex.nullable().meta({
      description: 'SHA-256 of the tag object (`git cat-file tag` prints it): what an accept entry names; null for a lightweight tag.',
    }),
    accepted: Acceptance.nullable().meta({ description: 'Set when `status` is `accepted`: the real status and the reason.' }),
    notes: z.array(z.string()).meta({ description: 'Why the status, and caveats (the object names itself differently, points at no commit).' }),
  })
  .meta({ id: 'TagRecord', description: 'One tag of a checkout, with the verdict on its signature.' })
export type TagRecord = z.infer<typeof TagRecord>

export const CheckoutRecord = z
  .object({
    kind: z.literal('checkout').meta({ description: 'Always `checkout`: the record that closes `qsb scan` and `qsb tags`.' }),
    head: objectId.nullable().meta({ description: 'The commit HEAD points at; null when the folder is not a git checkout.' }),
    tag: z.string().nullable().meta({ description: 'The good security-team tag on HEAD that authenticates it, or null.' }),
    signer: z.string().nullable().meta({ description: 'Who signed that tag, or null.' }),
    tags: z.array(TagRecord).meta({ description: 'Every tag on HEAD, with its verdict.' }),
    clean: z.boolean().nullable().meta({ description: 'Whether the files are exactly HEAD’s; null when not a git checkout.' }),
    changed: z.array(z.string()).meta({
      description: 'Paths that differ from HEAD, are missing, or are not in HEAD (untracked or ignored): no tag covers them.',
    }),
    shallow: z.boolean().meta({ description: 'Whether the clone is shallow (its history is cut; tags still authenticate HEAD).' }),
    authentic: z.boolean().meta({ description: 'A good security-team tag on HEAD and a clean tree.' }),
    totals: z
      .object({
        files: z.int().nonnegative().meta({ description: 'Files the scan listed.' }),
        authentic: z.int().nonnegative().meta({ description: 'Files with at least one signature, all good.' }),
        accepted: z.int().nonnegative().meta({ description: 'Files not authentic only by accepted failures.' }),
        failed: z.int().nonnegative().meta({ description: 'Files that failed: a signature not good and not accepted, unreadable, unparsable.' }),
        unsigned: z.int().nonnegative().meta({ description: 'Documents and DIGESTS files without any signature.' }),
      })
      .nullable()
      .meta({ description: 'Counts over the files of the scan; null from `qsb tags`, which reads no files.' }),
    notes: z.array(z.string()).meta({ description: 'What the record rests on, and what it could not check.' }),
  })
  .meta({ id: 'CheckoutRecord', description: 'The last record of `qsb scan`: whether the checkout itself is authenticated by a signed tag.' })
export type CheckoutRecord = z.infer<typeof CheckoutRecord>

export const AcceptEntry = z
  .object({
    signature: z.string().optional().meta({ description: 'A signature file, relative to the checkout (`canaries/canary-026-2021.txt.sig.marmarek`).' }),
    tag: z.string().optional().meta({ description: 'Or a tag’s name.' }),
    sha256: sha256Hex.meta({
      description:
        'SHA-256 of the signature file’s bytes (for a tag: of the whole tag object; for a cleartext-signed file: of its signature packets): if they change, the entry no longer applies and the run fails.',
    }),
    status: z.enum(['bad', 'unknown-key', 'untrusted', 'signer-mismatch', 'error', 'unsigned']).meta({ description: 'The status expected.' }),
    reason: z.string().min(1).meta({ description: 'Why this failure is accepted (shown with it).' }),
  })
  .refine((entry) => (entry.signature === undefined) !== (entry.tag === undefined), 'Expected exactly one of `signature` and `tag`')
  .meta({ id: 'AcceptEntry', description: 'A known failure, accepted on purpose.' })
export type AcceptEntry = z.infer<typeof AcceptEntry>

export const AcceptList = z.array(AcceptEntry).meta({ id: 'AcceptList', description: 'An accept file: a YAML (or JSON) list of known failures.' })
export type AcceptList = z.infer<typeof AcceptList>

export const IsoMatch = z
  .object({
    file: z.string().meta({ description: 'The ISO (or any file) as given.' }),
    size: z.int().nonnegative().nullable().meta({ description: 'Its size in bytes; null when unreadable.' }),
    sha256: sha256Hex.nullable().meta({ description: 'Its SHA-256; null when unreadable.' }),
    sha512: z.string().regex(/^[0-9a-f]{128}$/).nullable().meta({ description: 'Its SHA-512; null when unreadable.' }),
    authentic: z.boolean().meta({ description: 'Whether a DIGESTS file signed by the right release key lists this name with these digests.' }),
    digests: z.string().nullable().meta({ description: 'The DIGESTS file that vouches for it (or the closest candidate), or null.' }),
    signer: z.string().nullable().meta({ description: 'Fingerprint of the release key that signed that DIGESTS file, or null.' }),
    release: z.string().nullable().meta({ description: 'The release key’s release (`4.2`), or null.' }),
    matched: z.array(z.enum(['SHA256', 'SHA512', 'SHA1', 'MD5'])).meta({ description: 'The signed digests that agree (SHA-256 and SHA-512 are computed).' }),
    error: z.string().nullable().meta({ description: 'Why it is not authentic, or null.' }),
  })
  .meta({ id: 'IsoMatch', description: 'What `qsb digest` found for one file.' })
export type IsoMatch = z.infer<typeof IsoMatch>

const keyRole = z.enum(['master', 'security-team', 'release', 'template', 'build-logs', 'doc-signing', 'code-signing', 'other'])

export const KeyRecord = z
  .object({
    fingerprint: z.string().regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/).meta({ description: 'Primary key fingerprint.' }),
    userIds: z.array(z.string()).meta({ description: 'Every user id, as written.' }),
    role: keyRole.nullable().meta({
      description:
        'What the key is for, from the user ids the pinned master key certifies (`master` is the pinned key itself); null when the master key certifies none of them.',
    }),
    release: z.string().nullable().meta({ description: 'For a release key, the release its certified user id names (`4.2`).' }),
    claims: keyRole.exclude(['master']).nullable().meta({ description: 'What the key’s own user ids say it is for: vouched for by nobody.' }),
    certified: z.boolean().meta({ description: 'Whether the pinned master key certifies it.' }),
    certifications: z
      .array(
        z.object({
          userId: z.string().meta({ description: 'The certified user id.' }),
          created: z.string().meta({ description: 'When the master key’s standing certification was made, ISO 8601.' }),
          expires: z.string().nullable().meta({ description: 'When it expires, or null.' }),
        }),
      )
      .meta({ description: 'The master key’s certifications of its user ids.' }),
    expires: z.string().nullable().meta({ description: 'When the key expires, ISO 8601, or null.' }),
    revocation: z
      .object({
        at: z.string().meta({ description: 'When it was revoked, ISO 8601.' }),
        reason: z.string().meta({ description: 'The reason stated.' }),
        hard: z.boolean().meta({ description: 'Compromised or no reason: void at every date.' }),
      })
      .nullable()
      .meta({ description: 'Its revocation, or null.' }),
    problem: z.string().nullable().meta({ description: 'Why it cannot be used or trusted as a team key, or null.' }),
    files: z.array(z.string()).meta({ description: 'Where copies of it are, relative to the checkout.' }),
    folders: z.array(z.string()).meta({ description: 'The folders they are in: shown, never trusted.' }),
  })
  .meta({ id: 'KeyRecord', description: 'One key under a checkout’s `keys/`, as `qsb keys` reports it.' })
export type KeyRecord = z.infer<typeof KeyRecord>
