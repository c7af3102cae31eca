/**
 * Reading files for every command and function that takes paths: only
 * regular files, each under a size limit, and one wording for every failure.
 *
 * The type is checked on the open file handle (`fstat` after opening with
 * `O_NONBLOCK`), never with a `stat` before opening: between the two a file
 * can be swapped for a FIFO, which would then block the read forever. The
 * non-blocking open itself returns at once on a FIFO with no writer. Reads
 * stop one byte past the limit, so an endless device (`/dev/zero`) or a file
 * that grows while it is read costs at most the limit.
 *
 * Synchronous on purpose: these files are small and bounded, and a
 * thread-pool round trip per call (open, stat, read, close) costs some 25
 * times the read itself.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs'
import type { RuleId } from '../../text/index.js'
import { limits } from '../../verify/index.js'

/** Why a file could not be read. */
export interface ReadFailure {
  /** The path, and the reason in plain words: `QSBs/x.txt: cannot read: no such file`. */
  message: string
  /** The reason alone: `cannot read: no such file`. */
  reason: string
  ruleId: Extract<RuleId, 'unreadable' | 'not-a-file' | 'too-large'>
}

/** The bytes of a file, or why not. */
export type FileRead = { bytes: Uint8Array } | { failure: ReadFailure }

/** Limits on what is read, in bytes. */
export const readLimits = {
  /** A document: a bulletin is a few KB; a mailbox or page may be more (the verifier's own limit). */
  document: limits.document,
  /** A detached signature: a real one is under 1 KiB (the verifier's own limit). */
  signature: limits.signature,
  /** A key file: the whole Qubes keyring is under 1 MiB. */
  key: 4 * 1024 * 1024,
}

const systemReasons: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a folder)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ELOOP: 'too many levels of links',
  EIO: 'input/output error',
  ENXIO: 'no such device',
  EAGAIN: 'the file would block (a FIFO or device)',
}

/**
 * A failure to read, in the one wording every command uses.
 *
 * @param path
 *   The path as given.
 * @param error
 *   What was thrown, or the reason in words.
 * @returns
 *   The failure.
 */
export function readFailure(path: string, error: unknown): ReadFailure {
  const code = (error as { code?: unknown } | null)?.code
  const words =
    typeof error === 'string'
      ? error
      : typeof code === 'string' && code in systemReasons
        ? (systemReasons[code] as string)
        : error instanceof Error
          ? error.message
          : String(error)
  const reason = `cannot read: ${words}`
  return { message: `${path}: ${reason}`, reason, ruleId: 'unreadable' }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}

/** What a file that is not regular is, in words. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder'
  if (info.isFIFO()) return 'a FIFO (named pipe)'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  if (info.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * Read a regular file of at most `max` bytes.
 *
 * @param path
 *   The path.
 * @param max
 *   Largest size accepted.
 * @returns
 *   The bytes, or the failure (no such file, not a regular file, too large).
 */
export function readRegularFile(path: string, max: number): FileRead {
  let descriptor: number | undefined
  try {
    // `O_NOFOLLOW` is not used: a link inside a checkout to a file in it is fine; callers that care check where links lead.
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
    const info = fstatSync(descriptor)
    if (!info.isFile()) {
      const reason = `cannot read: it is ${kindOf(info)}, not a regular file`
      return { failure: { message: `${path}: ${reason}`, reason, ruleId: 'not-a-file' } }
    }
    if (info.size > max) {
      const reason = `cannot read: ${info.size} bytes, larger than the limit of ${max} bytes`
      return { failure: { message: `${path}: ${reason}`, reason, ruleId: 'too-large' } }
    }
    // Read one byte past the size: a file may grow between `fstat` and `read`.
    const buffer = new Uint8Array(Math.min(info.size, max) + 1)
    let length = 0
    for (;;) {
      const read = readSync(descriptor, buffer, length, buffer.length - length, null)
      if (read === 0) break
      length += read
      if (length === buffer.length) {
        const reason = length > max ? `cannot read: larger than the limit of ${max} bytes` : 'cannot read: the file grew while it was read'
        return { failure: { message: `${path}: ${reason}`, reason, ruleId: length > max ? 'too-large' : 'unreadable' } }
      }
    }
    return { bytes: buffer.subarray(0, length) }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT' && isLink(path)) return { failure: readFailure(path, 'it is a link to a missing file') }
    return { failure: readFailure(path, error) }
  } finally {
    if (descriptor !== undefined) closeSync(descriptor)
  }
}
