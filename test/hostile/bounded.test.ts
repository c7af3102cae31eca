/**
 * Bounded work: keys beyond the limits (`keyLimits` in src/verify/policy.ts)
 * are refused before any math, so a keys folder full of them loads at once.
 * openpgp.js alone spends minutes on one oversized DSA key's self-signature.
 */
import { describe, expect, it } from 'vitest'
import { readKeyring, verifyDocument } from '../../src/index.js'
import { fakeSigner, join, keyPacket, mpi, rawKey, type TestKey, userId } from '../helpers/openpgp-writer.js'
import { bulletin, dataSig, ids, masterCert, masterFile, selfCert, world } from './world.js'

const big = (bits: number, seed: number) => {
  const bytes = Uint8Array.from({ length: bits / 8 }, (_, index) => (index * 151 + seed) & 255)
  bytes[0] = (bytes[0] as number) | 0x80
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) | 1
  return bytes
}

/** A key file for a key without a private half: its packet, a user id, many (fake) self-signatures and certifications. */
function hostileKey(key: TestKey, copies: number): Uint8Array {
  const parts = [keyPacket(key), userId(ids.alice)]
  for (let index = 0; index < copies; index++) parts.push(selfCert(key, ids.alice, { created: new Date((key.created + index + 1) * 1000) }), masterCert(key, ids.alice))
  return join(...parts)
}

describe('keys beyond the limits are refused before any math', () => {
  const dsa = fakeSigner(rawKey('2015-01-01', 17, join(mpi(big(16384, 3)), mpi(big(16384, 5)), mpi(big(16384, 7)), mpi(big(16384, 9)))), 2048, 2048)
  const rsa = fakeSigner(rawKey('2015-01-01', 1, join(mpi(big(16384, 11)), mpi(big(16384, 13)))), 2048)
  const files = [masterFile(), hostileKey(dsa, 40), hostileKey(rsa, 40)]

  it('loads a keyring of a 16384-bit DSA key and a 16384-bit RSA key with a 16384-bit exponent, 160 signatures, in under a second', async () => {
    const start = performance.now()
    const keyring = await readKeyring(files.map((bytes, index) => ({ source: `key-${index}.gpg`, bytes })), { master: world.master.fingerprint })
    const elapsed = performance.now() - start
    expect(elapsed).toBeLessThan(1000)
    const refused = keyring.keys.filter((key) => key.problem?.startsWith('the key is refused'))
    expect(refused.map((key) => key.fingerprint).sort()).toEqual([dsa.fingerprint, rsa.fingerprint].sort())
    expect(keyring.diagnostics.join('\n')).toMatch(/DSA with a 16384-bit prime, more than the 3072 accepted/)
    expect(keyring.diagnostics.join('\n')).toMatch(/RSA with 16384 bits, more than the 8192 accepted/)
  })

  it('answers a signature by such a key at once: untrusted, unchecked, with the reason', async () => {
    const keyring = await readKeyring(files.map((bytes, index) => ({ source: `key-${index}.gpg`, bytes })), { master: world.master.fingerprint })
    const start = performance.now()
    const result = await verifyDocument(bulletin, [{ source: 'dsa', bytes: dataSig({ by: dsa }), signer: 'alice' }, { source: 'rsa', bytes: dataSig({ by: rsa }), signer: 'alice' }], keyring)
    expect(performance.now() - start).toBeLessThan(1000)
    expect(result.signatures.map((signature) => signature.status)).toEqual(['untrusted', 'untrusted'])
    expect(result.signatures[0]?.notes.join()).toMatch(/unusable, so the signature was not checked: the key is refused: it is DSA/)
  })
})
