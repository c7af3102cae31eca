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
import {
  binaryLiteral,
  forgetVerdict,
  hashAsVersion3,
  pairSignatureValue,
  rsaSignatureValue,
  signedData,
} from '../src/verify/openpgp-internals.js'
import * as numbers from '../src/verify/openpgp.js'
import { framePackets } from '../src/verify/packets.js'
import { parseSignature } from '../src/verify/signature-packet.js'
import { fixture } from './helpers/keys.js'
import { eddsaKey, rsaKey, signature as writeSignature } from './helpers/openpgp-writer.js'

/** The body of the one packet in some bytes. */
function bodyOf(bytes: Uint8Array): Uint8Array {
  return (framePackets(bytes)[0] as { body: Uint8Array }).body
}

const document = new TextEncoder().encode('A document\r\nwith CRLF and trailing space \n')
let key: openpgp.PrivateKey
let signature: openpgp.SignaturePacket
let armored: string

beforeAll(async () => {
  // The package loads openpgp.js on first use; these tests call its helpers directly.
  await numbers.loadOpenpgp()
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
  it('the OpenPGP numbers written out in src/verify/openpgp.ts are openpgp.js’s enums', () => {
    expect(numbers.hashes).toEqual(Object.fromEntries(Object.keys(numbers.hashes).map((name) => [name, openpgp.enums.hash[name as keyof typeof openpgp.enums.hash]])))
    expect(numbers.publicKeys).toEqual(
      Object.fromEntries(Object.keys(numbers.publicKeys).map((name) => [name, openpgp.enums.publicKey[name as keyof typeof openpgp.enums.publicKey]])),
    )
    expect(numbers.signatureTypes).toEqual({ binary: openpgp.enums.signature.binary, text: openpgp.enums.signature.text })
    expect(numbers.binaryLiteralFormat).toBe(openpgp.enums.literal.binary)
    expect(numbers.revocationReasons).toEqual(
      Object.fromEntries(
        Object.keys(numbers.revocationReasons).map((name) => [name, openpgp.enums.reasonForRevocation[name as keyof typeof openpgp.enums.reasonForRevocation]]),
      ),
    )
  })

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

  it('SignaturePacket#toSign, under a replaced toHash: a v3 signature hashes the data, then its type and creation time', async () => {
    const key = rsaKey('2015-01-01')
    const body = bodyOf(writeSignature({ by: key, type: 0x20, created: '2017-01-01', version: 3 }, { key }))
    const packet = new openpgp.SignaturePacket()
    packet.read(Uint8Array.from([4, 0x20, 1, 8, 0, 6, 5, 2, ...body.subarray(3, 7), 0, 10, 9, 16, ...body.subarray(7, 15), ...body.subarray(17)]))
    const keyPacketRead = new openpgp.PublicKeyPacket()
    await keyPacketRead.read(key.body)
    hashAsVersion3(packet, body.subarray(2, 7))
    const hashed = signedData(packet, openpgp.enums.signature.keyRevocation, { key: keyPacketRead })
    // The key as hashed (0x99, length, body), then exactly the 5 trailer bytes.
    expect([...hashed.subarray(0, 3)]).toEqual([0x99, (key.body.length >> 8) & 255, key.body.length & 255])
    expect([...hashed.subarray(-5)]).toEqual([...body.subarray(2, 7)])
    expect(hashed.length).toBe(3 + key.body.length + 5)
    expect(await verifyPacket(packet, keyPacketRead, openpgp.enums.signature.keyRevocation, { key: keyPacketRead })).toBe(true)
  })

  it('SignaturePacket[verified]: openpgp.js skips a second check of a key signature unless the memory is cleared', async () => {
    const key = rsaKey('2015-01-01')
    const read = new openpgp.PublicKeyPacket()
    await read.read(key.body)
    const userID = (text: string) => openpgp.UserIDPacket.fromObject({ name: text })
    const certification = new openpgp.SignaturePacket()
    certification.read(bodyOf(writeSignature({ by: key, type: 0x13, created: '2015-01-01' }, { key, userId: userID('Right').userID })))
    const unlimited = { ...openpgp.config, rejectHashAlgorithms: new Set<openpgp.enums.hash>() }
    await certification.verify(read, 0x13, { key: read, userID: userID('Right') }, null as unknown as Date, false, unlimited)
    // The memory: another user id "verifies" without a check...
    await expect(certification.verify(read, 0x13, { key: read, userID: userID('Wrong') }, null as unknown as Date, false, unlimited)).resolves.toBeUndefined()
    // ...until it is cleared.
    forgetVerdict(certification)
    await expect(certification.verify(read, 0x13, { key: read, userID: userID('Wrong') }, null as unknown as Date, false, unlimited)).rejects.toThrow()
  })

  it('SignaturePacket#params.r and .s: the values of a legacy EdDSA signature', async () => {
    const key = eddsaKey('2015-01-01')
    const parsed = await parseSignature(bodyOf(writeSignature({ by: key, type: 0x00, created: '2016-01-01' }, { document })))
    const values = pairSignatureValue(parsed.packet as openpgp.SignaturePacket)
    expect(values?.r).toBeInstanceOf(Uint8Array)
    expect(values?.s.length).toBeGreaterThan(28)
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
