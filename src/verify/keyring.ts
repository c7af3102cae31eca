/**
 * `readKeyring`: OpenPGP keys in, a keyring out, every key checked once
 * (self-signatures, revocations, expiry, certification by the pinned master
 * key) so that verifying a signature only looks its key up.
 *
 * Revocations are gathered wherever GnuPG honours them, and a little beyond:
 * in the key's own packets (every copy of it, in any file), in revocation
 * certificates standing alone in a key file (applied to the key they revoke:
 * the issuer's own key, or a key naming the issuer as designated revoker;
 * the signature check decides), and, stricter than GnuPG, standalone subkey
 * and certification revocations too (see `key-material.ts`).
 */
import { readKeyFile } from './key-file.js'
import { distributeLoose, type Gathered, merge } from './key-material.js'
import type { KeyPacketInfo } from './key-packet.js'
import { evaluateKey, type KeyEvaluation, type RefusedKey, type SigningKey } from './key-state.js'
import { qubesMasterKeyFingerprint } from './policy.js'
import { evaluateTrust, type Trust } from './trust.js'

/** Keys to read: a file's bytes (armored or binary) and where they came from. */
export interface KeySource {
  /** Where the keys came from (a path), for messages. */
  source: string
  /** The keys, armored (one or more blocks) or binary. */
  bytes: Uint8Array | string
}

/** Options of {@link readKeyring}. */
export interface KeyringOptions {
  /**
   * Fingerprint of the master key that anchors all trust (spaces allowed).
   * Defaults to the Qubes Master Signing Key's; tests pin their own.
   */
  master?: string | null | undefined
  /**
   * Fingerprints of the keys that count as security-team keys. By default a
   * key is a team key when the master key certified a user id of it that
   * names the security pack or team; given this list, only these keys are.
   */
  team?: readonly string[] | null | undefined
  /** The present, for expiry and future-dated signatures. Defaults to now. */
  now?: Date | null | undefined
}

/** A key in the keyring, as it was judged. */
export interface KeyringKey {
  /** Primary key fingerprint, 40 or 64 uppercase hex digits. */
  fingerprint: string
  /** Every user id, as written. */
  userIds: string[]
  /** Where copies of it were read from. */
  sources: string[]
  /** Whether it is the pinned master key. */
  master: boolean
  /** Whether the pinned master key certifies it. */
  certified: boolean
  /** The user ids the pinned master key certifies (empty when none). */
  certifiedUserIds: string[]
  /** Fingerprints of the key and subkeys that may make signatures. */
  signingFingerprints: string[]
  /** Whether it counts as a security-team key. */
  team: boolean
  /** Folded names it answers to as a signer (`marmarek`, `marek`). */
  names: string[]
  /** Why it cannot sign for the team, or null when it can. */
  problem: string | null
  /** The master key's standing certifications of its user ids (ISO 8601 dates); empty when uncertified. */
  certifications: Array<{ userId: string; created: string; expires: string | null }>
  /** When the key expires (ISO 8601), or null. */
  expires: string | null
  /** Its revocation, or null. */
  revocation: { at: string; reason: string; hard: boolean } | null
  /** Why the key itself is unusable (no valid self-signature, too short), apart from trust; empty when usable. */
  problems: string[]
}

/** A key packet that may have made a signature, with how far it is trusted. */
export interface Signer extends SigningKey {
  key: KeyEvaluation
  trust: Trust
}

/** A key packet present in the keyring that may not sign, with why (and its key's trust, when it has one). */
export interface RefusedSigner extends RefusedKey {
  key: KeyEvaluation | null
}

/** Keys checked against a pinned master key. Build with {@link readKeyring} or `loadKeyring`. */
export class Keyring {
  /** The pinned master key fingerprint. */
  readonly master: string
  /** Every key read, with its verdict. */
  readonly keys: readonly KeyringKey[]
  /** Problems met while reading (unreadable files, malformed keys). */
  readonly diagnostics: readonly string[]

  /** Build with `readKeyring` or `loadKeyring`: a keyring made directly knows no signing keys. */
  constructor(master: string, keys: KeyringKey[], diagnostics: string[]) {
    this.master = master
    this.keys = keys
    this.diagnostics = diagnostics
  }
}

interface Tables {
  signers: ReadonlyMap<string, readonly Signer[]>
  refused: ReadonlyMap<string, readonly RefusedSigner[]>
  evaluations: ReadonlyMap<string, KeyEvaluation>
}

// Outside the class, so that openpgp.js's packet types stay out of the public type of `Keyring`.
const tables = new WeakMap<Keyring, Tables>()

/**
 * The key packets of a keyring with a key id that may sign (primary keys and signing subkeys).
 *
 * @param keyring
 *   The keyring.
 * @param keyId
 *   16 hex digits, any case.
 * @returns
 *   Candidates (more than one only on a key-id collision).
 */
export function signersOf(keyring: Keyring, keyId: string): readonly Signer[] {
  return tables.get(keyring)?.signers.get(keyId.toUpperCase()) ?? []
}

/**
 * The key packets of a keyring with a key id that are present but may not sign, with why.
 *
 * @param keyring
 *   The keyring.
 * @param keyId
 *   16 hex digits, any case.
 * @returns
 *   The refused packets with that key id.
 */
export function refusedSignersOf(keyring: Keyring, keyId: string): readonly RefusedSigner[] {
  return tables.get(keyring)?.refused.get(keyId.toUpperCase()) ?? []
}

/**
 * A key of the keyring as its own signatures describe it.
 *
 * @param keyring
 *   The keyring.
 * @param fingerprint
 *   The primary key's fingerprint.
 * @returns
 *   The evaluation, or undefined when the key is absent or refused as a whole.
 */
export function evaluationOf(keyring: Keyring, fingerprint: string): KeyEvaluation | undefined {
  return tables.get(keyring)?.evaluations.get(fingerprint.toUpperCase())
}

/**
 * Normalise a fingerprint: hex digits only, uppercase.
 *
 * @param value
 *   A fingerprint, spaces allowed.
 * @returns
 *   The fingerprint. Throws a `TypeError` when it is not 40 or 64 hex digits.
 */
export function normalizeFingerprint(value: string): string {
  const fingerprint = value.replace(/\s+/g, '').toUpperCase()
  if (!/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/.test(fingerprint)) {
    throw new TypeError(`Expected a fingerprint of 40 or 64 hex digits, found \`${value}\``)
  }
  return fingerprint
}

/**
 * Read keys into a keyring and judge each once.
 *
 * @param sources
 *   Key files' bytes with their names.
 * @param options
 *   Configuration (optional).
 * @param earlier
 *   Problems met before (by a caller reading key files); the keyring's
 *   `diagnostics` start with them.
 * @returns
 *   The keyring. Unreadable sources become `diagnostics`, never exceptions.
 */
export async function readKeyring(
  sources: readonly KeySource[],
  options?: Readonly<KeyringOptions> | null,
  earlier?: readonly string[] | null,
): Promise<Keyring> {
  const diagnostics = [...(earlier ?? [])]
  const master = normalizeFingerprint(options?.master ?? qubesMasterKeyFingerprint)
  const team = options?.team ? new Set(options.team.map((value) => normalizeFingerprint(value))) : null
  const now = options?.now ?? new Date()
  const gathered: Gathered = { materials: new Map(), refused: new Map(), loose: [] }
  for (const source of sources) {
    const bytes = typeof source.bytes === 'string' ? new TextEncoder().encode(source.bytes) : source.bytes
    const file = await readKeyFile(source.source, bytes)
    diagnostics.push(...file.diagnostics)
    for (const key of file.keys) merge(gathered, key, source.source, diagnostics)
    gathered.loose.push(...file.loose.map((signature) => ({ signature, source: source.source })))
  }
  distributeLoose(gathered, master, diagnostics)
  const revoker = (fingerprint: string): KeyPacketInfo | null =>
    gathered.materials.get(fingerprint)?.material.key ?? [...gathered.refused.values()].find(({ info }) => info.fingerprint === fingerprint)?.info ?? null
  const evaluations = new Map<string, KeyEvaluation>()
  for (const [fingerprint, { material }] of gathered.materials) evaluations.set(fingerprint, await evaluateKey(material, now, revoker))
  const keyring = await judge(gathered, evaluations, master, team, now, diagnostics)
  return keyring
}

async function judge(
  gathered: Gathered,
  evaluations: Map<string, KeyEvaluation>,
  master: string,
  team: ReadonlySet<string> | null,
  now: Date,
  diagnostics: string[],
): Promise<Keyring> {
  const masterKey = evaluations.get(master) ?? null
  const masterRefused = [...gathered.refused.values()].find(({ info }) => info.fingerprint === master)
  const keys: KeyringKey[] = []
  const signers = new Map<string, Signer[]>()
  const refused = new Map<string, RefusedSigner[]>()
  const add = <T>(table: Map<string, T[]>, keyId: string, entry: T) => table.set(keyId, [...(table.get(keyId) ?? []), entry])
  for (const [fingerprint, key] of evaluations) {
    const trust: Trust = masterRefused
      ? { certified: false, team: false, names: [], userIds: [], certifiedUntil: null, certifications: [], reason: `the pinned master key is refused: ${masterRefused.info.problem}` }
      : await evaluateTrust(key, masterKey, team, now)
    const entry = gathered.materials.get(fingerprint)
    keys.push({
      fingerprint,
      userIds: [...(entry?.material.users.keys() ?? [])],
      sources: [...(entry?.sources ?? [])],
      master: fingerprint === master,
      certified: trust.certified,
      certifiedUserIds: trust.userIds,
      signingFingerprints: key.signingKeys.map((signing) => signing.fingerprint),
      team: trust.team,
      names: trust.names,
      problem: key.problems[0] ?? trust.reason,
      certifications: trust.certifications.map(({ userId, created, expires }) => ({
        userId,
        created: created.toISOString(),
        expires: expires?.toISOString() ?? null,
      })),
      expires: key.expires?.toISOString() ?? null,
      revocation: key.revocation ? { ...key.revocation, at: key.revocation.at.toISOString() } : null,
      problems: [...key.problems],
    })
    for (const signing of key.signingKeys) add(signers, signing.keyId, { ...signing, key, trust })
    for (const packet of key.refusedKeys) add(refused, packet.keyId, { ...packet, key })
  }
  for (const { info, sources, userIds, subkeys } of gathered.refused.values()) {
    const reason = `the key is refused: ${info.problem}`
    const primary = info.fingerprint
    add(refused, info.keyId as string, { fingerprint: primary, keyId: info.keyId as string, primary, packet: null, reason, key: null })
    for (const subkey of subkeys) {
      if (subkey.keyId) add(refused, subkey.keyId, { fingerprint: subkey.fingerprint, keyId: subkey.keyId, primary, packet: null, reason: `its primary key is refused: ${info.problem}`, key: null })
    }
    diagnostics.push(`${[...sources].join(', ')}: key ${primary ?? info.keyId} is refused: ${info.problem}`)
    if (primary) {
      keys.push({
        fingerprint: primary,
        userIds: [...userIds],
        sources: [...sources],
        master: primary === master,
        certified: false,
        team: false,
        names: [],
        certifiedUserIds: [],
        signingFingerprints: [],
        problem: reason,
        certifications: [],
        expires: null,
        revocation: null,
        problems: [reason],
      })
    }
  }
  const keyring = new Keyring(master, keys, diagnostics)
  tables.set(keyring, { signers, refused, evaluations })
  return keyring
}

