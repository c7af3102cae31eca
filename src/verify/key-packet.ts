/**
 * One key packet (RFC 9580 §5.5.2) read into what the verifier may do with
 * it, before any math: its fingerprint and key id (so a signature by it is
 * never "no key in the keyring"), its algorithm and size, and why it is
 * refused, if it is. Only a packet with no `problem` is ever used to check a
 * signature, so an oversized key (a 16384-bit DSA prime, a huge RSA
 * exponent) or an algorithm this verifier does not know costs a parse, never
 * a modular exponentiation.
 *
 * The bounds are in `policy.ts` (`keyLimits`).
 */
import type { AnyKeyPacket } from 'openpgp'
import { backend } from '#crypto'
import { toHex } from '../encoding/bytes.js'
import { keyLimits } from './policy.js'
import { loadOpenpgp } from './openpgp.js'

/** A key packet, as read. */
export interface KeyPacketInfo {
  /** Key packet version (4; others are refused). */
  version: number
  /** Public-key algorithm id. */
  algorithm: number
  /** When the key was made. */
  created: Date
  /** Fingerprint, uppercase hex; null when it cannot be computed (v3 keys). */
  fingerprint: string | null
  /** Key id, 16 uppercase hex digits; null when unknown. */
  keyId: string | null
  /** Size in bits (RSA modulus, DSA prime, curve), or null. */
  bits: number | null
  /** Whether the algorithm can make signatures at all. */
  signs: boolean
  /** Why no signature may be checked with it, or null. */
  problem: string | null
  /** openpgp.js's packet, for the cryptography; null when refused. */
  packet: AnyKeyPacket | null
}

const algorithmNames = new Map<number, string>([
  [1, 'RSA'],
  [2, 'RSA (encrypt only)'],
  [3, 'RSA (sign only)'],
  [16, 'Elgamal (encrypt only)'],
  [17, 'DSA'],
  [18, 'ECDH'],
  [19, 'ECDSA'],
  [20, 'Elgamal (sign and encrypt)'],
  [22, 'EdDSA'],
  [25, 'X25519'],
  [26, 'X448'],
  [27, 'Ed25519'],
  [28, 'Ed448'],
])

/** Curves by OID (hex) for ECDSA, with their size; others are refused. */
const ecdsaCurves = new Map<string, { name: string; bits: number }>([
  ['2A8648CE3D030107', { name: 'NIST P-256', bits: 256 }],
  ['2B81040022', { name: 'NIST P-384', bits: 384 }],
  ['2B81040023', { name: 'NIST P-521', bits: 521 }],
  ['2B2403030208010107', { name: 'brainpoolP256r1', bits: 256 }],
  ['2B240303020801010B', { name: 'brainpoolP384r1', bits: 384 }],
  ['2B240303020801010D', { name: 'brainpoolP512r1', bits: 512 }],
])
const ed25519Oid = '2B06010401DA470F01'
/** Algorithms that only encrypt: read, never used to check anything. */
const encryptOnly = new Set([2, 16, 18, 25, 26])

/**
 * Name a public-key algorithm.
 *
 * @param algorithm
 *   Public-key algorithm id.
 * @returns
 *   `RSA`, `DSA`, … or `algorithm N`.
 */
export function algorithmName(algorithm: number): string {
  return algorithmNames.get(algorithm) ?? `algorithm ${algorithm}`
}

/**
 * Read a key packet body and judge it against the key limits.
 *
 * @param body
 *   The packet body (public or secret key; only the public part is read).
 * @param subkey
 *   Whether it is a subkey packet.
 * @returns
 *   What the key is and whether it may be used. Never throws.
 */
export async function readKeyPacket(body: Uint8Array, subkey: boolean): Promise<KeyPacketInfo> {
  const version = body[0] ?? 0
  const created = new Date((((((body[1] ?? 0) << 24) >>> 0) + ((body[2] ?? 0) << 16) + ((body[3] ?? 0) << 8) + (body[4] ?? 0)) * 1000))
  const info: KeyPacketInfo = { version, algorithm: 0, created, fingerprint: null, keyId: null, bits: null, signs: false, problem: null, packet: null }
  if (version === 2 || version === 3) {
    // v3: [version, created(4), validity(2), algorithm, n, e]; its key id is the low 64 bits of n.
    info.algorithm = body[7] ?? 0
    const n = mpiAt(body, 8)
    if (n && n.value.length >= 8) info.keyId = toHex(n.value.subarray(-8)).toUpperCase()
    return refuse(info, `it is a version ${version} key, a format refused by GnuPG since 2.1 and by RFC 9580 §5.5.2`)
  }
  if (version !== 4) {
    await fingerprintNewer(info, body)
    return refuse(info, `it is a version ${version} key; only version 4 keys are supported (as by GnuPG 2.2)`)
  }
  info.algorithm = body[5] ?? 0
  const digest = await backend.digest('SHA1', prefixed([0x99, (body.length >> 8) & 255, body.length & 255], body))
  if (digest) {
    info.fingerprint = toHex(digest).toUpperCase()
    info.keyId = info.fingerprint.slice(-16)
  }
  const problem = judgeFields(info, body.subarray(6))
  if (problem) return refuse(info, problem)
  try {
    const { PublicKeyPacket, PublicSubkeyPacket } = await loadOpenpgp()
    const packet = subkey ? new PublicSubkeyPacket() : new PublicKeyPacket()
    await packet.read(body)
    const fingerprint = packet.getFingerprint().toUpperCase()
    if (info.fingerprint && info.fingerprint !== fingerprint) return refuse(info, 'its fingerprint could not be computed consistently')
    info.fingerprint = fingerprint
    info.keyId = packet.getKeyID().toHex().toUpperCase()
    info.packet = packet
  } catch (error) {
    return refuse(info, `its ${algorithmName(info.algorithm)} values are malformed (${(error as Error).message})`)
  }
  return info
}

/** Why the algorithm-specific fields of a v4 key are refused, or null. */
function judgeFields(info: KeyPacketInfo, fields: Uint8Array): string | null {
  const algorithm = info.algorithm
  const name = algorithmName(algorithm)
  if (encryptOnly.has(algorithm)) return null
  if (algorithm === 1 || algorithm === 3) {
    const n = mpiAt(fields, 0)
    const e = n ? mpiAt(fields, n.next) : null
    if (!n || !e) return `its ${name} values are truncated`
    info.bits = n.bits
    info.signs = true
    if (n.bits > keyLimits.rsa.max) return `it is RSA with ${n.bits} bits, more than the ${keyLimits.rsa.max} accepted (not checked: bounded work)`
    if (e.bits > keyLimits.rsa.exponent) return `its RSA exponent has ${e.bits} bits, more than the ${keyLimits.rsa.exponent} accepted (not checked: bounded work)`
    if (n.bits < keyLimits.rsa.min) return `it is RSA with ${n.bits} bits, fewer than the ${keyLimits.rsa.min} required`
    return null
  }
  if (algorithm === 17) {
    const p = mpiAt(fields, 0)
    const q = p ? mpiAt(fields, p.next) : null
    if (!p || !q) return `its ${name} values are truncated`
    info.bits = p.bits
    info.signs = true
    const subgroup = `it is DSA with a ${q.bits}-bit subgroup (q); FIPS 186 allows ${keyLimits.dsa.subgroup.min} to ${keyLimits.dsa.subgroup.max} bits`
    if (p.bits > keyLimits.dsa.max) return `it is DSA with a ${p.bits}-bit prime, more than the ${keyLimits.dsa.max} accepted (not checked: bounded work)`
    if (q.bits > keyLimits.dsa.subgroup.max) return `${subgroup} (not checked: bounded work)`
    if (p.bits < keyLimits.dsa.min) return `it is DSA with a ${p.bits}-bit prime, fewer than the ${keyLimits.dsa.min} required`
    if (q.bits < keyLimits.dsa.subgroup.min) return subgroup
    return null
  }
  if (algorithm === 19 || algorithm === 22) {
    const length = fields[0] ?? 0
    const oid = toHex(fields.subarray(1, 1 + length)).toUpperCase()
    info.signs = true
    if (algorithm === 22) {
      info.bits = 256
      return oid === ed25519Oid ? null : `it is EdDSA on a curve other than Ed25519 (OID ${oid}), which is not supported`
    }
    const curve = ecdsaCurves.get(oid)
    if (!curve) return `it is ECDSA on a curve this verifier does not know (OID ${oid})`
    info.bits = curve.bits
    return null
  }
  if (algorithm === 20) return 'it is Elgamal for signing, which RFC 9580 §9.1 forbids'
  if (algorithm === 27 || algorithm === 28) return `it is ${name} (RFC 9580 §9.1), which GnuPG 2.2 cannot check either`
  return `it uses public-key algorithm ${algorithm}, which this verifier does not know`
}

async function fingerprintNewer(info: KeyPacketInfo, body: Uint8Array): Promise<void> {
  // v5 and v6 (RFC 9580 §5.5.4.3): SHA-256 of 0x9A/0x9B, a 4-byte length and the body; the key id is its first 8 bytes.
  if (version5or6(info.version)) {
    const head = [info.version === 6 ? 0x9b : 0x9a, (body.length >>> 24) & 255, (body.length >>> 16) & 255, (body.length >>> 8) & 255, body.length & 255]
    const digest = await backend.digest('SHA256', prefixed(head, body))
    if (digest) {
      info.fingerprint = toHex(digest).toUpperCase()
      info.keyId = info.fingerprint.slice(0, 16)
    }
  }
}

function version5or6(version: number): boolean {
  return version === 5 || version === 6
}

function prefixed(head: number[], body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(head.length + body.length)
  bytes.set(head)
  bytes.set(body, head.length)
  return bytes
}

function refuse(info: KeyPacketInfo, problem: string): KeyPacketInfo {
  return { ...info, problem, packet: null }
}

/**
 * An MPI at an offset: its size in bits (counted from the value, not taken
 * from the declared length, which leading zero bytes could inflate), its
 * value, and where the next field starts.
 */
function mpiAt(bytes: Uint8Array, offset: number): { bits: number; value: Uint8Array; next: number } | null {
  if (offset + 2 > bytes.length) return null
  const declared = ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number)
  const length = (declared + 7) >> 3
  if (offset + 2 + length > bytes.length) return null
  const value = bytes.subarray(offset + 2, offset + 2 + length)
  const first = value.findIndex((byte) => byte !== 0)
  const bits = first < 0 ? 0 : (value.length - first - 1) * 8 + (32 - Math.clz32(value[first] as number))
  return { bits, value, next: offset + 2 + length }
}
