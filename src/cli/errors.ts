/**
 * Turning a failure into the `error` a record carries, never a stack trace.
 */
import { VFileMessage } from 'vfile-message'

/** The `error` field of a record that could not be produced. */
export interface RecordError {
  message: string
  ruleId: string | null
  line: number | null
  column: number | null
}

/**
 * Describe a failure.
 *
 * @param file
 *   The input's name.
 * @param error
 *   What was thrown.
 * @returns
 *   A record error; messages name the file and place.
 */
export function toRecordError(file: string, error: unknown): RecordError {
  if (error instanceof VFileMessage) {
    return {
      message: `${file}:${error.line ?? 1}:${error.column ?? 1}: ${error.reason}`,
      ruleId: error.ruleId ?? null,
      line: error.line ?? null,
      column: error.column ?? null,
    }
  }
  const reason = error instanceof Error ? error.message : String(error)
  return { message: `${file}: ${reason}`, ruleId: null, line: null, column: null }
}
