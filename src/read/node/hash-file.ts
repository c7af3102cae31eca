/**
 * Digests of a large file (an ISO of several GB), read once in chunks with
 * both SHA-256 and SHA-512 computed on the way, so memory stays at one chunk.
 * The file is opened as every file here is (`O_NONBLOCK`, then `fstat` on the
 * handle): only a regular file is read, so a FIFO or a device cannot make it
 * wait or run forever.
 */
import { createHash } from 'node:crypto'
import { constants, promises as fs } from 'node:fs'
import { readFailure, type ReadFailure } from './files.js'

/** The digests of a file. */
export interface FileDigests {
  /** Its size in bytes. */
  size: number
  /** SHA-256, lowercase hex. */
  sha256: string
  /** SHA-512, lowercase hex. */
  sha512: string
}

/** Options of {@link hashFile}. */
export interface HashFileOptions {
  /** Called after each chunk with the bytes read so far and the size. */
  onProgress?: ((done: number, size: number) => void) | null | undefined
  /** Chunk size in bytes (default 4 MiB). */
  chunk?: number | null | undefined
}

/**
 * Compute a regular file's SHA-256 and SHA-512 in one streaming pass.
 *
 * @param path
 *   The file.
 * @param options
 *   Progress callback and chunk size (optional).
 * @returns
 *   The digests, or why the file could not be read.
 */
export async function hashFile(path: string, options?: Readonly<HashFileOptions> | null): Promise<FileDigests | { failure: ReadFailure }> {
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK)
    const info = await handle.stat()
    if (!info.isFile()) {
      const reason = `cannot read: it is ${info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a FIFO (named pipe)' : 'a device or other special file'}, not a regular file`
      return { failure: { message: `${path}: ${reason}`, reason, ruleId: 'not-a-file' } }
    }
    const sha256 = createHash('sha256')
    const sha512 = createHash('sha512')
    const buffer = new Uint8Array(options?.chunk ?? 4 * 1024 * 1024)
    let done = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      const chunk = buffer.subarray(0, bytesRead)
      sha256.update(chunk)
      sha512.update(chunk)
      done += bytesRead
      if (done > info.size) {
        const reason = 'cannot read: the file grew while it was read'
        return { failure: { message: `${path}: ${reason}`, reason, ruleId: 'unreadable' } }
      }
      options?.onProgress?.(done, info.size)
    }
    return { size: done, sha256: sha256.digest('hex'), sha512: sha512.digest('hex') }
  } catch (error) {
    return { failure: readFailure(path, error) }
  } finally {
    await handle?.close()
  }
}
