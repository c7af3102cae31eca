/**
 * Failures as clean messages: a `SecpackError` for a run that cannot start
 * (no such folder, not a checkout), an `EntryError` for one file that failed
 * while the batch goes on.
 */
import { VFileMessage } from 'vfile-message'
import { readFailure } from '../read/node/index.js'
import type { RuleId } from '../text/index.js'
import type { EntryError } from './schema.js'

/** A failure of the whole run, with a message meant for people (no stack trace needed). */
export class SecpackError extends Error {
  override name = 'SecpackError'
}

/**
 * Describe why one file failed.
 *
 * @param file
 *   The file, as it is shown (relative path).
 * @param error
 *   What was thrown.
 * @param ruleId
 *   Identifier for failures that carry none of their own.
 * @returns
 *   An error naming the file, and the line and column where the parser gave them.
 */
export function entryError(file: string, error: unknown, ruleId: RuleId): EntryError {
  if (error instanceof VFileMessage) {
    return {
      message: `${file}:${error.line ?? 1}:${error.column ?? 1}: ${error.reason}`,
      ruleId: error.ruleId ?? ruleId,
      line: error.line ?? null,
      column: error.column ?? null,
    }
  }
  return { message: `${file}: ${reasonOf(error)}`, ruleId, line: null, column: null }
}

/**
 * The reason of a failure in words, without its stack.
 *
 * @param error
 *   What was thrown.
 * @returns
 *   The message; for a file-system error, the one wording of `read/` (`cannot read: no such file`).
 */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return readFailure('', error).reason
  return error instanceof Error ? error.message : String(error)
}
