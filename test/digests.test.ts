/**
 * ISO `DIGESTS` files made and signed at test time (keys made on the spot:
 * a master key, the Release 4 and Release 4.2 keys, a team key), read by the
 * strict cleartext reader, each beside GnuPG's verdict on the same bytes;
 * and `qsb digest` on a fixture "ISO" of a few MB.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { digestsVerifier } from '../src/read/index.js'
import { loadKeyring } from '../src/read/node/index.js'
import { type ScanEntry, scanCheckout } from '../src/secpack/index.js'
import { IsoMatch } from '../src/secpack/checkout-schema.js'
import { readCleartext } from '../src/verify/index.js'
import { hasGpg, makeGpg, type TestGpg } from './helpers/gpg.js'
import { memoryIo } from './helpers/io.js'
import { describeWith, gpg as gpgNeed } from './helpers/needs.js'

let gpg: TestGpg
let dir = ''
let iso = ''
let entries = new Map<string, ScanEntry>()

const isoName = 'Qubes-R4.2.1-x86_64.iso'

function digestLines(name: string, bytes: Uint8Array): string {
  return ['md5', 'sha1', 'sha256', 'sha512'].map((algorithm) => `${createHash(algorithm).update(bytes).digest('hex')} *${name}\n`).join('')
}

function clearsign(key: string, text: string, digest = 'SHA256'): string {
  return gpg.run(['-u', `${gpg.fp[key]}!`, '--digest-algo', digest, '--clearsign'], text).toString()
}

/** The fixture DIGESTS files, by name: what each is, and GnuPG's verdict expected of us. */
const cases: Record<string, { make: () => string; status: string | null; gpg: string }> = {}

beforeAll(async () => {
  if (!hasGpg) return
  gpg = makeGpg({
    release4: { uid: 'Qubes OS Release 4 Signing Key' },
    release42: { uid: 'Qubes OS Release 4.2 Signing Key' },
    team: { uid: 'Tess Team (Qubes security pack) <tess@example.org>' },
  })
  dir = mkdtempSync(join(tmpdir(), 'qsb-digests-'))
  for (const name of ['master', 'release4', 'release42', 'team']) gpg.exportKey(name, join(dir, `keys/${name}.asc`))
  mkdirSync(join(dir, 'QSBs'))
  mkdirSync(join(dir, 'digests'))
  // A few MB standing for an ISO, the same bytes every run.
  const bytes = new Uint8Array(3 * 1024 * 1024 + 17)
  for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 2654435761) >>> 24
  iso = join(dir, isoName)
  writeFileSync(iso, bytes)
  const lines = digestLines(isoName, bytes)
  const other = (name: string): string => digestLines(name, new TextEncoder().encode(name))
  Object.assign(cases, {
    [`${isoName}.DIGESTS`]: { make: () => clearsign('release42', lines), status: 'good', gpg: 'GOODSIG' },
    'Qubes-R4.1.2-x86_64.iso.DIGESTS': { make: () => clearsign('release4', other('Qubes-R4.1.2-x86_64.iso')), status: 'good', gpg: 'GOODSIG' },
    'Qubes-R4.2.2-x86_64.iso.DIGESTS': { make: () => clearsign('release4', other('Qubes-R4.2.2-x86_64.iso')), status: 'untrusted', gpg: 'GOODSIG' },
    'Qubes-R4.1.3-x86_64.iso.DIGESTS': { make: () => clearsign('release42', other('Qubes-R4.1.3-x86_64.iso')), status: 'untrusted', gpg: 'GOODSIG' },
    'Qubes-R4.2.3-x86_64.iso.DIGESTS': { make: () => clearsign('team', other('Qubes-R4.2.3-x86_64.iso')), status: 'untrusted', gpg: 'GOODSIG' },
    'Qubes-R4.2.4-x86_64.iso.DIGESTS': {
      // Lines starting with a dash are dash-escaped in the message, and unescaped when read.
      make: () => clearsign('release42', `-----\n${other('Qubes-R4.2.4-x86_64.iso')}- not a digest\n`),
      status: 'good',
      gpg: 'GOODSIG',
    },
    'Qubes-R4.2.5-x86_64.iso.DIGESTS': {
      // Digests before and after the signed block: a forger's lines, never read as signed.
      make: () => `${other('Qubes-R4.2.5-x86_64.iso').replace(/^[0-9a-f]+/gm, (hex) => 'f'.repeat(hex.length))}${clearsign('release42', other('Qubes-R4.2.5-x86_64.iso'))}${'0'.repeat(64)} *Qubes-R4.2.5-x86_64.iso\n`,
      status: 'good',
      gpg: 'GOODSIG',
    },
    'Qubes-R4.2.6-x86_64.iso.DIGESTS': {
      // Signed with SHA-512, then the header changed to say SHA256.
      make: () => clearsign('release42', other('Qubes-R4.2.6-x86_64.iso'), 'SHA512').replace('Hash: SHA512', 'Hash: SHA256'),
      status: 'error',
      gpg: 'ERRSIG',
    },
    'Qubes-R4.2.7-x86_64.iso.DIGESTS': {
      // Trailing whitespace is not covered by the signature (RFC 9580 §7.2): still good, with a note.
      make: () => clearsign('release42', other('Qubes-R4.2.7-x86_64.iso')).replace(/\*Qubes-R4\.2\.7-x86_64\.iso\n/, '*Qubes-R4.2.7-x86_64.iso   \n'),
      status: 'good',
      gpg: 'GOODSIG',
    },
    'Qubes-R4.2.8-x86_64.iso.DIGESTS': { make: () => clearsign('release42', other('Qubes-R4.2.8-x86_64.iso')).replace('2.8', '2.9'), status: 'bad', gpg: 'BADSIG' },
    'Qubes-R4.2.9-x86_64.iso.DIGESTS': { make: () => other('Qubes-R4.2.9-x86_64.iso'), status: null, gpg: 'NODATA' },
  })
  for (const [name, { make }] of Object.entries(cases)) writeFileSync(join(dir, 'digests', name), make())
  const keyring = await loadKeyring({ secpack: dir, master: gpg.fp.master as string })
  for await (const entry of scanCheckout(dir, { verifyCleartext: digestsVerifier(keyring) })) entries.set(entry.file, entry)
}, 120_000)

afterAll(() => {
  if (!hasGpg) return
  gpg.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

describeWith([gpgNeed], 'ISO DIGESTS files', () => {
  it('each gets its verdict, and GnuPG’s on the same bytes agrees', () => {
    for (const [name, expected] of Object.entries(cases)) {
      const entry = entries.get(`digests/${name}`) as ScanEntry
      expect(entry.kind, name).toBe('digests')
      expect(entry.verification?.signatures[0]?.status ?? null, name).toBe(expected.status)
      expect(gpg.verdict([join(dir, 'digests', name)]).status, name).toBe(expected.gpg)
    }
  })

  it('the release key must be the one of that release: Release 4.2 for R4.2.x, Release 4 for R4.1.x', () => {
    expect(entries.get(`digests/${isoName}.DIGESTS`)?.digests).toMatchObject({ version: '4.2.1', release: '4.2', signed: true })
    expect(entries.get('digests/Qubes-R4.1.2-x86_64.iso.DIGESTS')?.digests).toMatchObject({ version: '4.1.2', release: '4' })
    const notes = (name: string): string => entries.get(`digests/${name}`)?.verification?.signatures[0]?.notes.join(' ') ?? ''
    expect(notes('Qubes-R4.2.2-x86_64.iso.DIGESTS')).toMatch(/a release key of Release 4, not of Release 4\.2, which vouches for R4\.2\.2/)
    expect(notes('Qubes-R4.1.3-x86_64.iso.DIGESTS')).toMatch(/a release key of Release 4\.2, not of Release 4, which vouches for R4\.1\.3/)
    expect(notes('Qubes-R4.2.3-x86_64.iso.DIGESTS')).toMatch(/a security-team key, not the Release 4\.2 signing key/)
    expect(notes('Qubes-R4.2.6-x86_64.iso.DIGESTS')).toMatch(/the `Hash:` header says SHA256, but the signature uses SHA512/)
  })

  it('records the digests, from the signed part only', () => {
    const bytes = readFileSync(iso)
    expect(entries.get(`digests/${isoName}.DIGESTS`)?.digests?.entries).toEqual([
      { file: isoName, algorithm: 'MD5', hex: createHash('md5').update(bytes).digest('hex'), line: 4 },
      { file: isoName, algorithm: 'SHA1', hex: createHash('sha1').update(bytes).digest('hex'), line: 5 },
      { file: isoName, algorithm: 'SHA256', hex: createHash('sha256').update(bytes).digest('hex'), line: 6 },
      { file: isoName, algorithm: 'SHA512', hex: createHash('sha512').update(bytes).digest('hex'), line: 7 },
    ])
    const outside = entries.get('digests/Qubes-R4.2.5-x86_64.iso.DIGESTS') as ScanEntry
    expect(outside.digests?.entries.map((entry) => entry.hex)).not.toContainEqual(expect.stringMatching(/^f+$|^0+$/))
    expect(outside.digests?.entries).toHaveLength(4)
    expect(outside.verification?.signatures[0]?.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^text before the signed message \(lines 1–4\) is not signed$/), expect.stringMatching(/^text after the signature/)]),
    )
    const dashed = entries.get('digests/Qubes-R4.2.4-x86_64.iso.DIGESTS') as ScanEntry
    expect(dashed.digests?.notes).toEqual(['line 4 is not a digest line: `-----`', 'line 9 is not a digest line: `- not a digest`'])
    const unsigned = entries.get('digests/Qubes-R4.2.9-x86_64.iso.DIGESTS') as ScanEntry
    expect(unsigned).toMatchObject({ verification: { authentic: false, signatures: [] }, digests: { signed: false } })
    expect(unsigned.digests?.notes[0]).toBe('unsigned: nothing vouches for these digests')
    expect(entries.get('digests/Qubes-R4.2.7-x86_64.iso.DIGESTS')?.verification?.signatures[0]?.notes).toContain(
      'trailing whitespace on 1 signed lines is not covered by the signature',
    )
  })

  it('the reader refuses what RFC 9580 does not allow, naming the line', () => {
    const message = (text: string): Uint8Array => new TextEncoder().encode(text)
    const signed = clearsign('release42', 'a\n')
    expect(() => readCleartext(message(signed.replace('Hash: SHA256', 'Hash: SHA256\nComment: hi')))).toThrow(/armor header `Comment: hi` \(line 3\)/)
    expect(() => readCleartext(message(signed.replace('\na\n', '\n-a\n')))).toThrow(/not dash-escaped \(line 4\)/)
    expect(() => readCleartext(message(`${signed}${signed}`))).toThrow(/second|cleartext-signed/)
    expect(() => readCleartext(message(signed.replace('\na\n', '\na\rb\n')))).toThrow(/carriage return/)
    expect(readCleartext(message(signed.replace(/\n/g, '\r\n'))).text).toBe('a')
  })
})

describeWith([gpgNeed], 'qsb digest', () => {
  it('finds a fixture ISO in the signed DIGESTS, and names the file and key that vouch for it', async () => {
    const io = memoryIo()
    expect(await main(['digest', '--secpack', dir, '--master', gpg.fp.master as string, iso], io)).toBe(0)
    expect(io.out()).toMatch(new RegExp(`^${iso.replace(/[.]/g, '\\.')}: AUTHENTIC$`, 'm'))
    expect(io.out()).toMatch(/listed in digests\/Qubes-R4\.2\.1-x86_64\.iso\.DIGESTS \(SHA256 and SHA512 agree\), signed by the Release 4\.2 key/)
    const json = memoryIo()
    await main(['digest', '--json', '--secpack', dir, '--master', gpg.fp.master as string, iso], json)
    const [result] = JSON.parse(json.out()) as IsoMatch[]
    expect(IsoMatch.parse(result)).toEqual(result)
    expect(result).toMatchObject({ authentic: true, release: '4.2', signer: gpg.fp.release42, sha256: createHash('sha256').update(readFileSync(iso)).digest('hex') })
  })

  it('refuses it with one byte changed, and says why', async () => {
    const changed = join(dir, 'changed', isoName)
    mkdirSync(join(dir, 'changed'))
    const bytes = readFileSync(iso)
    const middle = bytes.length >> 1
    bytes[middle] = (bytes[middle] as number) ^ 1
    writeFileSync(changed, bytes)
    const io = memoryIo()
    expect(await main(['digest', '--secpack', dir, '--master', gpg.fp.master as string, changed], io)).toBe(1)
    expect(io.out()).toMatch(/: NOT VOUCHED FOR\n {2}digests\/Qubes-R4\.2\.1-x86_64\.iso\.DIGESTS lists Qubes-R4\.2\.1-x86_64\.iso with another SHA256 and SHA512/)
  })

  it('a digest signed by the wrong release key, or under another name, vouches for nothing', async () => {
    const wrong = join(dir, 'Qubes-R4.2.2-x86_64.iso')
    writeFileSync(wrong, 'Qubes-R4.2.2-x86_64.iso')
    const renamed = join(dir, 'renamed.iso')
    writeFileSync(renamed, readFileSync(iso))
    const io = memoryIo()
    expect(await main(['digest', '--secpack', dir, '--master', gpg.fp.master as string, wrong, renamed], io)).toBe(1)
    expect(io.out()).toMatch(/Qubes-R4\.2\.2-x86_64\.iso: NOT VOUCHED FOR\n .*its signature is not good \(untrusted: a release key of Release 4, not of Release 4\.2/)
    expect(io.out()).toMatch(/renamed\.iso: NOT VOUCHED FOR\n {2}no DIGESTS file lists renamed\.iso; its digest is listed under another name in digests\/Qubes-R4\.2\.1-x86_64\.iso\.DIGESTS \(as Qubes-R4\.2\.1-x86_64\.iso\)/)
  })
})
