/**
 * `verifyDocument`: a document's exact bytes and its detached signatures in,
 * one verdict per signature out. Every verdict is computed, none is thrown.
 */
import { backend } from '#crypto'
import type { AnyKeyPacket, enums, LiteralDataPacket } from 'openpgp'
import { digestTooShort, verifyPacket } from './crypto.js'
import { type Keyring, type RefusedSigner, refusedSignersOf, type Signer, signersOf } from './keyring.js'
import { binaryLiteral } from './openpgp-internals.js'
import { loadOpenpgp, signatureTypes } from './openpgp.js'
import { acceptedHashes, hashName, judgeHash, type Policy } from './policy.js'
import type { Signature, Verification } from './schema.js'
import { readDetachedSignature } from './signature-file.js'
import { fingerprintKeyId, type ParsedSignature } from './signature-packet.js'
import { answersTo } from './trust.js'
import { verdictOf } from './verdict.js'

/** A detached signature to check, with where it came from. */
export interface SignatureInput {
  /** The signature file's path, or where the signature was embedded (`post.md#signature-2`). */
  source: string
  /** The signature: armored text or binary packets. */
  bytes: Uint8Array | string
  /** The signer the file name claims (`marmarek` for `.sig.marmarek`), if any. */
  signer?: string | null | undefined
}

/** Options of {@link verifyDocument}. */
export interface VerifyOptions {
  /** `gnupg` (default): as GnuPG, legacy SHA-1 before 2019-01-19 is good with a note; `strict`: SHA-1 is refused. */
  policy?: Policy | null | undefined
  /** The present, for future-dated signatures and expiry. Defaults to now. */
  now?: Date | null | undefined
  /** The `file` field of the record. */
  file?: string | null | undefined
  /** Largest document accepted, in bytes (default 16 MiB). */
  maxDocumentSize?: number | null | undefined
  /** Largest signature accepted, in bytes (default 64 KiB; a real one is under 1 KiB). */
  maxSignatureSize?: number | null | undefined
  /**
   * Which certified keys may sign (default: security-team keys). Called with
   * the key that made a signature once it verified; returns null when that
   * key may sign here, else why not (the signature is then `untrusted`).
   */
  signers?: SignerPolicy | null | undefined
  /**
   * `binary` (default): signatures of a file's exact bytes (type 0x00).
   * `text`: canonical-text signatures (0x01) of a cleartext-signed message;
   * the document is then its canonical text (lines ended by CR LF, trailing
   * whitespace removed), as `readCleartext` gives it.
   */
  signatureType?: 'binary' | 'text' | null | undefined
}

/** A key that made a signature, as a {@link SignerPolicy} sees it. */
export interface SignerKey {
  /** Primary key fingerprint. */
  fingerprint: string
  /** Whether the pinned master key certifies it. */
  certified: boolean
  /** Whether it is a security-team key. */
  team: boolean
  /** The user ids the pinned master key certifies. */
  userIds: readonly string[]
  /** Why it is not trusted as a team key, or null. */
  reason: string | null
}

/** Decides whether a key may sign a document: null when it may, else why not. */
export type SignerPolicy = (key: Readonly<SignerKey>) => string | null

const teamKeys: SignerPolicy = (key) => (key.certified && key.team ? null : (key.reason ?? 'not a security-team key'))

/** Size limits, in bytes. */
export const limits = { document: 16 * 1024 * 1024, signature: 64 * 1024 }

interface Settings {
  policy: Policy
  now: Date
  maxSignatureSize: number
  signers: SignerPolicy
  type: enums.signature
}

/**
 * Verify a document's bytes against its detached signatures.
 *
 * @param document
 *   The document's exact bytes (never a re-encoded string).
 * @param signatures
 *   Its signatures.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The verification: `authentic` only when there is at least one signature
 *   and every one is `good`. Never throws for bad input.
 */
export async function verifyDocument(
  document: Uint8Array,
  signatures: readonly SignatureInput[],
  keyring: Keyring,
  options?: Readonly<VerifyOptions> | null,
): Promise<Verification> {
  const file = options?.file ?? null
  const maxDocumentSize = options?.maxDocumentSize ?? limits.document
  const master = keyring.master
  if (!(document instanceof Uint8Array)) {
    const error = { message: `${file ?? 'input'}: Expected the document as bytes`, ruleId: 'not-bytes', line: null, column: null }
    return { file, authentic: false, sha256: null, signatures: [], verdict: 'error', error, master }
  }
  if (document.byteLength > maxDocumentSize) {
    const message = `${file ?? 'input'}: cannot read: ${document.byteLength} bytes, larger than the limit of ${maxDocumentSize} bytes`
    return { file, authentic: false, sha256: null, signatures: [], verdict: 'error', error: { message, ruleId: 'too-large', line: null, column: null }, master }
  }
  const settings: Settings = {
    policy: options?.policy ?? 'gnupg',
    now: options?.now ?? new Date(),
    maxSignatureSize: options?.maxSignatureSize ?? limits.signature,
    signers: options?.signers ?? teamKeys,
    type: options?.signatureType === 'text' ? signatureTypes.text : signatureTypes.binary,
  }
  await loadOpenpgp()
  const literal = binaryLiteral(document)
  const verdicts: Signature[] = []
  for (const input of signatures) verdicts.push(await verifyOne(literal, input, keyring, settings))
  return {
    file,
    authentic: verdicts.length > 0 && verdicts.every((verdict) => verdict.status === 'good'),
    sha256: await backend.sha256Hex(document),
    signatures: verdicts,
    verdict: verdictOf(verdicts, null),
    error: null,
    master,
  }
}

/**
 * Verify one detached signature of a document.
 *
 * @param document
 *   The document's exact bytes.
 * @param signature
 *   The signature.
 * @param keyring
 *   Keys, judged against the pinned master key.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The verdict. Never throws for bad input.
 */
export async function verifySignature(
  document: Uint8Array,
  signature: Readonly<SignatureInput>,
  keyring: Keyring,
  options?: Readonly<VerifyOptions> | null,
): Promise<Signature> {
  const result = await verifyDocument(document, [signature], keyring, options)
  return (
    result.signatures[0] ?? {
      ...blank(signature),
      notes: [result.error?.message ?? 'Unexpected document'],
    }
  )
}

function blank(input: Readonly<SignatureInput>): Signature {
  const signer = input.signer ?? null
  return { source: input.source, signer, fingerprint: null, issuer: null, created: null, hash: null, status: 'error', notes: [] }
}

async function verifyOne(literal: LiteralDataPacket, input: SignatureInput, keyring: Keyring, settings: Settings): Promise<Signature> {
  const record = blank(input)
  try {
    const bytes = typeof input.bytes === 'string' ? new TextEncoder().encode(input.bytes) : input.bytes
    if (bytes.byteLength > settings.maxSignatureSize) {
      return { ...record, notes: [`Unexpected signature of ${bytes.byteLength} bytes, larger than the ${settings.maxSignatureSize} accepted`] }
    }
    const signature = await readDetachedSignature(bytes, settings.type)
    return await judge(signature, literal, record, keyring, settings)
  } catch (error) {
    // Malformed input lands here as `error`; so would a bug, rather than a throw mid-batch.
    return { ...record, status: 'error', notes: [(error as Error).message] }
  }
}

async function judge(
  signature: ParsedSignature,
  literal: LiteralDataPacket,
  record: Signature,
  keyring: Keyring,
  settings: Settings,
): Promise<Signature> {
  const created = signature.created
  const issuer = signature.issuer
  record.issuer = issuer
  record.created = created.toISOString()
  record.hash = hashName(signature.hashAlgorithm)
  const notes = record.notes
  // The record is this call's own (made by `verifyOne`): set in place, not copied.
  const result = (status: Signature['status'], note?: string): Signature => {
    if (note) notes.push(note)
    record.status = status
    return record
  }
  const named = fingerprintKeyId(signature.issuerFingerprint)
  const ids = [...new Set([issuer, named].filter((id): id is string => id !== null))]
  const candidates = ids.flatMap((id) => signersOf(keyring, id))
  const refused = ids.flatMap((id) => refusedSignersOf(keyring, id))
  const invalid = signature.problem ?? signature.duplicate ?? (signature.unhashedProblem && `${signature.unhashedProblem} (in its unsigned part)`)
  if (invalid) {
    // A key refused as a whole (size, algorithm) says more than what is wrong with its signature.
    const unusable = candidates.length === 0 ? refused.find((entry) => entry.packet === null) : undefined
    if (unusable) return result('untrusted', `the key with this id is in the keyring but unusable: ${unusable.reason}`)
    // The unsigned part: GnuPG refuses it too; anyone can add one, so it can only make a signature fail, never pass.
    return result('error', `Unexpected signature: ${invalid}`)
  }
  // Unreachable (`invalid` covers it); it tells the compiler the packet is there.
  if (signature.problem !== null) return result('error', `Unexpected signature: ${signature.problem}`)
  if (issuer && named && named !== issuer) {
    // Only one of the two can be true, and the unhashed one can be rewritten by anyone: refuse rather than guess.
    return result('error', `Unexpected issuer key id ${issuer} that disagrees with the issuer fingerprint (key id ${named})`)
  }
  if (candidates.length === 0 && refused.length === 0) {
    return result('unknown-key', issuer ? `no key in the keyring has key id ${issuer}` : 'the signature names no issuer key')
  }
  const hash = judgeHash(signature.hashAlgorithm, created, 'data', settings.policy)
  if (!acceptedHashes.has(signature.hashAlgorithm)) return result('bad', hash.note ?? undefined)
  const found = await findSigner(signature, literal, candidates, refused, settings.type)
  if ('status' in found) return result(found.status, found.note)
  record.fingerprint = found.fingerprint
  if (found.primary && found.primary !== found.fingerprint) notes.push(`made by a signing subkey of ${found.primary}`)
  if (hash.note) notes.push(hash.note)
  if (!hash.accepted) return result('bad')
  if (!found.signer) return result('untrusted', `the key that made it is in the keyring but may not sign: ${found.reason}`)
  const signer = found.signer
  const timeProblem = checkTimes(created, signature.expires, signer, settings.now, notes)
  if (timeProblem) return result('bad', timeProblem)
  const { trust, key } = signer
  notes.push(...key.caveats)
  if (key.problems.length > 0) return result('untrusted', key.problems.join('; '))
  const refusal = settings.signers({ fingerprint: signer.primary, certified: trust.certified, team: trust.team, userIds: trust.userIds, reason: trust.reason })
  if (refusal !== null) return result('untrusted', refusal)
  if (trust.certifiedUntil) {
    if (trust.certifiedUntil <= created) return result('untrusted', `the master key's certification expired on ${day(trust.certifiedUntil)}, before this signature`)
    if (trust.certifiedUntil <= settings.now) notes.push(`the master key's certification expired on ${day(trust.certifiedUntil)}, after this signature`)
  }
  if (record.signer === null) record.signer = trust.names[0] ?? null
  else if (!answersTo(record.signer, trust)) {
    return result('signer-mismatch', `made by \`${trust.userIds[0]}\`, which is not \`${record.signer}\` (it answers to ${trust.names.join(', ')})`)
  }
  return result('good')
}

/** The key packet that made a signature: usable (`signer`), or present but refused (`reason`). */
type Found =
  | { fingerprint: string; primary: string | null; signer: Signer; reason?: undefined }
  | { fingerprint: string; primary: string | null; signer?: undefined; reason: string }
  | { status: Signature['status']; note: string }

/**
 * The key packet that made the signature, among those with its key id: a
 * usable one, or one present but refused (the signature is then told apart
 * from a forgery when the packet may still be checked). Packets refused for
 * their size or algorithm are never checked: no math is done with them.
 */
async function findSigner(
  signature: ParsedSignature & { problem: null },
  literal: LiteralDataPacket,
  candidates: readonly Signer[],
  refused: readonly RefusedSigner[],
  type: enums.signature,
): Promise<Found> {
  let tooShort: string | null = null
  const check = async (packet: AnyKeyPacket): Promise<boolean> => {
    const short = digestTooShort(signature.hashAlgorithm, packet)
    if (short) tooShort ??= short
    return !short && (await verifyPacket(signature.packet, packet, type, literal))
  }
  for (const signer of candidates) {
    if (await check(signer.packet)) return { fingerprint: signer.fingerprint, primary: signer.primary, signer }
  }
  for (const entry of refused) {
    if (entry.packet && entry.fingerprint && (await check(entry.packet))) {
      return { fingerprint: entry.fingerprint, primary: entry.primary, reason: entry.reason }
    }
  }
  const unchecked = refused.find((entry) => entry.packet === null)
  if (unchecked) return { status: 'untrusted', note: `the key with this id is in the keyring but unusable, so the signature was not checked: ${unchecked.reason}` }
  if (tooShort) return { status: 'bad', note: tooShort }
  return { status: 'bad', note: 'the bytes are not what was signed (or the signature is damaged)' }
}

/** A reason the signature is void at its own date, or null; caveats go to `notes`. */
function checkTimes(created: Date, expires: Date | null, signer: Signer, now: Date, notes: string[]): string | null {
  if (created > now) return `dated ${created.toISOString()}, in the future`
  if (created < signer.created) return `dated ${created.toISOString()}, before its key was created (${signer.created.toISOString()})`
  if (expires && expires <= now) return `the signature expired on ${day(expires)}`
  const lives = signer.primary === signer.fingerprint ? [signer] : [signer, signer.key]
  for (const life of lives) {
    const what = life === signer.key ? 'its primary key' : 'the key'
    const revocation = life.revocation
    const by = revocation?.by ? ` by its designated revoker ${revocation.by}` : ''
    if (revocation?.hard) return `${what} is revoked${by} (${revocation.reason}, ${day(revocation.at)}): its signatures count at no date`
    if (revocation && revocation.at <= created) return `${what} was revoked${by} on ${day(revocation.at)} (${revocation.reason}), before this signature`
    if (revocation) notes.push(`${what} was revoked${by} on ${day(revocation.at)} (${revocation.reason}), after this signature`)
    if (life.expires && life.expires <= created) return `${what} expired on ${day(life.expires)}, before this signature`
    if (life.expires && life.expires <= now) notes.push(`${what} expired on ${day(life.expires)}, after this signature`)
  }
  return null
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10)
}
