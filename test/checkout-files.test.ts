/**
 * Files of a checkout (issue 11's part): a file with signatures beside it is
 * its own bytes, never unwrapped (GnuPG's verdict beside each case); only
 * regular files are read, each under a size limit — a real FIFO and a real
 * link to `/dev/zero` are refused within a second by every command, and the
 * run goes on; a link out of the checkout is reported, not followed; a paste
 * that starts with the banner and holds a cleartext-signed block verifies
 * that block.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import type { Verification } from '../src/verify/index.js'
import { hasGpg } from './helpers/gpg.js'
import { memoryIo } from './helpers/io.js'
import { fingerprints, fixture } from './helpers/keys.js'
import { describeWith, gpg, mkfifo } from './helpers/needs.js'

const master = fingerprints.master as string
const keys = fixture('secpack/keys')
let dir = ''
let home = ''

function gpgSays(signature: string, document: string): string {
  const result = spawnSync('gpg', ['--homedir', home, '--batch', '--status-fd', '1', '--verify', signature, document], { encoding: 'utf8' })
  return /\[GNUPG:\] (GOODSIG|BADSIG|ERRSIG)/.exec(result.stdout)?.[1] ?? 'NONE'
}

async function run(args: readonly string[]): Promise<{ status: number; out: string; err: string; ms: number }> {
  const io = memoryIo()
  const start = Date.now()
  const status = await main(args, io)
  return { status, out: io.out(), err: io.err(), ms: Date.now() - start }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qsb-files-'))
  cpSync(fixture('secpack'), join(dir, 'checkout'), { recursive: true })
  if (hasGpg) {
    home = mkdtempSync(join(tmpdir(), 'qsb-gpg-files-'))
    for (const file of ['master-key/master.asc', 'security-team/alice.asc', 'security-team/bob.asc', 'security-team/retired/carol.asc']) {
      execFileSync('gpg', ['--homedir', home, '--batch', '--import', join(keys, file)], { stdio: 'ignore' })
    }
    execFileSync('gpg', ['--homedir', home, '--batch', '--import', fixture('keys/secret/alice.asc')], { stdio: 'ignore' })
  }
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  if (home) {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' })
    rmSync(home, { recursive: true, force: true })
  }
})

describe('a checkout file is its own bytes', () => {
  const wrappers: Record<string, (text: string) => string> = {
    'mail headers': (text) => `From: security@example.org\nSubject: QSB 901\nMIME-Version: 1.0\n\n${text}`,
    'YAML front matter': (text) => `---\ntitle: QSB 901\n---\n\n\`\`\`\n${text}\`\`\`\n`,
    'an HTML wrapper': (text) => `<html><body><pre>${text}</pre></body></html>\n`,
  }

  for (const [name, wrap] of Object.entries(wrappers)) {
    it(`${name} put in front of signed text make it bad, as GnuPG says`, async () => {
      const folder = join(dir, name.replace(/ /g, '-'))
      cpSync(join(dir, 'checkout'), folder, { recursive: true })
      const file = join(folder, 'QSBs/qsb-901-2016.txt')
      writeFileSync(file, wrap(readFileSync(file, 'utf8')))
      const verify = await run(['verify', '--json', '--master', master, file])
      expect(verify.status).toBe(1)
      const [record] = JSON.parse(verify.out) as Verification[]
      expect(record).toMatchObject({ authentic: false, unwrapped: false })
      expect(record?.verified).toBeUndefined()
      expect(record?.signatures.map((signature) => signature.status)).toEqual(['bad', 'bad'])
      if (hasGpg) expect(gpgSays(`${file}.sig.carol`, file)).toBe('BADSIG')
      const scan = await run(['scan', '--master', master, folder])
      expect(scan.out).toMatch(/^ +qsb-901-2016\.txt .*alice:bad carol:bad +NOT AUTHENTIC \(bad\)$/m)
    })
  }

  it('a repost given as such is unwrapped, and the record says so', async () => {
    const result = await run(['verify', '--json', '--master', master, '--secpack', fixture('secpack'), fixture('reposts/post.md')])
    const [record] = JSON.parse(result.out) as Verification[]
    expect(record).toMatchObject({ authentic: true, unwrapped: true, verified: { format: 'markdown' } })
    const own = await run(['verify', '--json', '--master', master, join(dir, 'checkout/QSBs/qsb-902-2022.txt')])
    expect(JSON.parse(own.out)).toMatchObject([{ authentic: true, unwrapped: false }])
  })
})

describeWith([mkfifo], 'only regular files, read with a bound', () => {
  let folder = ''
  beforeAll(() => {
    folder = join(dir, 'special')
    cpSync(join(dir, 'checkout'), folder, { recursive: true })
    execFileSync('mkfifo', [join(folder, 'QSBs/qsb-903-2023.txt')])
    execFileSync('mkfifo', [join(folder, 'keys/security-team/fifo.asc')])
    symlinkSync('/dev/zero', join(folder, 'QSBs/qsb-904-2023.txt'))
    symlinkSync('/dev/zero', join(folder, 'keys/security-team/zero.asc'))
    mkdirSync(join(folder, 'fund'))
    writeFileSync(join(dir, 'outside.txt'), 'outside the checkout\n')
    symlinkSync(join(dir, 'outside.txt'), join(folder, 'fund/address.txt'))
    writeFileSync(join(folder, 'fund/address.txt.sig.alice'), 'not a signature\n')
  })

  it('verify refuses a FIFO and a link to /dev/zero within a second each, and goes on', async () => {
    const good = join(folder, 'QSBs/qsb-902-2022.txt')
    const result = await run(['verify', '--master', master, join(folder, 'QSBs/qsb-903-2023.txt'), join(folder, 'QSBs/qsb-904-2023.txt'), good])
    expect(result.ms).toBeLessThan(1000)
    expect(result.status).toBe(1)
    expect(result.out).toMatch(/qsb-903-2023\.txt: NOT VERIFIED: cannot read: it is a FIFO \(named pipe\), not a regular file/)
    expect(result.out).toMatch(/qsb-904-2023\.txt: NOT VERIFIED: cannot read: it is a character device, not a regular file/)
    expect(result.out).toMatch(/qsb-902-2022\.txt: AUTHENTIC/)
    const signature = await run(['verify', '--master', master, '--secpack', fixture('secpack'), '--signature', join(folder, 'QSBs/qsb-903-2023.txt'), fixture('reposts/post.md')])
    expect(signature.ms).toBeLessThan(1000)
    expect(signature.out).toMatch(/ERROR .*\n.*qsb-903-2023\.txt\n +note: the signature file cannot read: it is a FIFO \(named pipe\), not a regular file/)
  })

  it('scan refuses both, reports the link out of the checkout without following it, and goes on', async () => {
    const result = await run(['scan', '--ndjson', '--master', master, folder])
    expect(result.ms).toBeLessThan(1000)
    const lines = result.out.trim().split('\n').map((line) => JSON.parse(line) as { file?: string; error?: { message: string; ruleId: string } | null; verification?: { authentic: boolean } })
    const byFile = new Map(lines.map((line) => [line.file, line]))
    expect(byFile.get('QSBs/qsb-903-2023.txt')?.error).toMatchObject({ ruleId: 'not-a-file', message: 'QSBs/qsb-903-2023.txt: cannot read: it is a FIFO (named pipe), not a regular file' })
    expect(byFile.get('QSBs/qsb-904-2023.txt')?.error).toMatchObject({ ruleId: 'outside-checkout', message: 'QSBs/qsb-904-2023.txt: a link to /dev/zero, outside the checkout: not followed' })
    expect(byFile.get('fund/address.txt')?.error).toMatchObject({ ruleId: 'outside-checkout' })
    expect(byFile.get('QSBs/qsb-902-2022.txt')?.verification?.authentic).toBe(true)
    expect(result.err).toMatch(/keys\/security-team\/fifo\.asc: cannot read: it is a FIFO/)
    expect(result.err).toMatch(/keys\/security-team\/zero\.asc: a link to \/dev\/zero, outside the checkout: not followed/)
  })

  it('parse, lint, match, keys, index, export and digest refuse them within a second too', async () => {
    const fifo = join(folder, 'QSBs/qsb-903-2023.txt')
    const zero = join(folder, 'QSBs/qsb-904-2023.txt')
    const out = join(dir, 'osv')
    const repo = join(dir, 'match-repo')
    cpSync(join(dir, 'checkout'), repo, { recursive: true })
    const git = (...args: string[]): void => void execFileSync('git', ['-C', repo, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', ...args], { stdio: 'ignore' })
    git('init', '-q')
    git('add', '-A')
    git('commit', '-q', '-m', 'fixture')
    const cases: Array<[string[], RegExp]> = [
      [['match', '--secpack', repo, '--master', master, fifo, zero], /FIFO \(named pipe\), not a regular file[\s\S]*character device, not a regular file/],
      [['parse', fifo, zero], /FIFO \(named pipe\), not a regular file[\s\S]*character device, not a regular file/],
      [['lint', fifo, zero], /FIFO \(named pipe\)[\s\S]*character device/],
      [['keys', '--master', master, folder], /fifo\.asc: cannot read: it is a FIFO/],
      [['index', '--master', master, folder], /qsb-903-2023\.txt: cannot read: it is a FIFO/],
      [['export', '--format', 'osv', '--master', master, folder, out], /qsb-903-2023\.txt: cannot read: it is a FIFO/],
      [['digest', '--secpack', folder, '--master', master, fifo, zero], /cannot read: it is a FIFO \(named pipe\)[\s\S]*a device or other special file/],
    ]
    for (const [args, message] of cases) {
      const result = await run(args)
      expect(result.ms, args[0]).toBeLessThan(1000)
      expect(result.status, args[0]).toBe(1)
      expect(`${result.out}${result.err}`, args[0]).toMatch(message)
    }
  })

  it('a document folder that is a link is named, not silently skipped', async () => {
    const linked = join(dir, 'linked')
    cpSync(join(dir, 'checkout'), linked, { recursive: true })
    cpSync(join(linked, 'canaries'), join(linked, 'elsewhere'), { recursive: true })
    rmSync(join(linked, 'canaries'), { recursive: true })
    symlinkSync(join(linked, 'elsewhere'), join(linked, 'canaries'))
    const result = await run(['scan', '--master', master, linked])
    expect(result.status).toBe(1)
    expect(result.out).toMatch(/^ +canaries +error: not a folder of the checkout/m)
    expect(result.out).toMatch(/^not authentic: canaries \(error\)/m)
  })

  it('the size limit is a flag: --max-size', async () => {
    const small = await run(['scan', '--ndjson', '--max-size', '100', '--master', master, join(dir, 'checkout')])
    expect(small.status).toBe(1)
    expect(small.out).toMatch(/"QSBs\/qsb-901-2016\.txt: cannot read: \d+ bytes, larger than the limit of 100 bytes"/)
    const verify = await run(['verify', '--max-size', '100', '--master', master, join(dir, 'checkout/QSBs/qsb-901-2016.txt')])
    expect(verify.out).toMatch(/larger than the limit of 100 bytes/)
    expect((await run(['scan', '--max-size', 'lots', join(dir, 'checkout')])).status).toBe(2)
  })
})

describeWith([gpg], 'a paste with the banner and a cleartext-signed block', () => {
  it('verifies the signed block, and only it is shown as signed', async () => {
    const bulletin = readFileSync(join(dir, 'checkout/QSBs/qsb-902-2022.txt'), 'utf8')
    const signed = execFileSync('gpg', ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '-u', `${fingerprints.alice}!`, '--clearsign'], {
      input: bulletin,
    }).toString()
    const banner = bulletin.split('\n').find((line) => line.includes('---===['))
    const paste = join(dir, 'paste.txt')
    writeFileSync(paste, `${banner}\n\nseen on a forum:\n\n${signed}`)
    const result = await run(['verify', '--json', '--master', master, '--secpack', fixture('secpack'), paste])
    const [record] = JSON.parse(result.out) as Verification[]
    expect(result.status).toBe(0)
    expect(record).toMatchObject({ authentic: true, unwrapped: true, verified: { format: 'cleartext', fidelity: 'exact', span: { start: { line: 8 } } } })
    expect(record?.signatures[0]?.notes).toContain('text before the signed message (lines 1–3) is not signed')
    expect(spawnSync('gpg', ['--homedir', home, '--batch', '--status-fd', '1', '--verify', paste], { encoding: 'utf8' }).stdout).toMatch(/GOODSIG/)
    writeFileSync(paste, `${banner}\n\n${signed.replace('synthetic bulletin', 'Synthetic bulletin')}`)
    const changed = await run(['verify', '--json', '--master', master, '--secpack', fixture('secpack'), paste])
    expect(JSON.parse(changed.out)).toMatchObject([{ authentic: false, signatures: [{ status: 'bad' }] }])
    expect(spawnSync('gpg', ['--homedir', home, '--batch', '--status-fd', '1', '--verify', paste], { encoding: 'utf8' }).stdout).toMatch(/BADSIG/)
  })
})
