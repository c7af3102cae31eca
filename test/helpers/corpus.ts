/**
 * Where the real-world corpus lives. Tests that need it declare which of its
 * folders they read (`corpus('secpack')` from `./needs.js`) and skip visibly
 * without them.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { corpus, corpusDir } from './needs.js'

export { corpus, corpusDir }

/** Whether the corpus's `secpack/` is present (a fresh clone has no `../shared`). */
export const hasCorpus = corpus('secpack').present

/** Path inside the corpus. */
export function corpusPath(...parts: string[]): string {
  return join(corpusDir, ...parts)
}

/**
 * File names in a corpus folder matching a pattern, sorted: none when the
 * folder is absent (the blocks that use them are skipped then), and an error
 * when it is there but nothing matches, so that no `it.each` vanishes.
 */
export function corpusFiles(folder: string, pattern: RegExp): string[] {
  const entry = corpus(folder.split('/')[0] as string)
  if (!entry.present) return []
  const found = readdirSync(corpusPath(folder))
    .filter((name) => pattern.test(name))
    .sort()
  if (found.length === 0) throw new Error(`No file in ${corpusPath(folder)} matches ${pattern}`)
  return found
}

/** A YAML truth file of the corpus. */
export function readTruth<T>(name: string): T {
  return parseYaml(readFileSync(corpusPath('truth', name), 'utf8')) as T
}
