/**
 * `qsb lint FILE…`: problems in bulletins, for the people who write them.
 * Like eslint: errors fail the run (exit 1), warnings and notes do not
 * unless `--max-warnings N` is exceeded; `--quiet` shows errors only;
 * `--json`/`--ndjson` give one record per file (docs/lint.schema.json).
 */
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { toRecord } from '../../record/index.js'
import { fromQsb, prettifyMessage, severityOf } from '../../text/index.js'
import { paintFor } from '../colour.js'
import { failureLine, type RecordError } from '../errors.js'
import { exitStatus } from '../exit.js'
import { readInput } from '../inputs.js'
import { type Io, type OutputMode, printJson, safe } from '../output.js'

/** One problem, as `--json` prints it. */
export interface LintMessage {
  /** What is wrong, without the file (the record names it). */
  message: string
  ruleId: string | null
  severity: 'error' | 'warning' | 'info'
  line: number | null
  column: number | null
  endLine: number | null
  endColumn: number | null
}

/** The problems of one file, as `--json` prints it. */
export interface LintResult {
  file: string
  messages: LintMessage[]
  errorCount: number
  warningCount: number
  infoCount: number
  /** Why the file could not be linted at all (unreadable), or null. */
  error: RecordError | null
}

/** Options of `qsb lint`. */
export interface LintOptions {
  /** Errors only. */
  quiet: boolean
  /** Fail when there are more warnings than this; null: warnings never fail. */
  maxWarnings?: number | null
  mode?: OutputMode
}

/**
 * Run `qsb lint`.
 *
 * @param files
 *   Inputs, `-` for standard input.
 * @param io
 *   Where to write.
 * @param options
 *   `--quiet`, `--max-warnings`, output mode.
 * @returns
 *   Exit status: 1 when there is an error (an unreadable file is one) or too
 *   many warnings, 0 otherwise.
 */
export async function runLint(files: readonly string[], io: Io, options: LintOptions): Promise<number> {
  const mode = options.mode ?? 'table'
  const paint = paintFor(io)
  const results: LintResult[] = []
  for (const name of files) {
    const { result, messages, value } = await lintOne(name, io)
    const shown = messages.filter((message) => !options.quiet || message.fatal === true)
    result.messages = shown.map(toLintMessage)
    results.push(result)
    if (mode === 'ndjson') printJson(io, 'ndjson', [result])
    if (mode !== 'table') continue
    if (result.error) io.stdout(`${failureLine(result.error, result.file, paint.bad('error'))}\n`)
    for (const message of shown) {
      const severity = severityOf(message)
      const colour = severity === 'error' ? paint.bad : severity === 'warning' ? paint.warn : paint.dim
      const where = `${safe(message.file || '<input>')}:${message.line ?? 1}:${message.column ?? 1}  `
      const text = prettifyMessage(message, value, safe)
      io.stdout(`${text.startsWith(where + severity) ? where + colour(severity) + text.slice(where.length + severity.length) : text}\n`)
    }
  }
  if (mode === 'json') printJson(io, 'json', results)
  const errors = sum(results, 'errorCount')
  const warnings = sum(results, 'warningCount')
  const tooMany = options.maxWarnings !== null && options.maxWarnings !== undefined && warnings > options.maxWarnings
  if (mode === 'table') io.stdout(summary(results, options.quiet, paint))
  if (tooMany) io.stderr(`qsb lint: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`)
  return errors > 0 || tooMany ? exitStatus.failed : exitStatus.ok
}

async function lintOne(name: string, io: Io): Promise<{ result: LintResult; messages: VFileMessage[]; value: string | undefined }> {
  const result: LintResult = { file: name, messages: [], errorCount: 0, warningCount: 0, infoCount: 0, error: null }
  const input = await readInput(name, io)
  if ('error' in input) {
    result.error = { message: input.error, ruleId: input.ruleId ?? 'unreadable', line: null, column: null }
    result.errorCount = 1
    return { result, messages: [], value: undefined }
  }
  const file = new VFile({ path: name === '-' ? '<stdin>' : name, value: input.bytes })
  try {
    toRecord(fromQsb(file), file)
  } catch (error) {
    // The fatal message is already on `file.messages`; anything else is a bug worth showing.
    if (!(error instanceof VFileMessage)) file.message(String(error), { ruleId: 'internal', source: 'qsb' }).fatal = true
  }
  const messages = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
  for (const message of messages) {
    const severity = severityOf(message)
    if (severity === 'error') result.errorCount++
    else if (severity === 'warning') result.warningCount++
    else result.infoCount++
  }
  return { result, messages, value: typeof file.value === 'string' ? file.value : undefined }
}

function toLintMessage(message: VFileMessage): LintMessage {
  const end = message.place && 'end' in message.place ? message.place.end : null
  return {
    message: message.reason,
    ruleId: message.ruleId ?? null,
    severity: severityOf(message),
    line: message.line ?? null,
    column: message.column ?? null,
    endLine: end?.line ?? null,
    endColumn: end?.column ?? null,
  }
}

function sum(results: readonly LintResult[], field: 'errorCount' | 'warningCount' | 'infoCount'): number {
  return results.reduce((total, result) => total + result[field], 0)
}

/** `3 problems (1 error, 2 warnings) in 2 files`, or `no problems in 1 file`. */
function summary(results: readonly LintResult[], quiet: boolean, paint: ReturnType<typeof paintFor>): string {
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`
  const errors = sum(results, 'errorCount')
  const warnings = quiet ? 0 : sum(results, 'warningCount')
  const notes = quiet ? 0 : sum(results, 'infoCount')
  const total = errors + warnings + notes
  const files = plural(results.length, 'file')
  if (total === 0) return `${paint.good(quiet ? 'no errors' : 'no problems')} in ${files}\n`
  const parts = [
    errors > 0 ? paint.bad(plural(errors, 'error')) : '',
    warnings > 0 ? paint.warn(plural(warnings, 'warning')) : '',
    notes > 0 ? plural(notes, 'note') : '',
  ].filter(Boolean)
  return `${plural(total, 'problem')} (${parts.join(', ')}) in ${files}\n`
}
