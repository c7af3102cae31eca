/**
 * Bad input gets a record or a clean error naming the file and place — never
 * a stack trace — and never stops a batch.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { VFileMessage } from 'vfile-message'
import { describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { parse } from '../src/read/index.js'
import type { QsbRecord } from '../src/record/schema.js'
import { memoryIo } from './helpers/io.js'

const fixture = resolve(import.meta.dirname, '../fixtures/bulletins/qsb-112-2025.txt')
const text = readFileSync(fixture, 'utf8')

function failure(input: string | Uint8Array, path = 'input.txt'): VFileMessage {
  try {
    parse(input, { path })
  } catch (error) {
    expect(error).toBeInstanceOf(VFileMessage)
    return error as VFileMessage
  }
  throw new Error('expected a failure')
}

/** The fields that do not depend on byte offsets. */
function content(record: QsbRecord): unknown {
  const { sections, diagnostics, file, ...rest } = record
  const headings = (list: QsbRecord['sections']): unknown =>
    list.map((section) => ({ heading: section.heading, text: section.text.replace(/\r\n/g, '\n'), children: headings(section.children) }))
  return { ...rest, sections: headings(sections) }
}

describe('bad input', () => {
  it('empty input: a clean error at 1:1', () => {
    const error = failure('', 'empty.txt')
    expect(error.ruleId).toBe('missing-banner')
    expect(String(error)).toBe('empty.txt:1:1: Unexpected empty document, expected a bulletin or canary')
  })

  it('binary noise: a clean error naming the place of the first NUL', () => {
    const noise = new Uint8Array(4096)
    let seed = 7
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0
      noise[i] = seed >>> 24
    }
    noise[100] = 0
    const error = failure(noise, 'noise.bin')
    expect(error.ruleId).toBe('binary')
    expect(error.file).toBe('noise.bin')
    expect(error.line).toBeGreaterThanOrEqual(1)
  })

  it('text without a banner: a clean error', () => {
    expect(failure('Hello\nworld\n').ruleId).toBe('missing-banner')
  })

  it('a truncated bulletin still gives a record, with what it has', () => {
    const cut = text.slice(0, text.indexOf('Impact'))
    const record = parse(cut, { path: 'cut.txt' })
    expect(record.kind).toBe('bulletin')
    expect(record.number).toBe(112)
    expect(record.sections.map((section) => section.heading)).toEqual(['User action', 'Summary'])
  })

  it('a bulletin cut inside its banner: a clean error', () => {
    expect(failure(text.slice(0, 30)).ruleId).toBe('missing-banner')
  })

  it('CRLF line endings give the same record', () => {
    const crlf = parse(text.replace(/\n/g, '\r\n'), { path: 'crlf.txt' })
    expect(content(crlf)).toEqual(content(parse(text, { path: 'lf.txt' })))
  })

  it('a byte-order mark gives the same record', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])
    expect(content(parse(bom))).toEqual(content(parse(text)))
  })

  it('invalid UTF-8 is reported with its place, not fatal', () => {
    const bytes = new TextEncoder().encode(text)
    const broken = new Uint8Array([...bytes.slice(0, 200), 0xff, 0xfe, ...bytes.slice(200)])
    const record = parse(broken, { path: 'broken.txt' })
    expect(record.diagnostics.some((diagnostic) => diagnostic.ruleId === 'encoding')).toBe(true)
  })

  it('unicode dashes in the banner and underlines', () => {
    const dashed = text
      .replace('---===[', '—–-===[')
      .replace(']===---', ']===—––')
      .replace(/^-{3,}$/gm, (line) => '—'.repeat(line.length))
    const record = parse(dashed)
    expect(content(record)).toEqual(content(parse(text)))
  })

  it('10 MB of one repeated line: a clean error, quickly enough to finish', () => {
    const line = 'The quick brown fox jumps over the lazy dog [1] XSA-1, 2, 3 - 4\n'
    const big = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length))
    expect(failure(big).ruleId).toBe('missing-banner')
    const record = parse(text.replace('Summary\n--------\n', `Summary\n--------\n\n${big}`))
    expect(record.kind).toBe('bulletin')
  })

  it('one 10 MB line: no regular expression backtracks badly', () => {
    const record = parse(`${text}\n${' '.repeat(5 * 1024 * 1024)}x${'-'.repeat(5 * 1024 * 1024)}\n`)
    expect(record.number).toBe(112)
  })
})

describe('batches', () => {
  it('a bad input never stops a batch, and never prints a stack', async () => {
    const io = memoryIo()
    const status = await main(['parse', '--ndjson', fixture, 'missing.txt', fixture], io)
    expect(status).toBe(1)
    const lines = io.out().trim().split('\n').map((line) => JSON.parse(line) as { error?: { message: string } })
    expect(lines).toHaveLength(3)
    expect(lines[1]?.error?.message).toBe('missing.txt: cannot read: no such file')
    expect(io.err()).not.toMatch(/\bat .*\(.*:\d+:\d+\)/)
  })

  it('usage errors exit 2', async () => {
    const io = memoryIo()
    expect(await main(['parse'], io)).toBe(2)
    expect(await main(['parse', '--bogus', fixture], io)).toBe(2)
    expect(await main(['frobnicate'], io)).toBe(2)
  })
})
