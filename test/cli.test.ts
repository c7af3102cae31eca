/**
 * The `qsb` command, run in-process with an in-memory `Io`.
 */
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { QsbRecord } from '../src/record/schema.js'
import { memoryIo } from './helpers/io.js'

const fixtures = resolve(import.meta.dirname, '../fixtures')
const bulletin = resolve(fixtures, 'bulletins/qsb-112-2025.txt')
const canary = resolve(fixtures, 'bulletins/canary-040-2024.txt')
const linted = resolve(fixtures, 'lint/qsb-120-2024.txt')

describe('qsb parse', () => {
  it('prints a table by default', async () => {
    const io = memoryIo()
    expect(await main(['parse', bulletin, canary], io)).toBe(0)
    const [header, ...rows] = io.out().trim().split('\n')
    expect(header).toMatch(/^FILE\s+KIND\s+NO\.\s+DATE\s+TITLE\s+DETAILS$/)
    expect(rows[0]).toMatch(/bulletin\s+112\s+2025-02-18\s+Qrexec argument confusion in a policy helper \(XSA-470\)\s+XSA 470; CVE-2025-0101$/)
    expect(rows[1]).toMatch(/canary\s+040\s+2024-10-01\s+Qubes Canary\s+104 QSBs$/)
  })

  it('prints records that satisfy the schema with --json and --ndjson', async () => {
    const json = memoryIo()
    expect(await main(['parse', '--json', bulletin, canary], json)).toBe(0)
    const records = JSON.parse(json.out()) as unknown[]
    expect(records).toHaveLength(2)
    for (const record of records) expect(QsbRecord.safeParse(record).success).toBe(true)
    const ndjson = memoryIo()
    await main(['parse', '--ndjson', bulletin, canary], ndjson)
    expect(ndjson.out().trim().split('\n').map((line) => JSON.parse(line))).toEqual(records)
  })

  it('reads standard input for -', async () => {
    const { readFileSync } = await import('node:fs')
    const io = memoryIo(readFileSync(bulletin))
    expect(await main(['parse', '--json', '-'], io)).toBe(0)
    expect((JSON.parse(io.out()) as Array<{ number: number; file: string }>)[0]).toMatchObject({ number: 112, file: '-' })
  })

  it('refuses --json with --ndjson', async () => {
    const io = memoryIo()
    expect(await main(['parse', '--json', '--ndjson', bulletin], io)).toBe(2)
    expect(io.err()).toMatch(/choose one/)
  })

  it('escapes control characters and bidi marks from the input', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(resolve(tmpdir(), 'qsb-'))
    const evil = resolve(dir, 'evil.txt')
    const text = readFileSync(bulletin, 'utf8').replace('Qrexec argument', 'Qrexec \u001b[31margument\u202e')
    writeFileSync(evil, text)
    const io = memoryIo()
    await main(['parse', evil], io)
    expect(io.out()).not.toMatch(/[\u001b\u202e]/)
    expect(io.out()).toContain('\\u{1b}[31margument\\u{202e}')
  })
})

describe('qsb lint', () => {
  it('prints each problem with its place, the line, a caret, and the rule; warnings alone exit 0', async () => {
    const io = memoryIo()
    expect(await main(['lint', linted], io)).toBe(0)
    const out = io.out()
    expect(out).toContain(
      `${linted}:4:30  warning  Unexpected date 2025-01-07: the file name's year is 2024  date-year-mismatch`,
    )
    // Data the parser could not read is shown, never dropped (an underline's length is layout, not a problem).
    expect(out).toContain(
      `${linted}:23:3  warning  Unexpected release line \`For Qubes 4.2, in dom0:\` with no package read under it: it is not in \`patches\`  unread-release`,
    )
    expect(out).toContain(`   26 | A fix for Qubes 4.3 needs qubes-core-dom0 4.3.9 as well.\n      |                                           ^^^^^`)
    expect(out).toMatch(/:26:17 {2}warning {2}Unexpected release `4\.3` in a section about patching or user action: it is not in `patches` {2}unread-version/)
    expect(out).not.toContain('short-underline')
    expect(out).toContain(`${linted}:18:47  warning  Unexpected citation \`[4]\` with no reference \`[4]\`  unresolved-citation`)
    expect(out).toContain(`   18 | TODO: describe the issue, citing the advisory [4].\n      |                                               ^^^`)
    expect(out).toMatch(/:18:1 {2}warning {2}Unexpected placeholder `TODO` {2}todo/)
    expect(out).toMatch(/:6:10 {2}info {2}Title wraps over 2 lines/)
  })

  it('exits 0 on a clean bulletin, and shows errors only with --quiet', async () => {
    const io = memoryIo()
    expect(await main(['lint', bulletin], io)).toBe(0)
    expect(io.out()).toBe('no problems in 1 file\n')
    const quiet = memoryIo()
    expect(await main(['lint', '--quiet', linted], quiet)).toBe(0)
    expect(quiet.out()).toBe('no errors in 1 file\n')
  })
})
