/**
 * GnuPG as an oracle: its verdict on a signature, with keys imported into a
 * throw-away GNUPGHOME and the pinned master key given as the one trusted
 * key, so that its validity (TRUST_* status) says whether the master key's
 * certification counts. Tests skip the comparison visibly when `gpg` is missing.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** What GnuPG said about one detached signature. */
export interface GnupgVerdict {
  /** The signature status keyword (`GOODSIG`, `BADSIG`, `ERRSIG`, `REVKEYSIG`, `EXPKEYSIG`, `EXPSIG`), or `NODATA` when none. */
  status: string
  /** The validity keyword after `TRUST_` (`FULLY`, `ULTIMATE`, `UNDEFINED`, `NEVER`, …), or null. */
  trust: string | null
  /** For `ERRSIG`: GnuPG's return code (9: no public key, 4: unsupported algorithm, 5: unknown digest). */
  code: string | null
  /** Every status line, for messages. */
  lines: string[]
}

/**
 * Ask GnuPG about a detached signature.
 *
 * @param input
 *   The key files to import (in order), the master key's id to trust, the document and its signature.
 * @returns
 *   GnuPG's verdict.
 */
export function gnupgVerify(input: { keys: Uint8Array[]; master: string; document: Uint8Array; signature: Uint8Array }): GnupgVerdict {
  const home = mkdtempSync(join(tmpdir(), 'qsb-gnupg-'))
  try {
    const base = ['--homedir', home, '--batch', '--no-tty', '--no-autostart', '--no-default-keyring', '--keyring', join(home, 'pubring.kbx')]
    input.keys.forEach((bytes, index) => writeFileSync(join(home, `key-${index}.gpg`), bytes))
    if (input.keys.length > 0) {
      spawnSync('gpg', [...base, '--import', ...input.keys.map((_, index) => join(home, `key-${index}.gpg`))], { encoding: 'utf8' })
    }
    writeFileSync(join(home, 'document'), input.document)
    writeFileSync(join(home, 'document.sig'), input.signature)
    const run = spawnSync(
      'gpg',
      [...base, '--trusted-key', input.master.slice(-16), '--status-fd', '1', '--verify', join(home, 'document.sig'), join(home, 'document')],
      { encoding: 'utf8' },
    )
    const lines = run.stdout.split('\n').filter((line) => line.startsWith('[GNUPG:] ')).map((line) => line.slice(9))
    const signature = lines.find((line) => /^(?:GOODSIG|BADSIG|ERRSIG|REVKEYSIG|EXPKEYSIG|EXPSIG) /.test(line))
    const trust = lines.find((line) => line.startsWith('TRUST_'))
    const [status = 'NODATA', ...fields] = signature?.split(' ') ?? []
    return {
      status,
      trust: trust ? (trust.split(' ')[0] as string).slice(6) : null,
      code: status === 'ERRSIG' ? (fields[5] ?? null) : null,
      lines,
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
