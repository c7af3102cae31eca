/**
 * Errors as people read them: a failed document in one line that names the
 * path once (`QSBs/x.txt: cannot read: no such file`), and the checks on
 * input folders that happen before a command starts (exit status 2).
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { readFailure } from '../read/node/index.js'
import { safe } from './output.js'
import { UsageError } from './spec.js'

/** The error of a record (`{ message, ruleId, line, column }`); its message names the file once. */
export interface RecordError {
  message: string
  ruleId: string | null
  line: number | null
  column: number | null
}

/**
 * Split an error message into its place and its reason: `x.txt:3:1: No
 * bulletin found` gives `x.txt:3:1` and `No bulletin found`. Messages name
 * their file first (`FILE: reason`, `FILE:LINE:COLUMN: reason`).
 *
 * @param error
 *   The record's error.
 * @param file
 *   The record's file, when known.
 * @returns
 *   The place (the file, with line and column when known) and the reason.
 */
export function splitError(error: Pick<RecordError, 'message' | 'line' | 'column'>, file: string | null): { place: string; reason: string } {
  const at = error.line !== null ? `:${error.line}${error.column !== null ? `:${error.column}` : ''}` : ''
  if (file !== null) {
    for (const prefix of [`${file}${at}: `, `${file}: `]) {
      if (error.message.startsWith(prefix)) return { place: `${file}${at}`, reason: error.message.slice(prefix.length) }
    }
  }
  return { place: file === null ? '-' : `${file}${at}`, reason: error.message }
}

/**
 * One line for a failed record: `PLACE: WORD: reason`, the path once.
 *
 * @param error
 *   The record's error.
 * @param file
 *   The record's file.
 * @param word
 *   The status word, already coloured (`NOT VERIFIED`, `error`).
 * @returns
 *   The line, made safe to print, without a newline.
 */
export function failureLine(error: Pick<RecordError, 'message' | 'line' | 'column'>, file: string | null, word: string): string {
  const { place, reason } = splitError(error, file)
  return `${safe(place)}: ${word}: ${safe(reason)}`
}

/**
 * Check an input folder before a command reads it: it must exist and be a
 * folder (and, for `git`, hold a git clone). Throws a `UsageError` with the
 * one wording of read failures otherwise.
 *
 * @param path
 *   The folder, as given.
 * @param need
 *   `dir` any folder, `git` a git clone (work tree with `.git`, or a bare repository).
 * @param command
 *   The command's name, for the hint.
 */
export function checkFolder(path: string, need: 'dir' | 'git', command: string): void {
  let isFolder = false
  try {
    isFolder = statSync(path).isDirectory()
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new UsageError(code === 'ENOENT' ? `${path}: cannot read: no such folder` : readFailure(path, error).message)
  }
  if (!isFolder) throw new UsageError(`${path}: cannot read: it is a file, not a folder`)
  if (need === 'git' && !existsSync(join(path, '.git')) && !existsSync(join(path, 'HEAD'))) {
    throw new UsageError(
      `${path}: not a git checkout: ${command} reads the git history, so it needs a git clone of the secpack (\`qsb scan\` works on a plain folder)`,
    )
  }
}
