/**
 * The contract with openpgp.js's private members (`src/verify/openpgp-internals.ts`).
 * An upgrade that moves or changes one fails here, naming it, before any
 * verdict can change: each member is checked against openpgp.js's own public
 * behaviour on a signature made here.
 */
import { readFileSync } from 'node:fs'
import * as openpgp from 'openpgp'
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyPacket } from '../src/verify/crypto.js'
import { binaryLiteral, directSignatures, rsaSignatureValue, signedData } from '../src/verify/openpgp-internals.js'
import { fixture } from './helpers/keys.js'

const document = new TextEncoder().encode('A document\r\nwith CRLF and trailing space \n')
let key: openpgp.PrivateKey
let signature: openpgp.SignaturePacket
let armored: string

beforeAll(async () => {
  key = await openpgp.readPrivateKey({ armoredKey: readFileSync(fixture('keys/secret/alice.asc'), 'utf8') })
  armored = await openpgp.sign({
    message: await openpgp.createMessage({ binary: document }),
    signingKeys: key,
    detached: true,
    format: 'armored',
  }) as string
  const read = await openpgp.readSignature({ armoredSignature: armored })
  signature = read.packets[0] as openpgp.SignaturePacket
})

describe('openpgp.js internals this package relies on', () => {
  it('LiteralDataPacket#setBytes: a binary literal of exactly the bytes (no newline normalisation)', () => {
    // `getBytes` and `format` are not in openpgp.js's types either: read them as the packet holds them.
    const literal = binaryLiteral(document) as unknown as { getBytes(): Uint8Array; format: number }
    expect(literal.getBytes()).toEqual(document)
    expect(literal.format).toBe(openpgp.enums.literal.binary)
  })

  it('SignaturePacket#toHash: the bytes hashed are the document, then the hashed subpackets and the trailer', async () => {
    const hashed = signedData(signature, openpgp.enums.signature.binary, binaryLiteral(document))
    expect(hashed).toBeInstanceOf(Uint8Array)
    expect([...hashed.subarray(0, document.length)]).toEqual([...document])
    // The trailer: version 4, 0xFF, and the length of the hashed part (RFC 9580 §5.2.4).
    expect([...hashed.subarray(-6, -4)]).toEqual([0x04, 0xff])
    // Its digest's first two bytes are the ones the signature carries.
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-512', hashed))
    const algorithm = openpgp.enums.read(openpgp.enums.hash, signature.hashAlgorithm as number)
    if (algorithm === 'sha512') expect([...digest.subarray(0, 2)]).toEqual([...(signature.signedHashValue as Uint8Array)])
    else expect(signature.signedHashValue).toHaveLength(2)
  })

  it('SignaturePacket#params.s: the RSA signature value', () => {
    const s = rsaSignatureValue(signature)
    expect(s).toBeInstanceOf(Uint8Array)
    expect(s?.length).toBeGreaterThan(200)
  })

  it('Key#directSignatures: an array (empty for a key that has none)', async () => {
    const publicKey = key.toPublic()
    expect(Array.isArray(directSignatures(publicKey))).toBe(true)
  })

  it('the whole path (these members and the platform crypto) agrees with openpgp.js’s own verify', async () => {
    const changed = new Uint8Array(document)
    changed[0] = 0x61
    const signer = key.toPublic().getKeys(signature.issuerKeyID)[0]
    expect(signer).toBeDefined()
    for (const bytes of [document, changed]) {
      const theirs = await openpgp.verify({
        message: await openpgp.createMessage({ binary: bytes }),
        signature: await openpgp.readSignature({ armoredSignature: armored }),
        verificationKeys: key.toPublic(),
      })
      const expected = await (theirs.signatures[0]?.verified as Promise<boolean>).catch(() => false)
      const ours = await verifyPacket(signature, signer?.keyPacket as openpgp.AnyKeyPacket, openpgp.enums.signature.binary, binaryLiteral(bytes))
      expect(ours).toBe(expected)
    }
  })
})
