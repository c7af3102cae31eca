/**
 * Reading the inputs a command names: files, or `-` for standard input.
 */
import { readLimits, readRegularFile } from '../read/node/index.js'
import type { Io } from './output.js'

/** The bytes of one input, or why they could not be read (`error`: the path once, the reason in plain words). */
export type Input = { name: string; bytes: Uint8Array } | { name: string; error: string; ruleId?: string }

/** Largest input read (a bulletin is a few kilobytes; a mailbox may be more). */
export const MAX_INPUT = readLimits.document

/**
 * Read one named input: only a regular file, under the size limit (or standard input).
 *
 * @param name
 *   A path, or `-` for standard input.
 * @param io
 *   Where standard input comes from.
 * @returns
 *   Its bytes, or an error message naming it.
 */
export async function readInput(name: string, io: Io): Promise<Input> {
  if (name !== '-') {
    const read = readRegularFile(name, MAX_INPUT)
    return 'failure' in read ? { name, error: read.failure.message, ruleId: read.failure.ruleId } : { name, bytes: read.bytes }
  }
  const bytes = await io.stdin()
  if (bytes.byteLength > MAX_INPUT) return { name, error: `-: cannot read: larger than the limit of ${MAX_INPUT} bytes`, ruleId: 'too-large' }
  return { name, bytes }
}
