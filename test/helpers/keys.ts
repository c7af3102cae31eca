/**
 * The verification fixtures: synthetic keys and signatures made by
 * `fixtures/keys/generate.mjs`.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** The project's `fixtures/` folder. */
export const fixturesDir = resolve(import.meta.dirname, '../../fixtures')

/** Path inside `fixtures/`. */
export function fixture(...parts: string[]): string {
  return resolve(fixturesDir, ...parts)
}

/** Fingerprints of the synthetic keys, by name (`master`, `alice`, `fakeMaster`, …). */
export const fingerprints = JSON.parse(readFileSync(fixture('keys/fingerprints.json'), 'utf8')) as Record<string, string>

/** The adversarial cases in `fixtures/signatures/` (each `NAME.txt` with its `NAME.txt.sig.*`). */
export const signatureCases = JSON.parse(readFileSync(fixture('signatures/cases.json'), 'utf8')) as string[]
