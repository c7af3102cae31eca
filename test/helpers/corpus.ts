/**
 * Where the real-world corpus lives, and how tests that need it skip without it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'

/** `../shared/corpus` from the project root. */
export const corpusDir = resolve(import.meta.dirname, '../../../shared/corpus')
/** Whether the corpus is present (a fresh clone has no `../shared`). */
export const hasCorpus = existsSync(join(corpusDir, 'secpack'))

if (!hasCorpus) {
  console.warn(`[corpus] ${corpusDir} not found: tests that read the real corpus are skipped`)
}

/** Path inside the corpus. */
export function corpusPath(...parts: string[]): string {
  return join(corpusDir, ...parts)
}

/** File names in a corpus folder matching a pattern, sorted. */
export function corpusFiles(folder: string, pattern: RegExp): string[] {
  if (!hasCorpus) return []
  return readdirSync(corpusPath(folder))
    .filter((name) => pattern.test(name))
    .sort()
}

/** A YAML truth file of the corpus. */
export function readTruth<T>(name: string): T {
  return parseYaml(readFileSync(corpusPath('truth', name), 'utf8')) as T
}
