/**
 * Revocation certificates in a checkout's keys folder, read from disk by
 * `loadKeyring` (`src/read/node/keys.ts`): a `.rev` file beside the keys
 * revokes the key it names; one disarmed by GnuPG's leading colon does not
 * (as for GnuPG), and says so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadKeyring, verifyFile } from '../../src/index.js'
import { gnupgVerify } from '../helpers/gnupg.js'
import { armor } from '../helpers/openpgp-writer.js'
import { bulletin, dataSig, keyRevocation, masterFile, reasons, teamFile, world } from './world.js'
import { gpg, itWith } from '../helpers/needs.js'

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

const revocation = keyRevocation(world.alice, { hashed: [reasons.compromised('key material leaked')] })
const preamble = 'This is a revocation certificate for the OpenPGP key:\n\nuid  Alice Example\n\n'

/** A checkout with the master key, Alice's key, a signed bulletin, and the given extra files in keys/security-team. */
function checkout(extra: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(joinPath(tmpdir(), 'qsb-keys-'))
  roots.push(root)
  for (const folder of ['keys/master-key', 'keys/security-team/retired', 'QSBs']) mkdirSync(joinPath(root, folder), { recursive: true })
  writeFileSync(joinPath(root, 'keys/master-key/master.asc'), armor('PUBLIC KEY BLOCK', masterFile()))
  writeFileSync(joinPath(root, 'keys/security-team/alice.asc'), armor('PUBLIC KEY BLOCK', teamFile()))
  for (const [name, bytes] of Object.entries(extra)) writeFileSync(joinPath(root, 'keys/security-team', name), bytes)
  writeFileSync(joinPath(root, 'QSBs/qsb-903-2016.txt'), bulletin)
  writeFileSync(joinPath(root, 'QSBs/qsb-903-2016.txt.sig.alice'), armor('SIGNATURE', dataSig()))
  return root
}

describe('revocation certificates in the keys folder', () => {
  it('a `.rev` file revokes the key it names', async () => {
    const rev = `${preamble}${armor('PUBLIC KEY BLOCK', revocation, 'Comment: This is a revocation certificate\n')}`
    const root = checkout({ 'alice.rev': rev })
    const keyring = await loadKeyring({ secpack: root, master: world.master.fingerprint })
    expect(keyring.diagnostics).toEqual([])
    const result = await verifyFile(joinPath(root, 'QSBs/qsb-903-2016.txt'), keyring)
    expect(result.authentic).toBe(false)
    expect(result.signatures[0]).toMatchObject({ status: 'bad', fingerprint: world.alice.fingerprint })
    expect(result.signatures[0]?.notes.join()).toMatch(/key compromised: key material leaked/)
    expect(result.master).toBe(world.master.fingerprint)
  })

  itWith([gpg], 'GnuPG, given the same files, also calls the key revoked', () => {
    const verdict = gnupgVerify({
      keys: [masterFile(), teamFile(), new TextEncoder().encode(`${preamble}${armor('PUBLIC KEY BLOCK', revocation)}`)],
      master: world.master.fingerprint,
      document: bulletin,
      signature: dataSig(),
    })
    expect(verdict.status).toBe('REVKEYSIG')
  })

  it('a certificate disarmed by a colon before `-----BEGIN` is not applied, and the keyring says so', async () => {
    const disarmed = `${preamble}:${armor('PUBLIC KEY BLOCK', revocation)}`
    const root = checkout({ 'alice.rev': disarmed })
    const keyring = await loadKeyring({ secpack: root, master: world.master.fingerprint })
    expect(keyring.diagnostics.join()).toMatch(/alice\.rev: a revocation certificate disarmed by a colon/)
    const result = await verifyFile(joinPath(root, 'QSBs/qsb-903-2016.txt'), keyring)
    expect(result.signatures[0]?.status).toBe('good')
  })

  itWith([gpg], 'GnuPG does not apply the disarmed certificate either', () => {
    const verdict = gnupgVerify({
      keys: [masterFile(), teamFile(), new TextEncoder().encode(`${preamble}:${armor('PUBLIC KEY BLOCK', revocation)}`)],
      master: world.master.fingerprint,
      document: bulletin,
      signature: dataSig(),
    })
    expect(`${verdict.status}/${verdict.trust}`).toBe('GOODSIG/FULLY')
  })

  it('a lone signature that is no revocation is reported, not applied', async () => {
    const root = checkout({ 'stray.asc': armor('SIGNATURE', dataSig()) })
    const keyring = await loadKeyring({ secpack: root, master: world.master.fingerprint })
    expect(keyring.diagnostics.join()).toMatch(/stray\.asc: ignored a standalone signature of type 0x00 .*only revocations stand alone/)
  })
})
