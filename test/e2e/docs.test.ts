/**
 * The API reference in `docs/api/` is generated from the JSDoc by typedoc
 * (`npm run docs`), which also fails on an exported function without
 * documentation or a broken link. This test regenerates it into a temporary
 * folder and compares: the committed reference must be current.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

function files(folder: string): Map<string, string> {
  const found = new Map<string, string>()
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name)
      if (statSync(full).isDirectory()) walk(full)
      else found.set(relative(folder, full), readFileSync(full, 'utf8'))
    }
  }
  walk(folder)
  return found
}

describe('API reference', () => {
  it('docs/api is what typedoc generates from the JSDoc now (run `npm run docs` after changing the API)', () => {
    const out = mkdtempSync(join(tmpdir(), 'qsb-docs-'))
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--out', out], { cwd: root, stdio: 'pipe' })
      const generated = files(out)
      const committed = files(join(root, 'docs/api'))
      expect([...committed.keys()].sort()).toEqual([...generated.keys()].sort())
      for (const [name, text] of generated) expect(committed.get(name), name).toBe(text)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 120_000)
})
