/**
 * A small OpenPGP packet writer for the hostile suite: keys, user ids and
 * signatures written byte by byte (RFC 9580 §4, §5.2, §5.5), so that a test
 * can make what openpgp.js and GnuPG refuse to make — two creation times,
 * critical subpackets of any kind, v3 revocations, designated revokers,
 * weak digests, persona and non-exportable certifications, keys of any size.
 *
 * The private keys are Node's (`node:crypto`), made at test time and never
 * written out. Signing goes through Node too: RSA PKCS#1 v1.5 with any
 * digest OpenSSL knows, DSA (IEEE P1363 r‖s), and Ed25519 over the digest,
 * as legacy EdDSA does.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign as nodeSign } from 'node:crypto'

/** Digests by Node's name. */
export type HashName = 'md5' | 'sha1' | 'ripemd160' | 'sha256' | 'sha384' | 'sha512' | 'sha224' | 'sha3-256' | 'sha3-512'

/** OpenPGP hash algorithm ids (RFC 9580 §9.5). */
export const hashIds: Record<HashName, number> = {
  md5: 1,
  sha1: 2,
  ripemd160: 3,
  sha256: 8,
  sha384: 9,
  sha512: 10,
  sha224: 11,
  'sha3-256': 12,
  'sha3-512': 14,
}

/** A key packet, with a way to sign when its private half is known. */
export interface TestKey {
  /** The key packet body (version 4 unless made otherwise). */
  body: Uint8Array
  /** Public-key algorithm id. */
  algorithm: number
  /** Creation time, seconds since the epoch. */
  created: number
  /** 40 uppercase hex digits. */
  fingerprint: string
  /** 16 uppercase hex digits. */
  keyId: string
  /** The signature's algorithm-specific fields (MPIs, already encoded) over data, or undefined when no private key is known. */
  sign?: (hash: HashName, data: Uint8Array) => Uint8Array
}

const u16 = (value: number) => [(value >>> 8) & 255, value & 255]
const u32 = (value: number) => [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]
const seconds = (time: Date | string) => Math.floor(new Date(time).getTime() / 1000)
const concat = (parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((part) => [...Array.from(part)]))

/** An MPI (RFC 9580 §3.2) of big-endian bytes, leading zeros dropped. */
export function mpi(bytes: Uint8Array): Uint8Array {
  const first = bytes.findIndex((byte) => byte !== 0)
  const trimmed = first < 0 ? new Uint8Array(0) : bytes.subarray(first)
  const bits = trimmed.length === 0 ? 0 : (trimmed.length - 1) * 8 + (32 - Math.clz32(trimmed[0] as number))
  return concat([u16(bits), trimmed])
}

/** A new-format packet (RFC 9580 §4.2.1) with a tag and a body. */
export function packet(tag: number, body: Uint8Array): Uint8Array {
  const length = body.length
  const header =
    length < 192 ? [length] : length < 8384 ? [((length - 192) >> 8) + 192, (length - 192) & 255] : [255, ...u32(length)]
  return concat([[0xc0 | tag], header, body])
}

/** ASCII armor (RFC 9580 §6) with a correct CRC-24. */
export function armor(type: string, bytes: Uint8Array, headers = ''): string {
  let crc = 0xb704ce
  for (const byte of bytes) {
    crc ^= byte << 16
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1
      if (crc & 0x1000000) crc ^= 0x1864cfb
    }
  }
  const sum = Buffer.from([(crc >> 16) & 255, (crc >> 8) & 255, crc & 255]).toString('base64')
  const lines = Buffer.from(bytes).toString('base64').match(/.{1,64}/g)?.join('\n') ?? ''
  return `-----BEGIN PGP ${type}-----\n${headers}\n${lines}\n=${sum}\n-----END PGP ${type}-----\n`
}

function keyFromBody(body: Uint8Array, sign?: TestKey['sign']): TestKey {
  const digest = createHash('sha1').update(Uint8Array.from([0x99, ...u16(body.length)])).update(body).digest('hex').toUpperCase()
  const key: TestKey = { body, algorithm: body[5] as number, created: (((body[1] as number) << 24) >>> 0) + ((body[2] as number) << 16) + ((body[3] as number) << 8) + (body[4] as number), fingerprint: digest, keyId: digest.slice(-16) }
  if (sign) key.sign = sign
  return key
}

/**
 * A v4 key packet of any algorithm with the given public fields, and no
 * private half (for keys that must be refused before any math).
 */
export function rawKey(created: Date | string, algorithm: number, fields: Uint8Array): TestKey {
  return keyFromBody(concat([[4], u32(seconds(created)), [algorithm], fields]))
}

/** A v4 RSA key (algorithm 1) of `bits` bits, made now by Node. */
export function rsaKey(created: Date | string, bits = 2048): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits })
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string }
  const fields = concat([mpi(Buffer.from(jwk.n, 'base64url')), mpi(Buffer.from(jwk.e, 'base64url'))])
  return keyFromBody(concat([[4], u32(seconds(created)), [1], fields]), (hash, data) => mpi(nodeSign(hash, data, privateKey)))
}

/** A v4 DSA key (algorithm 17) with an L-bit p and an N-bit q, made now by Node. */
export function dsaKey(created: Date | string, bits = 2048, divisor = 256): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('dsa', { modulusLength: bits, divisorLength: divisor })
  const { p, q, g, y } = dsaParameters(publicKey)
  const fields = concat([mpi(p), mpi(q), mpi(g), mpi(y)])
  const size = q.length - (q[0] === 0 ? 1 : 0)
  return keyFromBody(concat([[4], u32(seconds(created)), [17], fields]), (hash, data) => {
    const rs = nodeSign(hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' })
    return concat([mpi(rs.subarray(0, size)), mpi(rs.subarray(size))])
  })
}

/** Curve OIDs (RFC 9580 §9.2), with their length byte, for ECDSA keys. */
const curveOids = { 'P-256': [0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], 'P-384': [0x05, 0x2b, 0x81, 0x04, 0x00, 0x22] } as const

/** A v4 ECDSA key (algorithm 19) on a NIST curve, made now by Node. */
export function ecdsaKey(created: Date | string, curve: keyof typeof curveOids = 'P-256'): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve })
  const { x, y } = publicKey.export({ format: 'jwk' }) as { x: string; y: string }
  const point = concat([[0x04], Buffer.from(x, 'base64url'), Buffer.from(y, 'base64url')])
  const size = curve === 'P-256' ? 32 : 48
  return keyFromBody(concat([[4], u32(seconds(created)), [19], curveOids[curve], mpi(point)]), (hash, data) => {
    const rs = nodeSign(hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' })
    return concat([mpi(rs.subarray(0, size)), mpi(rs.subarray(size))])
  })
}

/**
 * The same key, signing with random values of the given sizes: for keys
 * whose private half is unknown (oversized, unknown algorithm), so that a
 * signature names them as issuer and must be refused unchecked.
 */
export function fakeSigner(key: TestKey, ...bytes: number[]): TestKey {
  return { ...key, sign: () => concat(bytes.map((size) => mpi(Uint8Array.from({ length: size }, (_, index) => (index * 37 + 101) & 255 || 1)))) }
}

/** The OID of Ed25519 in legacy EdDSA keys (RFC 9580 §9.2). */
const ed25519Oid = [0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01]

/** A v4 legacy EdDSA key (algorithm 22, Ed25519), made now by Node; it signs the digest, as RFC 9580 §5.2.3.3 says. */
export function eddsaKey(created: Date | string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const x = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url')
  const fields = concat([ed25519Oid, mpi(concat([[0x40], x]))])
  return keyFromBody(concat([[4], u32(seconds(created)), [22], fields]), (hash, data) => {
    const rs = nodeSign(null, createHash(hash).update(data).digest(), privateKey as KeyObject)
    return concat([mpi(rs.subarray(0, 32)), mpi(rs.subarray(32))])
  })
}

function dsaParameters(publicKey: KeyObject): { p: Uint8Array; q: Uint8Array; g: Uint8Array; y: Uint8Array } {
  // SubjectPublicKeyInfo { { oid, Dss-Parms { p, q, g } }, BIT STRING { INTEGER y } } (RFC 3279 §2.3.2).
  const der = publicKey.export({ format: 'der', type: 'spki' })
  const integers: Uint8Array[] = []
  const walk = (start: number, end: number): void => {
    let offset = start
    while (offset < end) {
      const tag = der[offset] as number
      let length = der[offset + 1] as number
      let header = 2
      if (length & 0x80) {
        const count = length & 0x7f
        length = 0
        for (let index = 0; index < count; index++) length = length * 256 + (der[offset + 2 + index] as number)
        header += count
      }
      const body = offset + header
      if (tag === 0x30) walk(body, body + length)
      else if (tag === 0x03) walk(body + 1, body + length)
      else if (tag === 0x02) integers.push(der.subarray(body, body + length))
      offset = body + length
    }
  }
  walk(0, der.length)
  const [p, q, g, y] = integers as [Uint8Array, Uint8Array, Uint8Array, Uint8Array]
  return { p, q, g, y }
}

/** A user id packet. */
export function userId(text: string): Uint8Array {
  return packet(13, new TextEncoder().encode(text))
}

/** The key packet, as a signature over a key hashes it (RFC 9580 §5.2.4). */
function keyForHash(key: TestKey): Uint8Array {
  return concat([[0x99], u16(key.body.length), key.body])
}

/** A public-key packet (tag 6), or a public-subkey packet (tag 14). */
export function keyPacket(key: TestKey, subkey = false): Uint8Array {
  return packet(subkey ? 14 : 6, key.body)
}

/** A signature subpacket (RFC 9580 §5.2.3.7), critical when asked. */
export function subpacket(type: number, body: ArrayLike<number>, critical = false): Uint8Array {
  const length = body.length + 1
  const header = length < 192 ? [length] : length < 8384 ? [((length - 192) >> 8) + 192, (length - 192) & 255] : [255, ...u32(length)]
  return concat([header, [(critical ? 0x80 : 0) | type], body])
}

/** Subpackets by name (RFC 9580 §5.2.3). */
export const sub = {
  created: (time: Date | string, critical = false) => subpacket(2, u32(seconds(time)), critical),
  signatureExpiry: (after: number, critical = false) => subpacket(3, u32(after), critical),
  exportable: (yes: boolean, critical = false) => subpacket(4, [yes ? 1 : 0], critical),
  trust: (depth: number, amount: number, critical = false) => subpacket(5, [depth, amount], critical),
  regularExpression: (text: string, critical = false) => subpacket(6, [...new TextEncoder().encode(text), 0], critical),
  revocable: (yes: boolean, critical = false) => subpacket(7, [yes ? 1 : 0], critical),
  keyExpiry: (after: number, critical = false) => subpacket(9, u32(after), critical),
  preferredCiphers: (critical = false) => subpacket(11, [9, 8, 7], critical),
  revocationKey: (revoker: TestKey, critical = false, sensitive = false) =>
    subpacket(12, [0x80 | (sensitive ? 0x40 : 0), revoker.algorithm, ...Buffer.from(revoker.fingerprint, 'hex')], critical),
  issuer: (key: TestKey | string, critical = false) => subpacket(16, Buffer.from(typeof key === 'string' ? key : key.keyId, 'hex'), critical),
  notation: (name: string, value: string, critical = false) => {
    const nameBytes = new TextEncoder().encode(name)
    const valueBytes = new TextEncoder().encode(value)
    return subpacket(20, [0x80, 0, 0, 0, ...u16(nameBytes.length), ...u16(valueBytes.length), ...nameBytes, ...valueBytes], critical)
  },
  preferredHashes: (critical = false) => subpacket(21, [10, 8], critical),
  preferredCompression: (critical = false) => subpacket(22, [2, 1], critical),
  keyServerPreferences: (critical = false) => subpacket(23, [0x80], critical),
  preferredKeyServer: (critical = false) => subpacket(24, new TextEncoder().encode('hkps://keys.example.org'), critical),
  primaryUserId: (critical = false) => subpacket(25, [1], critical),
  policy: (critical = false) => subpacket(26, new TextEncoder().encode('https://example.org/policy'), critical),
  keyFlags: (flags: number, critical = false) => subpacket(27, [flags], critical),
  signersUserId: (critical = false) => subpacket(28, new TextEncoder().encode('alice@example.org'), critical),
  reason: (code: number, text: string, critical = false) => subpacket(29, [code, ...new TextEncoder().encode(text)], critical),
  features: (critical = false) => subpacket(30, [1], critical),
  target: (critical = false) => subpacket(31, [1, 8, ...new Uint8Array(32)], critical),
  embedded: (signature: Uint8Array, critical = false) => subpacket(32, signature, critical),
  issuerFingerprint: (key: TestKey, critical = false) => subpacket(33, [4, ...Buffer.from(key.fingerprint, 'hex')], critical),
  intendedRecipient: (key: TestKey, critical = false) => subpacket(35, [4, ...Buffer.from(key.fingerprint, 'hex')], critical),
  preferredAead: (critical = false) => subpacket(39, [9, 2], critical),
}

/** What a signature is over. */
export type Target =
  | { document: Uint8Array }
  | { key: TestKey }
  | { key: TestKey; userId: string }
  | { key: TestKey; subkey: TestKey }

/** How to make a signature. */
export interface SignatureSpec {
  /** The signing key (it must have a private half). */
  by: TestKey
  /** Signature type (0x00 binary document, 0x13 positive certification, 0x20 key revocation, …). */
  type: number
  /** When it says it was made. */
  created: Date | string
  /** Digest (default SHA-256). */
  hash?: HashName
  /** 3 or 4 (default). */
  version?: 3 | 4
  /** Hashed subpackets after the creation time and issuer fingerprint (unless `bare`). */
  hashed?: Uint8Array[]
  /** Unhashed subpackets after the issuer key id (unless `bare`). */
  unhashed?: Uint8Array[]
  /** Write only the subpackets given: no creation time, issuer fingerprint or issuer key id of our own. */
  bare?: boolean
}

function targetBytes(target: Target, type: number): Uint8Array {
  if ('document' in target) return target.document
  if ('userId' in target) {
    const text = new TextEncoder().encode(target.userId)
    return concat([keyForHash(target.key), [0xb4], u32(text.length), text])
  }
  if ('subkey' in target) return concat([keyForHash(target.key), keyForHash(target.subkey)])
  void type
  return keyForHash(target.key)
}

/**
 * A signature packet (tag 2) over a target.
 *
 * @param spec
 *   Who signs, how, and with which subpackets.
 * @param target
 *   What is signed.
 * @returns
 *   The whole packet, header included.
 */
export function signature(spec: SignatureSpec, target: Target): Uint8Array {
  return packet(2, signatureBody(spec, target))
}

/** The body of a signature packet (for embedding as a back-signature). */
export function signatureBody(spec: SignatureSpec, target: Target): Uint8Array {
  const hash = spec.hash ?? 'sha256'
  const by = spec.by
  if (!by.sign) throw new Error(`no private key for ${by.keyId}`)
  const data = targetBytes(target, spec.type)
  if (spec.version === 3) {
    const trailer = concat([[spec.type], u32(seconds(spec.created))])
    const toHash = concat([data, trailer])
    const digest = createHash(hash).update(toHash).digest()
    return concat([[3, 5, spec.type], u32(seconds(spec.created)), Buffer.from(by.keyId, 'hex'), [by.algorithm, hashIds[hash]], digest.subarray(0, 2), by.sign(hash, toHash)])
  }
  const hashed = concat([...(spec.bare ? [] : [sub.created(spec.created), sub.issuerFingerprint(by)]), ...(spec.hashed ?? [])])
  const head = concat([[4, spec.type, by.algorithm, hashIds[hash]], u16(hashed.length), hashed])
  const toHash = concat([data, head, [4, 0xff], u32(head.length)])
  const digest = createHash(hash).update(toHash).digest()
  const unhashed = concat([...(spec.bare ? [] : [sub.issuer(by)]), ...(spec.unhashed ?? [])])
  return concat([head, u16(unhashed.length), unhashed, digest.subarray(0, 2), by.sign(hash, toHash)])
}

/** A primary key with one self-signed user id, ready to extend. */
export interface KeyOptions {
  /** When the self-signature was made (default: the key's creation). */
  selfSigned?: Date | string
  /** Key flags in the self-signature (default 0x03: certify and sign). */
  flags?: number
  /** Digest of the self-signature (default SHA-256). */
  hash?: HashName
  /** More hashed subpackets for the self-signature. */
  hashed?: Uint8Array[]
}

/**
 * A transferable public key: the key packet, a user id and its positive
 * self-certification (0x13).
 *
 * @param key
 *   The primary key.
 * @param id
 *   The user id.
 * @param options
 *   The self-signature's details.
 * @returns
 *   The packets, to be followed by more (certifications, revocations, subkeys).
 */
export function selfSignedKey(key: TestKey, id: string, options: KeyOptions = {}): Uint8Array {
  const self = signature(
    {
      by: key,
      type: 0x13,
      created: options.selfSigned ?? new Date(key.created * 1000),
      hash: options.hash ?? 'sha256',
      hashed: [sub.keyFlags(options.flags ?? 0x03), ...(options.hashed ?? [])],
    },
    { key, userId: id },
  )
  return concat([keyPacket(key), userId(id), self])
}

/** Join packets (or whole keys) into one binary blob. */
export function join(...parts: Uint8Array[]): Uint8Array {
  return concat(parts)
}
