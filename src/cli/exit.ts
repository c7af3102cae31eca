/**
 * The exit statuses of `qsb`, one table for every command (the README's
 * "Exit status" table says the same):
 *
 * | status | meaning |
 * | --- | --- |
 * | 0 | all fine: every document authentic, parsed, traced; lint found no error |
 * | 1 | something is not authentic or cannot be checked (a key is missing), or a document failed (unreadable, unparsable); lint found errors, or more warnings than `--max-warnings` |
 * | 2 | usage: an unknown option, a missing operand, a bad value; or an input folder that cannot be read or used (no such folder, not a git clone), or keys that cannot be read |
 */

/** The exit statuses by meaning. */
export const exitStatus = {
  /** All fine. */
  ok: 0,
  /** Something is not authentic, cannot be checked, or failed. */
  failed: 1,
  /** A usage error, or an input folder that cannot be used. */
  usage: 2,
} as const
