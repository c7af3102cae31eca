/**
 * Hostile keys and parity details: which certifications count, keys that are
 * present but unusable (`untrusted` with the reason, never "no key"), key
 * sizes and algorithms, digests, EdDSA over legacy digests. GnuPG beside each.
 */
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto'
import {
  dsaKey,
  ecdsaKey,
  eddsaKey,
  fakeSigner,
  type HashName,
  join,
  keyPacket,
  mpi,
  packet,
  rawKey,
  rsaKey,
  signature,
  sub,
  type TestKey,
  userId,
} from '../helpers/openpgp-writer.js'
import {
  boundSubkey,
  dataSig,
  type HostileCase,
  hostileTable,
  ids,
  keyRevocation,
  masterCert,
  masterFile,
  reasons,
  selfCert,
  teamFile,
  world,
} from './world.js'

const { alice, master, mallory } = world
const keys = [masterFile(), teamFile()]
const subkey = rsaKey('2015-06-01')
const small1024 = rsaKey('2010-01-01', 1024)
const weak = 'GnuPG 2.2 checks it; a key this short vouches for nothing, so it is refused (docs/verification.md, key sizes)'
const after2019 = (what: string) => `${what} made on or after 2019-01-19 is refused (chosen-prefix collisions); GnuPG still accepts it`

/** A key of its own (any algorithm), self-signed and certified by the master key, with a data signature by it. */
function own(key: TestKey, options: { hash?: HashName; created?: string; selfHash?: HashName } = {}): Pick<HostileCase, 'keys' | 'signature'> {
  return {
    keys: [masterFile(), join(keyPacket(key), userId(ids.alice), selfCert(key, ids.alice, { hash: options.selfHash ?? 'sha256' }), masterCert(key, ids.alice))],
    signature: dataSig({ by: key, created: options.created ?? '2016-01-01', ...(options.hash ? { hash: options.hash } : {}) }),
  }
}

const big = (bits: number) => {
  const bytes = Uint8Array.from({ length: bits / 8 }, (_, index) => (index * 151 + 7) & 255)
  bytes[0] = (bytes[0] as number) | 0x80
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) | 1
  return bytes
}
const rsa16384 = fakeSigner(rawKey('2015-01-01', 1, join(mpi(big(16384)), mpi(Uint8Array.from([1, 0, 1])))), 2048)
const rsaExponent = fakeSigner(rawKey('2015-01-01', 1, join(mpi(big(2048)), mpi(big(4096)))), 256)
const dsa4096 = fakeSigner(rawKey('2015-01-01', 17, join(mpi(big(4096)), mpi(big(256)), mpi(big(4096)), mpi(big(4096)))), 32, 32)
const dsa8192 = fakeSigner(rawKey('2015-01-01', 17, join(mpi(big(8192)), mpi(big(8192)), mpi(big(8192)), mpi(big(8192)))), 1024, 1024)
const dsaWideQ = fakeSigner(rawKey('2015-01-01', 17, join(mpi(big(2048)), mpi(big(512)), mpi(big(2048)), mpi(big(2048)))), 64, 64)
const unknownAlgorithm = fakeSigner(rawKey('2015-01-01', 99, mpi(big(256))), 32)
const ed25519 = { ...rawKey('2015-01-01', 27, new Uint8Array(32).fill(9)), sign: () => new Uint8Array(64).fill(7) }

/** A refused key: its packet, its user id, a (fake) self-signature and the master's certification. */
function refusedKey(key: TestKey): Pick<HostileCase, 'keys' | 'signature'> {
  return { keys: [masterFile(), join(keyPacket(key), userId(ids.alice), selfCert(key, ids.alice), masterCert(key, ids.alice))], signature: dataSig({ by: key }) }
}

/** A version 3 RSA key: `3, created, validity(2), algorithm, n, e`; its key id is the low 64 bits of n. */
function version3Key(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string }
  const modulus = Buffer.from(n, 'base64url')
  const body = join(Uint8Array.from([3, 0x54, 0xa4, 0x8e, 0x00, 0, 0, 1]), mpi(modulus), mpi(Buffer.from(e, 'base64url')))
  const keyId = modulus.subarray(-8).toString('hex').toUpperCase()
  return { body, algorithm: 1, created: 0x54a48e00, fingerprint: '0'.repeat(40), keyId, sign: (hash, data) => mpi(nodeSign(hash, data, privateKey)) }
}
const v3 = version3Key()

const table: HostileCase[] = [
  { name: 'control: generic certification (0x10)', keys, signature: dataSig(), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'casual certification (0x12)', keys: [masterFile(), teamFile({ cert: { type: 0x12 } })], signature: dataSig(), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'positive certification (0x13)', keys: [masterFile(), teamFile({ cert: { type: 0x13 } })], signature: dataSig(), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  {
    name: 'persona certification (0x11) does not count',
    keys: [masterFile(), teamFile({ cert: { type: 0x11 } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /persona certification/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'non-exportable certification does not count',
    keys: [masterFile(), teamFile({ cert: { hashed: [sub.exportable(false)] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /non-exportable/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'certification marked non-exportable in its unsigned part does not count',
    keys: [masterFile(), teamFile({ cert: { unhashed: [sub.exportable(false)] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /non-exportable/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  { name: 'SHA-1 certification made before the cutoff', keys: [masterFile(), teamFile({ cert: { hash: 'sha1' } })], signature: dataSig(), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  {
    name: 'SHA-1 certification made after the cutoff does not count',
    keys: [masterFile(), teamFile({ cert: { hash: 'sha1', created: '2020-01-01' } })],
    signature: dataSig({ created: '2021-01-01' }),
    ours: 'untrusted',
    note: /SHA1 signature made on or after 2019-01-19/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'RIPEMD-160 certification made after the cutoff does not count',
    keys: [masterFile(), teamFile({ cert: { hash: 'ripemd160', created: '2020-01-01' } })],
    signature: dataSig({ created: '2021-01-01' }),
    ours: 'untrusted',
    note: /RIPEMD160 signature made on or after 2019-01-19/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: after2019('a RIPEMD-160 certification, a 160-bit digest like SHA-1,'),
  },
  {
    name: 'MD5 certification does not count',
    keys: [masterFile(), teamFile({ cert: { hash: 'md5' } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /MD5 is broken/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'SHA3-256 certification does not count',
    keys: [masterFile(), teamFile({ cert: { hash: 'sha3-256' } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /SHA3-256 is not accepted/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'certification past its own expiration time does not count',
    keys: [masterFile(), teamFile({ cert: { hashed: [sub.signatureExpiry(86400)] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /expired on 2015-01-03/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'certify-only primary key that signed data',
    keys: [masterFile(), teamFile({ self: { flags: 0x01 } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /in the keyring but may not sign: its key flags do not allow signing data \(certify only\)/,
    gnupg: 'ERRSIG 125',
    relation: 'agrees',
  },
  {
    name: 'primary key whose flags allow nothing, that signed data',
    keys: [masterFile(), teamFile({ self: { flags: 0x00 } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /do not allow signing data \(no usage at all\)/,
    gnupg: 'ERRSIG 125',
    relation: 'agrees',
  },
  { name: 'SHA-1 self-signature made before the cutoff', keys: [masterFile(), teamFile({ self: { hash: 'sha1' } })], signature: dataSig(), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  {
    name: 'SHA-1 self-signature made after the cutoff (weak self-signature)',
    keys: [masterFile(), teamFile({ self: { hash: 'sha1', created: '2020-01-01' } })],
    signature: dataSig({ created: '2021-01-01' }),
    ours: 'untrusted',
    note: /no valid self-signature \(.*SHA1 signature made on or after 2019-01-19/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: after2019('a SHA-1 self-signature (it binds user ids, flags and expiry to the key)'),
  },
  {
    name: 'a newer direct-key signature, misplaced after the user id, makes the key certify-only',
    keys: [masterFile(), teamFile({ onUser: [signature({ by: alice, type: 0x1f, created: '2015-02-01', hashed: [sub.keyFlags(0x01)] }, { key: alice })] })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /key flags do not allow signing data \(certify only\)/,
    gnupg: 'ERRSIG 125',
    relation: 'agrees',
  },
  {
    name: 'key with no self-signature at all',
    keys: [masterFile(), join(keyPacket(alice), userId(ids.alice), masterCert(alice, ids.alice))],
    signature: dataSig(),
    ours: 'untrusted',
    note: /no valid self-signature/,
    gnupg: 'ERRSIG 9',
    relation: 'agrees',
  },
  {
    name: 'self-signature dated before the key was made',
    keys: [masterFile(), teamFile({ self: { created: '2014-01-01' } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /before its key was made/,
    gnupg: 'ERRSIG 9',
    relation: 'agrees',
  },
  {
    name: 'signing subkey without a back-signature',
    keys: [masterFile(), teamFile({ rest: [boundSubkey(alice, subkey, { back: false })] })],
    signature: dataSig({ by: subkey }),
    ours: 'untrusted',
    note: /no valid back-signature/,
    gnupg: 'ERRSIG 1',
    relation: 'agrees',
  },
  {
    name: 'subkey bound for encryption only, that signed data',
    keys: [masterFile(), teamFile({ rest: [boundSubkey(alice, subkey, { flags: 0x0c, back: false })] })],
    signature: dataSig({ by: subkey }),
    ours: 'untrusted',
    note: /flags do not allow signing data \(encrypt communications, encrypt storage only\)/,
    gnupg: 'ERRSIG 125',
    relation: 'agrees',
  },
  {
    name: 'subkey with no binding signature',
    keys: [masterFile(), teamFile({ rest: [keyPacket(subkey, true)] })],
    signature: dataSig({ by: subkey }),
    ours: 'untrusted',
    note: /not bound to its primary key/,
    gnupg: 'ERRSIG 9',
    relation: 'agrees',
  },
  {
    name: 'signing subkey revoked as compromised',
    keys: [
      masterFile(),
      teamFile({ rest: [boundSubkey(alice, subkey), signature({ by: alice, type: 0x28, created: '2017-01-01', hashed: [reasons.compromised()] }, { key: alice, subkey })] }),
    ],
    signature: dataSig({ by: subkey }),
    ours: 'bad',
    note: /revoked \(key compromised/,
    gnupg: 'REVKEYSIG/FULLY',
    relation: 'agrees',
  },
  {
    name: 'key expired before the signature was made',
    keys: [masterFile(), teamFile({ self: { hashed: [sub.keyExpiry(365 * 86400)] } })],
    signature: dataSig({ created: '2017-01-01' }),
    ours: 'bad',
    note: /expired on 2016-01-01, before this signature/,
    gnupg: 'EXPKEYSIG',
    relation: 'agrees',
  },
  {
    name: 'key expired after the signature was made',
    keys: [masterFile(), teamFile({ self: { hashed: [sub.keyExpiry(365 * 86400)] } })],
    signature: dataSig({ created: '2015-06-01' }),
    ours: 'good',
    note: /expired on 2016-01-01, after this signature/,
    gnupg: 'EXPKEYSIG',
    relation: 'finer',
    why: 'a key that was valid when it signed still vouches for that signature (RFC 9580 §5.2.3.13 dates a key’s life); GnuPG warns on every signature of an expired key',
  },
  {
    name: 'signature by the pinned master key itself',
    keys,
    signature: dataSig({ by: master }),
    signer: 'example',
    ours: 'untrusted',
    note: /this is the master key itself/,
    gnupg: 'GOODSIG/ULTIMATE',
    relation: 'stricter',
    why: 'the master key certifies team keys; a document signed by it directly is not a security-team signature (DESIGN.md, roles)',
  },
  {
    name: 'signature by a key the master key never certified',
    keys: [masterFile(), teamFile({ cert: null })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /does not certify/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'signature by a key that is not in the keyring',
    keys,
    signature: dataSig({ by: mallory }),
    ours: 'unknown-key',
    note: /no key in the keyring has key id/,
    gnupg: 'ERRSIG 9',
    relation: 'agrees',
  },
  { name: 'RSA 3072', ...own(rsaKey('2015-01-01', 3072)), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'RSA 768', ...own(rsaKey('2015-01-01', 768)), ours: 'untrusted', note: /RSA with 768 bits, fewer than the 2048 required/, gnupg: 'GOODSIG/FULLY', relation: 'stricter', why: weak },
  { name: 'RSA 1024', ...own(rsaKey('2015-01-01', 1024)), ours: 'untrusted', note: /RSA with 1024 bits, fewer than the 2048 required/, gnupg: 'GOODSIG/FULLY', relation: 'stricter', why: weak },
  {
    name: 'signing subkey of a 1024-bit RSA primary key',
    keys: [masterFile(), join(keyPacket(small1024), userId(ids.alice), selfCert(small1024, ids.alice), masterCert(small1024, ids.alice), boundSubkey(small1024, subkey))],
    signature: dataSig({ by: subkey }),
    ours: 'untrusted',
    note: /its primary key is refused: it is RSA with 1024 bits/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: weak,
  },
  {
    name: 'a 1024-bit RSA master key anchors nothing',
    keys: [join(keyPacket(small1024), userId(ids.master), selfCert(small1024, ids.master)), teamFile({ cert: { by: small1024 } })],
    signature: dataSig(),
    master: small1024,
    ours: 'untrusted',
    note: /pinned master key is refused: it is RSA with 1024 bits/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: weak,
  },
  { name: 'RSA 16384 (refused unchecked)', ...refusedKey(rsa16384), ours: 'untrusted', note: /RSA with 16384 bits, more than the 8192 accepted/, gnupg: 'ERRSIG 9', relation: 'agrees' },
  { name: 'RSA with a 4096-bit public exponent (refused unchecked)', ...refusedKey(rsaExponent), ours: 'untrusted', note: /exponent has 4096 bits/, gnupg: 'ERRSIG 9', relation: 'agrees' },
  { name: 'DSA 2048/256 over SHA-256', ...own(dsaKey('2015-01-01', 2048, 256)), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'DSA 2048/224 over SHA-224', ...own(dsaKey('2015-01-01', 2048, 224), { hash: 'sha224' }), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'DSA 3072/256 over SHA-512', ...own(dsaKey('2015-01-01', 3072, 256), { hash: 'sha512' }), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  {
    name: 'DSA 2048/256 over SHA-1 (digest shorter than q)',
    ...own(dsaKey('2015-01-01', 2048, 256), { hash: 'sha1' }),
    ours: 'bad',
    note: /DSA key with a 256-bit q needs a digest of at least 256 bits/,
    gnupg: 'ERRSIG 1',
    relation: 'agrees',
  },
  { name: 'DSA 1024/160', ...own(dsaKey('2015-01-01', 1024, 160), { hash: 'sha1' }), ours: 'untrusted', note: /DSA with a 1024-bit prime, fewer than the 2048 required/, gnupg: 'GOODSIG/FULLY', relation: 'stricter', why: weak },
  { name: 'DSA 4096 (refused unchecked)', ...refusedKey(dsa4096), ours: 'untrusted', note: /DSA with a 4096-bit prime, more than the 3072 accepted/, gnupg: 'ERRSIG 9', relation: 'agrees' },
  { name: 'DSA 8192 with an 8192-bit q (refused unchecked)', ...refusedKey(dsa8192), ours: 'untrusted', note: /more than the 3072 accepted/, gnupg: 'ERRSIG 9', relation: 'agrees' },
  { name: 'DSA 2048 with a 512-bit q (refused unchecked)', ...refusedKey(dsaWideQ), ours: 'untrusted', note: /512-bit subgroup/, gnupg: 'ERRSIG 9', relation: 'agrees' },
  { name: 'ECDSA P-256 over SHA-256', ...own(ecdsaKey('2015-01-01')), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'ECDSA P-384 over SHA-384', ...own(ecdsaKey('2015-01-01', 'P-384'), { hash: 'sha384', selfHash: 'sha384' }), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'ECDSA P-256 over SHA-1 (digest shorter than the curve)', ...own(ecdsaKey('2015-01-01'), { hash: 'sha1' }), ours: 'bad', note: /needs a digest of at least 256 bits/, gnupg: 'ERRSIG 1', relation: 'agrees' },
  { name: 'EdDSA over SHA-256', ...own(eddsaKey('2015-01-01')), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'EdDSA over SHA-512', ...own(eddsaKey('2015-01-01'), { hash: 'sha512' }), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'EdDSA over SHA-224 (shorter than RFC 9580 asks)', ...own(eddsaKey('2015-01-01'), { hash: 'sha224' }), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  {
    name: 'EdDSA over SHA-1, made before the cutoff',
    ...own(eddsaKey('2015-01-01'), { hash: 'sha1' }),
    ours: 'good',
    note: /legacy SHA1 signature/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'agrees',
  },
  {
    name: 'EdDSA over SHA-1, made after the cutoff',
    ...own(eddsaKey('2015-01-01'), { hash: 'sha1', created: '2021-01-01' }),
    ours: 'bad',
    note: /SHA1 signature made on or after 2019-01-19/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: after2019('a SHA-1 data signature'),
  },
  { name: 'public-key algorithm 99 (unknown)', ...refusedKey(unknownAlgorithm), ours: 'untrusted', note: /algorithm 99, which this verifier does not know/, gnupg: 'ERRSIG 4', relation: 'agrees' },
  { name: 'Ed25519 (algorithm 27) in a v4 key', ...refusedKey(ed25519), ours: 'untrusted', note: /Ed25519 \(RFC 9580 §9.1\), which GnuPG 2.2 cannot check/, gnupg: 'ERRSIG 4', relation: 'agrees' },
  {
    name: 'version 3 key',
    keys: [masterFile(), join(packet(6, v3.body), userId(ids.alice))],
    signature: dataSig({ by: v3, version: 3 }),
    ours: 'untrusted',
    note: /version 3 key/,
    gnupg: 'ERRSIG 9',
    relation: 'agrees',
  },
  { name: 'digest MD5', keys, signature: dataSig({ hash: 'md5' }), ours: 'bad', note: /MD5 is broken/, gnupg: 'ERRSIG 5', relation: 'agrees' },
  { name: 'digest SHA-1 before the cutoff', keys, signature: dataSig({ hash: 'sha1' }), ours: 'good', note: /legacy SHA1/, gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'digest SHA-1 after the cutoff', keys, signature: dataSig({ hash: 'sha1', created: '2021-01-01' }), ours: 'bad', gnupg: 'GOODSIG/FULLY', relation: 'stricter', why: after2019('a SHA-1 data signature') },
  { name: 'digest RIPEMD-160 before the cutoff', keys, signature: dataSig({ hash: 'ripemd160' }), ours: 'good', note: /legacy RIPEMD160/, gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  {
    name: 'digest RIPEMD-160 after the cutoff',
    keys,
    signature: dataSig({ hash: 'ripemd160', created: '2021-01-01' }),
    ours: 'bad',
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: after2019('a RIPEMD-160 data signature (160 bits, like SHA-1)'),
  },
  { name: 'digest SHA-224', keys, signature: dataSig({ hash: 'sha224' }), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'digest SHA-384', keys, signature: dataSig({ hash: 'sha384' }), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'digest SHA-512', keys, signature: dataSig({ hash: 'sha512' }), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  { name: 'digest SHA3-256', keys, signature: dataSig({ hash: 'sha3-256' }), ours: 'bad', note: /SHA3-256 is not accepted: GnuPG cannot check it/, gnupg: 'NODATA', relation: 'agrees' },
  { name: 'digest SHA3-512', keys, signature: dataSig({ hash: 'sha3-512' }), ours: 'bad', note: /SHA3-512 is not accepted/, gnupg: 'NODATA', relation: 'agrees' },
  { name: 'version 3 data signature', keys, signature: dataSig({ version: 3 }), ours: 'good', gnupg: 'GOODSIG/FULLY', relation: 'agrees' },
  {
    name: 'a signature naming no issuer',
    keys,
    signature: dataSig({ bare: true, hashed: [sub.created('2016-01-01')] }),
    ours: 'unknown-key',
    note: /names no issuer/,
    gnupg: 'ERRSIG 9',
    relation: 'agrees',
  },
  {
    name: 'a signature made over other bytes',
    keys,
    signature: dataSig({}, new TextEncoder().encode('Another text')),
    ours: 'bad',
    note: /not what was signed/,
    gnupg: 'BADSIG',
    relation: 'agrees',
  },
  {
    name: 'the key revoked as compromised in another copy of it',
    keys: [masterFile(), teamFile(), join(keyPacket(alice), keyRevocation(alice, { hashed: [reasons.compromised()] }))],
    signature: dataSig(),
    ours: 'bad',
    gnupg: 'REVKEYSIG/UNDEFINED',
    relation: 'agrees',
  },
]

hostileTable('keys and parity', table)
