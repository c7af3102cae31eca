/**
 * GnuPG at test time: a temporary GNUPGHOME with keys made on the spot (a
 * master key and keys it certifies in various roles), signing with them,
 * and GnuPG's own verdicts as the oracle. Tests that need it skip visibly
 * when `gpg` (or `git`) is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { git as gitNeed, gpg as gpgNeed } from './needs.js'

/** Whether `gpg` runs here (the need `gpg`, for guards outside a `describeWith`). */
export const hasGpg = gpgNeed.present
/** Whether `git` runs here. */
export const hasGit = gitNeed.present

/** A key to make: its user id, and whether the master key certifies it. */
export interface KeySpec {
  uid: string
  certify?: boolean
}

/** A temporary GnuPG home with keys made at test time. */
export interface TestGpg {
  home: string
  /** Fingerprints by name (`master` and the names given). */
  fp: Record<string, string>
  /** Run gpg in this home; returns stdout. */
  run(args: readonly string[], input?: string | Uint8Array): Buffer
  /** Write a key's public part, armored, to a path. */
  exportKey(name: string, path: string): void
  /** The environment for git to sign with this home. */
  env: NodeJS.ProcessEnv
  /** GnuPG's verdict on a signature (`--verify` with the arguments given). */
  verdict(args: readonly string[]): GpgVerdict
  /** Stop the agent and remove the home. */
  cleanup(): void
}

/** What GnuPG said: GOODSIG, BADSIG, ERRSIG, NODATA, with the key. */
export interface GpgVerdict {
  status: 'GOODSIG' | 'BADSIG' | 'ERRSIG' | 'EXPSIG' | 'REVKEYSIG' | 'NODATA' | 'NONE'
  /** Fingerprint from VALIDSIG, when GOODSIG. */
  fingerprint: string | null
  /** Key id named. */
  keyId: string | null
}

/**
 * Make a GnuPG home with a master key and keys it certifies.
 *
 * @param keys
 *   Keys by name.
 * @returns
 *   The home.
 */
export function makeGpg(keys: Readonly<Record<string, KeySpec>>): TestGpg {
  const home = mkdtempSync(join(tmpdir(), 'qsb-gpg-'))
  const run = (args: readonly string[], input?: string | Uint8Array): Buffer =>
    execFileSync('gpg', ['--homedir', home, '--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', '--trust-model', 'always', ...args], {
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
  const make = (uid: string, usage: string): string => {
    run(['--quick-gen-key', uid, 'rsa2048', usage, 'never'])
    const listing = run(['--with-colons', '--list-keys', `=${uid}`]).toString()
    return [...listing.matchAll(/^fpr:+([0-9A-F]{40}):/gm)].map((match) => match[1] as string)[0] as string
  }
  const fp: Record<string, string> = { master: make('Test Master Signing Key', 'cert') }
  for (const [name, spec] of Object.entries(keys)) {
    fp[name] = make(spec.uid, 'sign')
    if (spec.certify !== false) run(['--yes', '-u', `${fp.master}!`, '--quick-sign-key', fp[name] as string])
  }
  const env = { ...process.env, GNUPGHOME: home, GIT_CONFIG_NOSYSTEM: '1', HOME: home }
  return {
    home,
    fp,
    run,
    env,
    exportKey(name, path) {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, run(['--armor', '--export', fp[name] as string]))
    },
    verdict(args) {
      const result = spawnSync('gpg', ['--homedir', home, '--batch', '--status-fd', '1', '--trust-model', 'always', '--verify', ...args], { encoding: 'utf8' })
      return parseStatus(result.stdout)
    },
    cleanup() {
      spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' })
      rmSync(home, { recursive: true, force: true })
    },
  }
}

/**
 * Read GnuPG's `--status-fd` lines.
 *
 * @param text
 *   The status output.
 * @returns
 *   The verdict on the first signature.
 */
export function parseStatus(text: string): GpgVerdict {
  const line = (tag: string): string[] | null => {
    const found = text.split('\n').find((entry) => entry.startsWith(`[GNUPG:] ${tag} `) || entry === `[GNUPG:] ${tag}`)
    return found ? found.split(' ').slice(2) : null
  }
  const valid = line('VALIDSIG')
  for (const status of ['GOODSIG', 'BADSIG', 'ERRSIG', 'EXPSIG', 'REVKEYSIG'] as const) {
    const found = line(status)
    if (found) return { status, fingerprint: status === 'GOODSIG' ? (valid?.[0] ?? null) : null, keyId: found[0] ?? null }
  }
  return { status: line('NODATA') ? 'NODATA' : 'NONE', fingerprint: null, keyId: null }
}
