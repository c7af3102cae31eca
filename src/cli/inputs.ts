/**
 * Reading the inputs a command names: files, or `-` for standard input.
 */
import { readFile } from 'node:fs/promises'
import type { Io } from './output.js'

/** The bytes of one input, or why they could not be read. */
export type Input = { name: string; bytes: Uint8Array } | { name: string; error: string }

/** Largest input read (a bulletin is a few kilobytes; a mailbox may be more). */
export const MAX_INPUT = 64 * 1024 * 1024

/**
 * Read one named input.
 *
 * @param name
 *   A path, or `-` for standard input.
 * @param io
 *   Where standard input comes from.
 * @returns
 *   Its bytes, or an error message naming it.
 */
export async function readInput(name: string, io: Io): Promise<Input> {
  try {
    const bytes = name === '-' ? await io.stdin() : await readFile(name)
    if (bytes.byteLength > MAX_INPUT) {
      return { name, error: `${name}: input of ${bytes.byteLength} bytes is larger than ${MAX_INPUT}` }
    }
    return { name, bytes }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : String((error as Error).message)
    return { name, error: `${name}: cannot read: ${reason}` }
  }
}
