/**
 * Verification against the project's own synthetic keys: a checkout whose
 * team keys are certified by a synthetic master key, and every way a
 * signature can be wrong. None of the adversarial cases may be `authentic`.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import * as openpgp from 'openpgp'
import { beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import {
  findSignatures,
  type Keyring,
  loadKeyring,
  qubesMasterKeyFingerprint,
  readKeyring,
  signerOf,
  verifyDocument,
  verifyFile,
  verifyFiles,
} from '../src/index.js'
import { Verification } from '../src/schema.js'
import { fingerprints, fixture, signatureCases } from './helpers/keys.js'

let keyring: Keyring
beforeAll(async () => {
  keyring = await loadKeyring({ secpack: fixture('secpack'), keys: [fixture('keys')], master: fingerprints.master })
})

const checkoutDocuments = ['QSBs/qsb-901-2016.txt', 'QSBs/qsb-902-2022.txt', 'canaries/canary-901-2022.txt']

describe('a checkout signed by certified team keys', () => {
  it('reads every key without a problem', () => {
    expect(keyring.diagnostics).toEqual([])
    expect(keyring.master).toBe(fingerprints.master)
    const team = keyring.keys.filter((key) => key.team).map((key) => key.names[0])
    expect(team.sort()).toEqual(['alice', 'bob', 'carol', 'frank', 'grace', 'heidi'])
  })

  it.each(checkoutDocuments)('%s is authentic', async (name) => {
    const result = Verification.parse(await verifyFile(fixture('secpack', name), keyring))
    expect(result.authentic).toBe(true)
    expect(result.signatures.length).toBe(2)
    for (const signature of result.signatures) {
      expect(signature.status).toBe('good')
      expect(signature.fingerprint).toBe(fingerprints[signature.signer as string])
    }
  })

  it('accepts a SHA-1 signature from before 2019-01-19, made before the key refreshed its self-signature, with a note', async () => {
    const result = await verifyFile(fixture('secpack/QSBs/qsb-901-2016.txt'), keyring)
    const alice = result.signatures.find((signature) => signature.signer === 'alice')
    expect(alice).toMatchObject({ status: 'good', hash: 'SHA1', created: '2016-01-07T12:00:00.000Z' })
    expect(alice?.notes.join()).toMatch(/legacy SHA1/)
  })

  it('refuses that SHA-1 signature under the strict policy', async () => {
    const result = await verifyFile(fixture('secpack/QSBs/qsb-901-2016.txt'), keyring, { policy: 'strict' })
    expect(result.authentic).toBe(false)
    expect(result.signatures.find((signature) => signature.signer === 'alice')?.status).toBe('bad')
    expect(result.signatures.find((signature) => signature.signer === 'carol')?.status).toBe('good')
  })

  it('reads binary (unarmored) signatures', async () => {
    const bytes = readFileSync(fixture('secpack/canaries/canary-901-2022.txt.sig.bob'))
    expect((bytes[0] as number) & 0x80).not.toBe(0)
  })

  it('shows why the packet-level checks exist: openpgp.js alone rejects both old signatures', async () => {
    const path = fixture('secpack/QSBs/qsb-901-2016.txt')
    const verificationKeys = await openpgp.readKeys({ armoredKeys: readFileSync(fixture('secpack/keys/security-team/alice.asc'), 'utf8') })
    const check = async (config?: openpgp.PartialConfig) => {
      const message = await openpgp.createMessage({ binary: readFileSync(path) })
      const signature = await openpgp.readSignature({ armoredSignature: readFileSync(`${path}.sig.alice`, 'utf8') })
      const { signatures } = await openpgp.verify({ message, signature, verificationKeys, ...(config ? { config } : {}) })
      return signatures[0]?.verified
    }
    await expect(check()).rejects.toThrow(/Insecure message hash algorithm: SHA1/)
    await expect(check({ rejectMessageHashAlgorithms: new Set() })).rejects.toThrow(/valid self-signature/)
  })
})

/** Expected verdict for each case in `fixtures/signatures/`. */
const expected: Record<string, { status: string; note: RegExp }> = {
  'byte-changed': { status: 'bad', note: /not what was signed/ },
  crlf: { status: 'bad', note: /not what was signed/ },
  'trailing-newline': { status: 'bad', note: /not what was signed/ },
  'trailing-space': { status: 'bad', note: /not what was signed/ },
  swapped: { status: 'bad', note: /not what was signed/ },
  uncertified: { status: 'untrusted', note: /does not certify/ },
  'certification-revoked': { status: 'untrusted', note: /revoked its certification/ },
  'release-key': { status: 'untrusted', note: /not a security-team key/ },
  'unknown-key': { status: 'unknown-key', note: /no key in the keyring/ },
  'fake-checkout-key': { status: 'unknown-key', note: /no key in the keyring/ },
  'signer-mismatch': { status: 'signer-mismatch', note: /not `bob`/ },
  'expired-after': { status: 'good', note: /expired on 2017-01-01, after this signature/ },
  'expired-before': { status: 'bad', note: /expired on 2017-01-01, before this signature/ },
  'revoked-after': { status: 'good', note: /revoked on 2019-06-01 \(key retired.*after this signature/ },
  'revoked-before': { status: 'bad', note: /revoked on 2019-06-01 .*before this signature/ },
  'revoked-compromised': { status: 'bad', note: /key compromised.*count at no date/ },
  'sha1-after-cutoff': { status: 'bad', note: /SHA1 signature made on or after 2019-01-19/ },
  md5: { status: 'bad', note: /MD5 is broken/ },
  future: { status: 'bad', note: /in the future/ },
  'signature-expired': { status: 'bad', note: /signature expired/ },
  'critical-subpacket': { status: 'error', note: /critical subpacket 100/ },
  'text-signature': { status: 'error', note: /canonical-text/ },
  'issuer-rewritten': { status: 'bad', note: /not what was signed/ },
  'issuer-conflict': { status: 'error', note: /disagrees with the issuer fingerprint/ },
  'crafted-good': { status: 'good', note: /^$/ },
  'subkey-signed': { status: 'good', note: /made by a signing subkey/ },
  'two-packets': { status: 'error', note: /2 packets/ },
  'two-armor-blocks': { status: 'error', note: /2 armor blocks/ },
  'cleartext-signed': { status: 'error', note: /cleartext-signed/ },
  'inline-signed': { status: 'error', note: /inline-signed/ },
  'public-key': { status: 'error', note: /PUBLIC KEY BLOCK/ },
  truncated: { status: 'error', note: /truncated/ },
  garbage: { status: 'error', note: /expected a signature|malformed|truncated/ },
  'text-garbage': { status: 'error', note: /no `BEGIN PGP SIGNATURE`/ },
  'checksum-mismatch': { status: 'error', note: /checksum mismatch/ },
  'text-after-armor': { status: 'error', note: /text outside/ },
  oversized: { status: 'error', note: /larger than the limit of 65536 bytes/ },
}
// Controls, not attacks: signatures that are valid and must stay so.
const controls = new Set(['expired-after', 'revoked-after', 'crafted-good', 'subkey-signed'])

describe('adversarial signatures', () => {
  it('has an expectation for every generated case', () => {
    expect(Object.keys(expected).sort()).toEqual([...signatureCases].sort())
  })

  it.each(signatureCases)('%s', async (name) => {
    const result = Verification.parse(await verifyFile(fixture('signatures', `${name}.txt`), keyring))
    const want = expected[name] as { status: string; note: RegExp }
    expect(result.signatures).toHaveLength(1)
    const [signature] = result.signatures
    expect(signature?.status).toBe(want.status)
    expect(signature?.notes.join(' | ')).toMatch(want.note)
    expect(result.authentic).toBe(controls.has(name))
    // A fingerprint is only ever that of a key that verified the signature.
    if (signature?.status === 'error' || signature?.status === 'unknown-key' || /not what was signed/.test(want.note.source)) {
      expect(signature?.fingerprint).toBeNull()
    }
  })

  it('keeps going through a batch of every case, in order', async () => {
    const document = readFileSync(fixture('signatures/crafted-good.txt'))
    const all = await Promise.all(
      signatureCases.map(async (name) => ({ name, paths: await findSignatures(fixture('signatures', `${name}.txt`)) })),
    )
    const batch = all.flatMap(({ name, paths }) => paths.map((path) => ({ source: name, bytes: readFileSync(path), signer: signerOf(path) })))
    const result = await verifyDocument(document, batch, keyring)
    expect(result.signatures.map((signature) => signature.source)).toEqual(batch.map((input) => input.source))
    expect(result.authentic).toBe(false)
    expect(result.signatures.find((signature) => signature.source === 'crafted-good')?.status).toBe('good')
  })
})

describe('properties', () => {
  const document = readFileSync(fixture('secpack/QSBs/qsb-902-2022.txt'))
  const signature = { source: 'alice', bytes: readFileSync(fixture('secpack/QSBs/qsb-902-2022.txt.sig.alice')), signer: 'alice' }

  it('no change to a single byte of the document keeps it authentic', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(document.length - 1), fc.integer({ min: 1, max: 255 }), async (index, delta) => {
        const changed = Uint8Array.from(document)
        changed[index] = ((changed[index] as number) + delta) & 0xff
        const result = await verifyDocument(changed, [signature], keyring)
        return !result.authentic && result.signatures[0]?.status === 'bad'
      }),
      { numRuns: 150 },
    )
  })

  it('arbitrary bytes as a signature never throw and are never good', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const result = await verifyDocument(document, [{ source: 'fuzz', bytes }, signature], keyring)
        return result.signatures.length === 2 && result.signatures[0]?.status !== 'good' && result.signatures[1]?.status === 'good'
      }),
      { numRuns: 300 },
    )
  })

  it('a damaged armored signature is never good', async () => {
    const text = signature.bytes.toString('latin1')
    await fc.assert(
      fc.asyncProperty(fc.nat(text.length - 1), fc.constantFrom('A', '/', '=', '\n', '-', ' '), async (index, replacement) => {
        const damaged = text.slice(0, index) + replacement + text.slice(index + 1)
        const result = await verifyDocument(document, [{ source: 'damaged', bytes: damaged, signer: 'alice' }], keyring)
        // The armor headers and whitespace carry no signed data; everything else must fail.
        return damaged === text || result.signatures[0]?.status !== 'good' || sameSignature(damaged, text)
      }),
      { numRuns: 300 },
    )
  })

  it('a change in the unused bits of the last base64 character decodes to the same signature, so it stays good', async () => {
    // The counterexample fast-check once found: such a file carries the very same packet.
    const text = signature.bytes.toString('latin1')
    const lines = text.split('\n')
    const last = lines.findIndex((line) => line.startsWith('=')) - 1
    const line = lines[last] as string
    const padding = line.length - line.replace(/=+$/, '').length
    // A 2048-bit signature with these subpackets is not a multiple of 3 bytes long, so its armor is padded.
    expect(padding).toBeGreaterThan(0)
    const index = line.length - padding - 1
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    const value = alphabet.indexOf(line[index] as string)
    const twin = alphabet[value ^ 1] as string
    lines[last] = line.slice(0, index) + twin + line.slice(index + 1)
    const damaged = lines.join('\n')
    expect(sameSignature(damaged, text)).toBe(true)
    const result = await verifyDocument(document, [{ source: 'twin', bytes: damaged, signer: 'alice' }], keyring)
    expect(result.signatures[0]?.status).toBe('good')
  })
})

/**
 * Whether two armored signatures decode to the same packet bytes: a change in
 * headers or line breaks, or in the unused low bits of the last base64
 * character (`…4=` and `…7=` decode alike), changes no signed byte.
 */
function sameSignature(a: string, b: string): boolean {
  const body = (text: string) => text.replace(/^[\s\S]*?\n\s*\n/, '').replace(/\n=[^\n]*\n-----END[\s\S]*$/, '').replace(/\s+/g, '')
  return Buffer.from(body(a), 'base64').equals(Buffer.from(body(b), 'base64'))
}

describe('trust is anchored to the pinned fingerprint, not to the checkout', () => {
  it('a checkout shipping its own master and team keys is untrusted under the real pin', async () => {
    const fake = await loadKeyring({ secpack: fixture('fake-secpack') })
    expect(fake.master).toBe(qubesMasterKeyFingerprint)
    const result = await verifyFile(fixture('fake-secpack/QSBs/qsb-901-2016.txt'), fake)
    expect(result.authentic).toBe(false)
    expect(result.signatures[0]).toMatchObject({ status: 'untrusted', signer: 'alice', fingerprint: fingerprints.fakeAlice })
    expect(result.signatures[0]?.notes.join()).toMatch(/pinned master key is not in the keyring/)
  })

  it('and untrusted when mixed with the real master key', async () => {
    const mixed = await loadKeyring({ secpack: fixture('fake-secpack'), keys: [fixture('secpack/keys/master-key')], master: fingerprints.master })
    const result = await verifyFile(fixture('fake-secpack/QSBs/qsb-901-2016.txt'), mixed)
    expect(result.signatures[0]?.status).toBe('untrusted')
    expect(result.signatures[0]?.notes.join()).toMatch(/does not certify/)
  })

  it('the fake master key counts only when it is the one pinned', async () => {
    const pinned = await loadKeyring({ secpack: fixture('fake-secpack'), master: fingerprints.fakeMaster })
    expect((await verifyFile(fixture('fake-secpack/QSBs/qsb-901-2016.txt'), pinned)).authentic).toBe(true)
  })

  it('a folder name does not make a team key: the release key stays untrusted wherever it sits', async () => {
    const release = keyring.keys.find((key) => key.fingerprint === fingerprints.release)
    expect(release).toMatchObject({ certified: true, team: false })
  })

  it('an explicit team list replaces the user-id rule', async () => {
    const listed = await loadKeyring({ secpack: fixture('secpack'), master: fingerprints.master, team: [fingerprints.bob as string] })
    const result = await verifyFile(fixture('secpack/QSBs/qsb-902-2022.txt'), listed)
    expect(result.signatures.map((signature) => signature.status)).toEqual(['untrusted', 'good'])
  })
})

describe('inputs', () => {
  it('finds .sig.<signer> and .sign.<signer> siblings, and reads the signer off the name', async () => {
    const paths = await findSignatures(fixture('secpack/QSBs/qsb-902-2022.txt'))
    expect(paths.map((path) => path.split('/').pop())).toEqual(['qsb-902-2022.txt.sig.alice', 'qsb-902-2022.txt.sign.bob'])
    expect(signerOf('x.txt.sign.joanna')).toBe('joanna')
    expect(signerOf('x.txt.asc')).toBeNull()
    expect(await findSignatures(fixture('no/such/file.txt'))).toEqual([])
  })

  it('verifyFiles verifies each document against its own siblings, in order', async () => {
    const paths = [...checkoutDocuments.map((name) => fixture('secpack', name)), fixture('signatures/swapped.txt')]
    const results = await verifyFiles(paths, keyring)
    expect(results.map((result) => [result.file, result.authentic])).toEqual(paths.map((path) => [path, !path.endsWith('swapped.txt')]))
  })

  it('a document with no signature is not authentic', async () => {
    const result = await verifyDocument(readFileSync(fixture('secpack/QSBs/qsb-901-2016.txt')), [], keyring)
    expect(result).toMatchObject({ authentic: false, signatures: [], error: null })
  })

  it('an unreadable or oversized document sets `error` and is not authentic', async () => {
    const missing = fixture('no/such/file.txt')
    expect(await verifyFile(missing, keyring)).toMatchObject({
      authentic: false,
      verdict: 'error',
      error: { message: `${missing}: cannot read: no such file`, ruleId: 'unreadable', line: null, column: null },
    })
    const small = await verifyFile(fixture('secpack/QSBs/qsb-901-2016.txt'), keyring, { maxDocumentSize: 10 })
    expect(small).toMatchObject({ authentic: false, verdict: 'error', error: { message: expect.stringMatching(/larger than the limit of 10 bytes/), ruleId: 'too-large' } })
  })

  it('a missing signature file named explicitly is an `error`, and the others are still checked', async () => {
    const document = fixture('secpack/QSBs/qsb-902-2022.txt')
    const result = await verifyFile(document, keyring, { signatures: [`${document}.sig.nobody`, `${document}.sig.alice`] })
    expect(result.signatures.map((signature) => signature.status)).toEqual(['error', 'good'])
    expect(result.authentic).toBe(false)
  })

  it('refuses an inline-signed message given as binary packets', async () => {
    const armored = readFileSync(fixture('signatures/inline-signed.txt.sig.alice'), 'utf8')
    const { data } = await openpgp.unarmor(armored)
    const result = await verifyDocument(readFileSync(fixture('signatures/inline-signed.txt')), [{ source: 'inline', bytes: data as Uint8Array }], keyring)
    expect(result.signatures[0]?.status).toBe('error')
  })

  it('loadKeyring throws for a path that does not exist, and reports unreadable key files', async () => {
    await expect(loadKeyring({ keys: [fixture('no/such/keys')] })).rejects.toThrow(/ENOENT/)
    const broken = await readKeyring([{ source: 'broken.asc', bytes: 'not a key' }, { source: 'empty.gpg', bytes: new Uint8Array([0x99, 0, 1]) }])
    expect(broken.keys).toEqual([])
    expect(broken.diagnostics).toHaveLength(2)
  })

  it('rejects a pin that is not a fingerprint', async () => {
    await expect(readKeyring([], { master: 'DDFA1A3E36879494' })).rejects.toThrow(TypeError)
    expect((await readKeyring([], { master: '427F 11FD 0FAA 4B08 0123  F01C DDFA 1A3E 3687 9494' })).master).toBe(qubesMasterKeyFingerprint)
  })

  it('yields a documented JSON Schema', () => {
    const json = z.toJSONSchema(Verification) as { $defs: Record<string, { properties: Record<string, { description?: string }> }> }
    const schema = json.$defs.Verification as { properties: Record<string, { description?: string }> }
    expect(json.$defs.Signature).toBeDefined()
    expect(Object.keys(schema.properties)).toEqual(['file', 'authentic', 'sha256', 'signatures', 'verdict', 'error', 'master', 'unwrapped', 'verified'])
    expect(schema.properties.authentic?.description).toMatch(/every signature is `good`/)
  })
})
