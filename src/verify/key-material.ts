/**
 * Every copy of every key, gathered: copies of a key (in one file or many)
 * merged under its fingerprint, so that a revocation in any copy counts and
 * the same signature is checked once; keys refused as a whole kept apart with
 * their reason; and revocations standing alone handed to the keys they may
 * apply to (the signature check decides, later, once per key).
 */
import type { RawKey } from './key-file.js'
import type { KeyPacketInfo } from './key-packet.js'
import type { KeyMaterial } from './key-state.js'
import type { ParsedSignature } from './signature-packet.js'

/** What the keys folders hold, gathered. */
export interface Gathered {
  /** Usable primary keys by fingerprint, with where they came from and the signatures already taken. */
  materials: Map<string, { material: KeyMaterial; sources: Set<string>; seen: Set<string> }>
  /** Primary keys refused as a whole (size, algorithm, version), by key id, with their subkeys. */
  refused: Map<string, { info: KeyPacketInfo; sources: Set<string>; userIds: Set<string>; subkeys: KeyPacketInfo[] }>
  /** Signatures standing alone, with their file. */
  loose: Array<{ signature: ParsedSignature; source: string }>
}

/**
 * Gather one copy of a key under its fingerprint: a revocation in any copy counts.
 *
 * @param gathered
 *   What was gathered so far (changed in place).
 * @param raw
 *   A key as read from a file.
 * @param source
 *   The file.
 * @param diagnostics
 *   Where to say what was skipped.
 */
export function merge(gathered: Gathered, raw: RawKey, source: string, diagnostics: string[]): void {
  const info = raw.key
  if (!info.packet || !info.fingerprint || !info.keyId) {
    if (!info.keyId) {
      diagnostics.push(`${source}: skipped a key whose id cannot be computed (${info.problem ?? 'unreadable'})`)
      return
    }
    const found = gathered.refused.get(info.keyId) ?? { info, sources: new Set<string>(), userIds: new Set<string>(), subkeys: [] }
    found.sources.add(source)
    for (const user of raw.users) found.userIds.add(user.text)
    found.subkeys.push(...raw.subkeys.map((subkey) => subkey.key))
    gathered.refused.set(info.keyId, found)
    return
  }
  let entry = gathered.materials.get(info.fingerprint)
  if (!entry) {
    const key = info as KeyMaterial['key']
    entry = { material: { key, direct: [], users: new Map(), subkeys: new Map() }, sources: new Set(), seen: new Set() }
    gathered.materials.set(info.fingerprint, entry)
  }
  entry.sources.add(source)
  const { material, seen } = entry
  // The same signature in two copies is checked once.
  const fresh = (signatures: ParsedSignature[]) => signatures.filter((signature) => once(seen, signature))
  material.direct.push(...fresh(raw.direct))
  for (const user of raw.users) {
    const found = material.users.get(user.text) ?? { packet: user.packet, signatures: [] }
    found.signatures.push(...fresh(user.signatures))
    material.users.set(user.text, found)
  }
  for (const subkey of raw.subkeys) {
    const id = subkey.key.fingerprint ?? subkey.key.keyId ?? `#${material.subkeys.size}`
    const found = material.subkeys.get(id) ?? { key: subkey.key, signatures: [] }
    found.signatures.push(...fresh(subkey.signatures))
    material.subkeys.set(id, found)
  }
}

function once(seen: Set<string>, signature: ParsedSignature): boolean {
  let key = ''
  for (const byte of signature.body) key += String.fromCharCode(byte)
  if (seen.has(key)) return false
  seen.add(key)
  return true
}

/**
 * Hand each standalone signature to the keys it may apply to; the signature
 * check in `evaluateKey` (or in the trust judgement) decides. A key
 * revocation (0x20) goes to its issuer's key and to every key that names
 * the issuer as designated revoker; a subkey revocation (0x28) to the
 * issuer's subkeys; a certification revocation (0x30) by the pinned master
 * key to every user id (GnuPG applies only 0x20 certificates on import; the
 * others are honoured here because a revocation only takes trust away).
 *
 * @param gathered
 *   What was gathered (its materials gain the signatures).
 * @param master
 *   The pinned master key's fingerprint.
 * @param diagnostics
 *   Where to say which standalone signatures were ignored.
 */
export function distributeLoose(gathered: Gathered, master: string, diagnostics: string[]): void {
  const materials = [...gathered.materials.values()].map(({ material }) => material)
  for (const { signature, source } of gathered.loose) {
    const issuer = signature.issuerKeyId
    if (signature.type === 0x20 && issuer) {
      for (const material of materials) {
        const names = material.key.keyId === issuer || namesRevoker(material, issuer)
        if (names) material.direct.push(signature)
      }
    } else if (signature.type === 0x28 && issuer) {
      for (const material of materials) if (material.key.keyId === issuer) for (const subkey of material.subkeys.values()) subkey.signatures.push(signature)
    } else if (signature.type === 0x30 && issuer === master.slice(-16)) {
      for (const material of materials) for (const user of material.users.values()) user.signatures.push(signature)
    } else {
      const type = `0x${signature.type.toString(16).padStart(2, '0')}`
      diagnostics.push(`${source}: ignored a standalone signature of type ${type} by ${issuer ?? 'an unnamed key'}: only revocations stand alone in a key file`)
    }
  }
}

/** Whether any self-signature of a key names a designated revoker with this key id (checked later, with the signatures). */
function namesRevoker(material: KeyMaterial, keyId: string): boolean {
  const signatures = [...material.direct, ...[...material.users.values()].flatMap((user) => user.signatures)]
  return signatures.some((signature) => signature.revocationKeys.some((fingerprint) => fingerprint.endsWith(keyId)))
}
