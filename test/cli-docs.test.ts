/**
 * The README's command section and the guides show real output: every
 * fenced `console` block is a session (`$ qsb …` lines, each followed by what
 * it prints, standard output and standard error as a terminal interleaves
 * them), run here through the built `qsb` in a workspace made from the
 * fixtures (`helpers/docs-workspace.ts`), and compared line for line.
 * `UPDATE=1` rewrites the blocks with what the commands print now.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { docsWorkspace } from './helpers/docs-workspace.js'
import { cleanEnv, qsbPath, root } from './helpers/qsb.js'
import { build, describeWith, git } from './helpers/needs.js'


const documents = ['README.md', ...readdirSync(join(root, 'docs/guides')).filter((name) => name.endsWith('.md')).map((name) => `docs/guides/${name}`)]

interface Session {
  command: string
  output: string
}

/** The `console` blocks of a Markdown text: where each starts and ends, and its sessions. */
function consoleBlocks(text: string): Array<{ start: number; end: number; sessions: Session[] }> {
  const blocks: Array<{ start: number; end: number; sessions: Session[] }> = []
  for (const match of text.matchAll(/^```console\n([\s\S]*?)^```$/gm)) {
    const body = match[1] as string
    const sessions: Session[] = []
    for (const line of body.split('\n').slice(0, -1)) {
      if (line.startsWith('$ ')) sessions.push({ command: line.slice(2), output: '' })
      else if (sessions.length > 0) (sessions.at(-1) as Session).output += `${line}\n`
    }
    const start = (match.index ?? 0) + '```console\n'.length
    blocks.push({ start, end: start + body.length, sessions })
  }
  return blocks
}

function run(command: string, cwd: string): string {
  expect(command, 'an example runs qsb').toMatch(/^qsb /)
  const result = spawnSync('sh', ['-c', `${command.replace(/^qsb /, `"${process.execPath}" "${qsbPath}" `)} 2>&1`], {
    cwd,
    env: cleanEnv({ COLUMNS: '200' }),
    encoding: 'utf8',
    timeout: 120_000,
  })
  return result.stdout
}

describeWith([build, git], 'the examples in the README and the guides', () => {
  let workspace = ''
  beforeAll(() => {
    workspace = docsWorkspace()
  })
  afterAll(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true })
  })

  it('README.md and every guide have examples', () => {
    const counted = documents.map((name) => [name, consoleBlocks(readFileSync(join(root, name), 'utf8')).length] as const)
    expect(counted.filter(([, count]) => count === 0)).toEqual([])
  })

  it.each(documents)('%s shows what the commands print now (UPDATE=1 rewrites it)', (name) => {
    const path = join(root, name)
    let text = readFileSync(path, 'utf8')
    const blocks = consoleBlocks(text)
    const stale: string[] = []
    // From the last block back, so that rewriting one leaves the others' offsets alone.
    for (const block of [...blocks].reverse()) {
      const actual = block.sessions.map((session) => ({ command: session.command, output: run(session.command, workspace) }))
      for (const [index, session] of block.sessions.entries()) {
        if (actual[index]?.output !== session.output) stale.push(`$ ${session.command}\n--- shown\n${session.output}--- printed\n${actual[index]?.output}`)
      }
      text = text.slice(0, block.start) + actual.map((session) => `$ ${session.command}\n${session.output}`).join('') + text.slice(block.end)
    }
    if (process.env.UPDATE === '1') writeFileSync(path, text)
    else expect(stale, `${name} is stale: run UPDATE=1 npx vitest run test/cli-docs.test.ts`).toEqual([])
  }, 300_000)
})
