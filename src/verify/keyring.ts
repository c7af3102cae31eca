/**
 * `readKeyring`: OpenPGP keys in, a keyring out, every key checked once
 * (self-signatures, revocations, expiry, certification by the pinned master
 * key) so that verifying a signature only looks its key up.
 */
import { type AnyKeyPacket, type Key, readKeys } from 'openpgp'
import { latin1 } from '../encoding/bytes.js'
import { ArmorError, scanArmor } from './armor.js'
import { evaluateKey, type KeyEvaluation, type KeyMaterial, type SigningKey } from './key-state.js'
import { directSignatures } from './openpgp-internals.js'
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

// Outside the class, so that openpgp.js's packet types stay out of the public type of `Keyring`.
const signerTables = new WeakMap<Keyring, ReadonlyMap<string, readonly Signer[]>>()

/**
 * The key packets of a keyring with a key id (primary keys and signing subkeys).
 *
 * @param keyring
 *   The keyring.
 * @param keyId
 *   16 hex digits, any case.
 * @returns
 *   Candidates (more than one only on a key-id collision).
 */
export function signersOf(keyring: Keyring, keyId: string): readonly Signer[] {
  return signerTables.get(keyring)?.get(keyId.toUpperCase()) ?? []
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
  const materials = new Map<string, { material: KeyMaterial; sources: Set<string> }>()
  for (const source of sources) {
    for (const key of await keysOf(source, diagnostics)) merge(materials, key, source.source)
  }
  const evaluations = new Map<string, KeyEvaluation>()
  for (const [fingerprint, { material }] of materials) evaluations.set(fingerprint, await evaluateKey(material, now))
  const masterKey = evaluations.get(master) ?? null
  const keys: KeyringKey[] = []
  const signers = new Map<string, Signer[]>()
  for (const [fingerprint, key] of evaluations) {
    const trust = await evaluateTrust(key, masterKey, team, now)
    keys.push({
      fingerprint,
      userIds: [...(materials.get(fingerprint)?.material.users.keys() ?? [])],
      sources: [...(materials.get(fingerprint)?.sources ?? [])],
      master: fingerprint === master,
      certified: trust.certified,
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
    for (const signing of key.signingKeys) {
      const list = signers.get(signing.keyId) ?? []
      list.push({ ...signing, key, trust })
      signers.set(signing.keyId, list)
    }
  }
  const keyring = new Keyring(master, keys, diagnostics)
  signerTables.set(keyring, signers)
  return keyring
}

async function keysOf(source: KeySource, diagnostics: string[]): Promise<Key[]> {
  const bytes = typeof source.bytes === 'string' ? new TextEncoder().encode(source.bytes) : source.bytes
  const first = bytes.findIndex((byte) => byte > 0x20)
  try {
    if (first >= 0 && ((bytes[first] as number) & 0x80) !== 0) return await readKeys({ binaryKeys: bytes })
    const { blocks } = scanArmor(latin1(bytes))
    const keys: Key[] = []
    for (const block of blocks) {
      if (block.type !== 'PUBLIC KEY BLOCK') {
        diagnostics.push(`${source.source}: ignored a \`BEGIN PGP ${block.type}\` block (line ${block.line}), expected public keys`)
        continue
      }
      // One unreadable block (a revocation certificate kept in the same file) does not lose the keys beside it.
      try {
        keys.push(...(await readKeys({ binaryKeys: block.data })))
      } catch (error) {
        diagnostics.push(`${source.source}: unreadable keys in the block on line ${block.line}: ${(error as Error).message}`)
      }
    }
    if (blocks.length === 0) diagnostics.push(`${source.source}: no \`BEGIN PGP PUBLIC KEY BLOCK\` found`)
    return keys
  } catch (error) {
    const reason = error instanceof ArmorError ? error.message : `unreadable keys: ${(error as Error).message}`
    diagnostics.push(`${source.source}: ${reason}`)
    return []
  }
}

/** Gather every copy of a key under its fingerprint: a revocation in any copy counts. */
function merge(materials: Map<string, { material: KeyMaterial; sources: Set<string> }>, key: Key, source: string): void {
  const fingerprint = key.getFingerprint().toUpperCase()
  let entry = materials.get(fingerprint)
  if (!entry) {
    const material: KeyMaterial = { packet: key.keyPacket, users: new Map(), direct: [], revocations: [], subkeys: new Map() }
    entry = { material, sources: new Set() }
    materials.set(fingerprint, entry)
  }
  entry.sources.add(source)
  const { material } = entry
  for (const user of key.users) {
    if (!user.userID) continue
    const found = material.users.get(user.userID.userID) ?? { packet: user.userID, self: [], others: [], revocations: [] }
    found.self.push(...user.selfCertifications)
    found.others.push(...user.otherCertifications)
    found.revocations.push(...user.revocationSignatures)
    material.users.set(user.userID.userID, found)
  }
  material.direct.push(...directSignatures(key))
  material.revocations.push(...key.revocationSignatures)
  for (const subkey of key.subkeys) {
    const id = subkey.getFingerprint().toUpperCase()
    const found = material.subkeys.get(id) ?? { packet: subkey.keyPacket as AnyKeyPacket, bindings: [], revocations: [] }
    found.bindings.push(...subkey.bindingSignatures)
    found.revocations.push(...subkey.revocationSignatures)
    material.subkeys.set(id, found)
  }
}
