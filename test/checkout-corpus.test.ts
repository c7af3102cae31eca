/**
 * The 2023 checkout of the real secpack (the bundle, cloned at test time):
 * every signed file of `digests/` and `fund/` against GnuPG's verdict,
 * computed here with every key under that checkout's `keys/` in a temporary
 * GNUPGHOME; its keys as `qsb keys` reports them; and `qsb scan` passing with
 * the one known bad signature (canary 026's first) accepted.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { digestsVerifier } from '../src/read/index.js'
import { loadKeyring } from '../src/read/node/index.js'
import { type KeyRecord, type ScanEntry, scanCheckout } from '../src/secpack/index.js'
import { verifyDocument } from '../src/verify/index.js'
import { corpusPath } from './helpers/corpus.js'
import { parseStatus } from './helpers/gpg.js'
import { memoryIo } from './helpers/io.js'
import { corpus, describeWith, git, gpg } from './helpers/needs.js'

let clone = ''
let home = ''
const entries = new Map<string, ScanEntry>()

function gpgVerdict(args: readonly string[]): ReturnType<typeof parseStatus> {
  return parseStatus(spawnSync('gpg', ['--homedir', home, '--batch', '--status-fd', '1', '--verify', ...args], { encoding: 'utf8' }).stdout)
}

/** What the 2023 checkout needs: the bundle, git to clone it, GnuPG for its verdicts. */
const needs = [corpus('secpack-history-2023.bundle'), git, gpg]
const ready = needs.every((item) => item.present)

beforeAll(async () => {
  if (!ready) return
  clone = mkdtempSync(join(tmpdir(), 'qsb-checkout-corpus-'))
  execFileSync('git', ['clone', '-q', '-b', 'upto-2023', corpusPath('secpack-history-2023.bundle'), clone], { stdio: 'ignore' })
  home = mkdtempSync(join(tmpdir(), 'qsb-gpg-corpus-'))
  for (const file of execFileSync('find', [join(clone, 'keys'), '-name', '*.asc']).toString().trim().split('\n')) {
    execFileSync('gpg', ['--homedir', home, '--batch', '--import', file], { stdio: 'ignore' })
  }
  const keyring = await loadKeyring({ secpack: clone })
  const verify = (document: Uint8Array, signatures: Parameters<typeof verifyDocument>[1]): ReturnType<typeof verifyDocument> => verifyDocument(document, signatures, keyring)
  for await (const entry of scanCheckout(clone, { verify, verifyCleartext: digestsVerifier(keyring), folders: ['digests', 'fund'] })) entries.set(entry.file, entry)
}, 300_000)

afterAll(() => {
  if (clone) rmSync(clone, { recursive: true, force: true })
  if (home) {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' })
    rmSync(home, { recursive: true, force: true })
  }
})

describeWith(needs, 'the 2023 checkout: digests/ and fund/', () => {
  it('every DIGESTS file gets GnuPG’s verdict, key included, and the release key of its release', () => {
    const names = readdirSync(join(clone, 'digests')).filter((name) => name.endsWith('.DIGESTS'))
    expect(names.length).toBe(50)
    const releases = new Map<string, string>()
    for (const name of names) {
      const entry = entries.get(`digests/${name}`) as ScanEntry
      const oracle = gpgVerdict([join(clone, 'digests', name)])
      const signature = entry.verification?.signatures[0]
      if (oracle.status === 'NODATA') {
        expect(entry.digests?.signed, name).toBe(false)
        expect(signature, name).toBeUndefined()
        continue
      }
      expect(oracle.status, name).toBe('GOODSIG')
      expect(signature, name).toMatchObject({ status: 'good', fingerprint: oracle.fingerprint })
      releases.set(name, entry.digests?.release ?? '')
      expect(entry.digests?.entries.length, name).toBeGreaterThanOrEqual(2)
    }
    const releaseOf = (name: string): string => (/^Qubes-R4\.2/.test(name) ? '4.2' : /^Qubes-R4/.test(name) ? '4' : (/^Qubes-R(\d)/.exec(name)?.[1] ?? ''))
    for (const [name, release] of releases) expect(release, name).toBe(releaseOf(name))
    expect([...entries.values()].filter((entry) => entry.kind === 'digests' && !entry.digests?.signed).map((entry) => entry.file)).toEqual([
      'digests/Qubes-R1-x86_64-DVD.iso.DIGESTS',
    ])
  })

  it('every signature of fund/ gets GnuPG’s verdict, key included', () => {
    const fund = [...entries.values()].filter((entry) => entry.file.startsWith('fund/'))
    expect(fund.map((entry) => entry.file)).toEqual([
      'fund/qubes-donations-btc-address.txt',
      'fund/qubes-donations-eth-address.txt',
      'fund/qubes-donations-xmr-address.txt',
    ])
    for (const entry of fund) {
      expect(entry.verification?.signatures).toHaveLength(2)
      for (const signature of entry.verification?.signatures ?? []) {
        const oracle = gpgVerdict([join(clone, signature.source), join(clone, entry.file)])
        expect(oracle.status, signature.source).toBe('GOODSIG')
        expect(signature, signature.source).toMatchObject({ status: 'good', fingerprint: oracle.fingerprint })
      }
    }
  })

  it('qsb keys: every key under keys/, with its role from the master key, uncertified ones listed as such', async () => {
    const io = memoryIo()
    await main(['keys', '--json', clone], io)
    const keys = JSON.parse(io.out()) as KeyRecord[]
    const files = execFileSync('find', [join(clone, 'keys'), '-name', '*.asc']).toString().trim().split('\n')
    const listed = new Set(keys.flatMap((key) => key.files))
    for (const file of files) {
      const relative = file.slice(clone.length + 1)
      // A file that holds only a revocation certificate has no key of its own to list.
      if (readFileSync(file, 'utf8').includes('PUBLIC KEY BLOCK')) expect(listed.has(relative) || relative.includes('woju'), relative).toBe(true)
    }
    const byFingerprint = new Map(keys.map((key) => [key.fingerprint, key]))
    expect(byFingerprint.get('427F11FD0FAA4B080123F01CDDFA1A3E36879494')).toMatchObject({ role: 'master', folders: ['keys/master-key'] })
    expect(byFingerprint.get('9C884DF3F81064A569A4A9FAE022E58F8E34D89F')).toMatchObject({ role: 'release', release: '4.2', certified: true })
    expect(byFingerprint.get('5817A43B283DE5A9181A522E1848792F9E2795E9')).toMatchObject({ role: 'release', release: '4' })
    expect(byFingerprint.get('EA18E7F040C41DDAEFE9AA0F4AC18DE1112E1490')).toMatchObject({ role: 'security-team' })
    expect(byFingerprint.get('0064428F455451B3EBE78A7F063938BA42CFA724')).toMatchObject({ role: 'code-signing' })
    const docSigning = keys.filter((key) => key.folders.includes('keys/doc-signing'))
    expect(docSigning.length).toBeGreaterThan(5)
    for (const key of docSigning) expect(key, key.userIds[0]).toMatchObject({ role: null, certified: false, claims: 'doc-signing' })
    // A revocation certificate kept in a key's file (of an older key that is not there) loses neither the key beside it nor a word.
    expect(byFingerprint.get('FF1A147CAA9A17A12A447F23C92A047EF2CD312B')).toMatchObject({ files: ['keys/core-devs/retired/woju-qubes-code-signing-keys.asc'] })
    expect(io.err()).not.toMatch(/unreadable keys/)
  })

  it('qsb scan with the one known bad signature accepted passes, at the last tagged commit', async () => {
    execFileSync('git', ['-C', clone, 'checkout', '-q', 'simon_sec_e12d1f17'])
    const signature = join(clone, 'canaries/canary-026-2021.txt.sig.joanna')
    const accept = join(tmpdir(), `qsb-accept-${process.pid}.yml`)
    writeFileSync(
      accept,
      `- signature: canaries/canary-026-2021.txt.sig.joanna\n  sha256: ${createHash('sha256').update(readFileSync(signature)).digest('hex')}\n  status: bad\n  reason: made before a one-word fix of the canary; the other two signatures are good\n`,
    )
    try {
      const failing = memoryIo()
      expect(await main(['scan', clone], failing)).toBe(1)
      expect(failing.out()).toMatch(/^not authentic: canaries\/canary-026-2021\.txt \(bad\), digests\/Qubes-R1-x86_64-DVD\.iso\.DIGESTS \(unsigned\)$/m)
      const io = memoryIo()
      expect(await main(['scan', '--accept', accept, clone], io)).toBe(0)
      expect(io.out()).toMatch(/^ +canary-026-2021\.txt +026 .* joanna:accepted marmarek:good simon:good +accepted \(known failure\)$/m)
      expect(io.out()).toMatch(/^checkout: AUTHENTIC: HEAD e12d1f17[0-9a-f]{4} is tagged `simon_sec_e12d1f17`, signed by simon \(security team\); the files are HEAD's$/m)
    } finally {
      execFileSync('git', ['-C', clone, 'checkout', '-q', 'upto-2023'])
      rmSync(accept, { force: true })
    }
  })
})
