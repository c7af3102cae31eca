/**
 * What the checkout benchmarks share: the secpack as it stood at the end of
 * 2023 (the corpus bundle) cloned into a temporary folder, and a GnuPG home
 * with every key under its `keys/` imported, for the GnuPG side.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Whether a command runs. */
export function available(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0
}

/**
 * Clone the 2023 checkout and make a GnuPG home with its keys.
 *
 * @param {string} corpus the corpus folder
 * @param {string} name a word for the temporary folders
 * @returns {{ clone: string, home: string, keyFiles: string[], cleanup: () => void }}
 */
export function checkout2023(corpus, name) {
  const clone = mkdtempSync(join(tmpdir(), `qsb-bench-${name}-`))
  const home = mkdtempSync(join(tmpdir(), `qsb-bench-${name}-gpg-`))
  const cleanup = () => {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' })
    rmSync(home, { recursive: true, force: true })
    rmSync(clone, { recursive: true, force: true })
  }
  try {
    execFileSync('git', ['clone', '-q', '-b', 'upto-2023', join(corpus, 'secpack-history-2023.bundle'), clone], { stdio: 'ignore' })
    const keyFiles = execFileSync('find', [join(clone, 'keys'), '-name', '*.asc']).toString().trim().split('\n')
    for (const file of keyFiles) execFileSync('gpg', ['--homedir', home, '--batch', '--import', file], { stdio: 'ignore' })
    return { clone, home, keyFiles, cleanup }
  } catch (error) {
    cleanup()
    throw error
  }
}
