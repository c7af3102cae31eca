/**
 * Whether to colour is decided from the streams and the environment only,
 * always as a real boolean: picocolors' `createColors(undefined)` falls back
 * to its own guess (colour whenever `CI` is set), which once coloured the
 * library's plain descriptions in a CI log.
 */
import { describe, expect, it } from 'vitest'
import { noPaint, paintFor, wantsColour } from '../src/cli/colour.js'
import type { Io } from '../src/cli/output.js'

describe('wantsColour', () => {
  it.each([
    ['no terminal, empty environment', { isTTY: false, env: {} }, false],
    ['isTTY missing (a stream that is not a terminal)', { env: {} }, false],
    ['isTTY missing, CI set', { env: { CI: '1' } }, false],
    ['a terminal', { isTTY: true, env: {} }, true],
    ['a dumb terminal', { isTTY: true, env: { TERM: 'dumb' } }, false],
    ['NO_COLOR on a terminal', { isTTY: true, env: { NO_COLOR: '1' } }, false],
    ['an empty NO_COLOR is not set', { isTTY: true, env: { NO_COLOR: '' } }, true],
    ['FORCE_COLOR in a pipe', { isTTY: false, env: { FORCE_COLOR: '1' } }, true],
    ['FORCE_COLOR=0 on a terminal', { isTTY: true, env: { FORCE_COLOR: '0' } }, false],
    ['FORCE_COLOR=false on a terminal', { isTTY: true, env: { FORCE_COLOR: 'false' } }, false],
  ])('%s', (_what, io, expected) => {
    expect(wantsColour(io as Pick<Io, 'isTTY' | 'env'>)).toBe(expected)
  })
})

describe('paint', () => {
  it('noPaint leaves text unchanged, whatever the process environment says', () => {
    expect(noPaint.enabled).toBe(false)
    for (const style of [noPaint.good, noPaint.warn, noPaint.bad, noPaint.dim, noPaint.strong]) expect(style('AUTHENTIC')).toBe('AUTHENTIC')
  })

  it('an io without isTTY gets no colour, and a forced one gets escapes', () => {
    expect(paintFor({ env: {} } as unknown as Io).good('x')).toBe('x')
    expect(paintFor({ isTTY: false, env: { FORCE_COLOR: '1' } } as unknown as Io).good('x')).toBe('\u001b[32mx\u001b[39m')
  })
})
