/**
 * The folder the examples in the README and the guides run in: a copy of
 * `fixtures/`, plus `secpack-git/`, a git clone made with the `git` command
 * from the fixtures (fixed names, dates and messages, so its commit ids are
 * the same on every machine), and a copy of a scrape with one version number
 * changed.
 *
 *   secpack-git/  QSB-112 (2025, never signed); QSB-901 of 2031: a draft, a
 *                 revision, then alice's and bob's signatures, one commit each
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { root } from './qsb.js'

interface Step {
  message: string
  date: string
  files: Record<string, string>
}

/**
 * Make the workspace.
 *
 * @returns
 *   Its folder (remove it when done).
 */
export function docsWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qsb-docs-'))
  cpSync(join(root, 'fixtures'), dir, { recursive: true })
  const scrape = readFileSync(join(dir, 'reposts/scrape.txt'), 'utf8')
  writeFileSync(join(dir, 'reposts/scrape-changed.txt'), scrape.replace('version 4.17.9-1', 'version 4.17.9-2'))
  const repo = join(dir, 'secpack-git')
  mkdirSync(repo)
  const git = (args: string[], date?: string): void => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', TZ: 'UTC' }
    const dates = date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}
    const people = { GIT_AUTHOR_NAME: 'Alice Example', GIT_AUTHOR_EMAIL: 'alice@example.org', GIT_COMMITTER_NAME: 'Alice Example', GIT_COMMITTER_EMAIL: 'alice@example.org' }
    execFileSync('git', ['-C', repo, '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], { env: { ...env, ...dates, ...people }, stdio: 'pipe' })
  }
  git(['init', '-q', '-b', 'main'])
  const final = readFileSync(join(root, 'fixtures/reposts/qsb-901-2031.txt'), 'utf8')
  const keys = (name: string): string => readFileSync(join(root, 'fixtures/secpack/keys', name), 'utf8')
  const steps: Step[] = [
    {
      message: 'QSB-112: publish',
      date: '2025-02-18T10:00:00+01:00',
      files: {
        'QSBs/qsb-112-2025.txt': readFileSync(join(root, 'fixtures/bulletins/qsb-112-2025.txt'), 'utf8'),
        'keys/master-key/master.asc': keys('master-key/master.asc'),
        'keys/security-team/alice.asc': keys('security-team/alice.asc'),
        'keys/security-team/bob.asc': keys('security-team/bob.asc'),
        'keys/security-team/retired/carol.asc': keys('security-team/retired/carol.asc'),
      },
    },
    { message: 'QSB-901: draft', date: '2031-03-30T18:00:00+02:00', files: { 'QSBs/qsb-901-2031.txt': final.replace('version 4.17.9-1', 'version 4.17.8-1') } },
    { message: 'QSB-901: revise', date: '2031-03-31T09:15:00+02:00', files: { 'QSBs/qsb-901-2031.txt': final } },
    { message: 'QSB-901: sign', date: '2031-04-01T08:00:00+00:00', files: { 'QSBs/qsb-901-2031.txt.sig.alice': readFileSync(join(root, 'fixtures/reposts/qsb-901-2031.txt.sig.alice'), 'utf8') } },
    { message: 'QSB-901: sign', date: '2031-04-01T09:30:00-04:00', files: { 'QSBs/qsb-901-2031.txt.sig.bob': readFileSync(join(root, 'fixtures/reposts/qsb-901-2031.txt.sig.bob'), 'utf8') } },
  ]
  for (const step of steps) {
    for (const [path, text] of Object.entries(step.files)) {
      mkdirSync(dirname(join(repo, path)), { recursive: true })
      writeFileSync(join(repo, path), text)
    }
    git(['add', '-A'])
    git(['commit', '-q', '-m', step.message], step.date)
  }
  return dir
}
