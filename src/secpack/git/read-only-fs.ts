/**
 * A read-only file system for isomorphic-git over a git directory that does
 * not change during a run. isomorphic-git looks for every object as a loose
 * file before its packs, and probes its `fs` on every call; answering those
 * from a listing read once halves the time to read the secpack's history.
 * `packed-refs` is read once too: isomorphic-git reads it again for every
 * ref it resolves, which made resolving the secpack's 800 tags take seconds.
 */
import { promises as fs } from 'node:fs'
import { basename, dirname } from 'node:path'

const looseObject = /[\\/]objects[\\/][0-9a-f]{2}[\\/][0-9a-f]{38}$/

/** The promise API isomorphic-git calls. */
export interface PromiseFileSystem {
  readFile(path: string, options?: unknown): Promise<Uint8Array | string>
  writeFile(): Promise<never>
  mkdir(): Promise<never>
  rmdir(): Promise<never>
  unlink(): Promise<never>
  symlink(): Promise<never>
  stat(path: string): Promise<unknown>
  lstat(path: string): Promise<unknown>
  readdir(path: string): Promise<string[]>
  readlink(path: string): Promise<string>
}

/**
 * Make a read-only, caching file system for isomorphic-git.
 *
 * @returns
 *   An object with a `promises` API; writes fail with `EROFS`.
 */
export function readOnlyFileSystem(): { promises: PromiseFileSystem } {
  const listings = new Map<string, Promise<Set<string> | null>>()
  const stats = new Map<string, Promise<unknown>>()
  const packedRefs = new Map<string, Promise<Uint8Array>>()

  function listing(folder: string): Promise<Set<string> | null> {
    let found = listings.get(folder)
    if (!found) {
      found = fs.readdir(folder).then(
        (names) => new Set(names),
        () => null,
      )
      listings.set(folder, found)
    }
    return found
  }

  const promises: PromiseFileSystem = {
    async readFile(path, options) {
      // isomorphic-git probes with no path, twice per call, to learn whether the API is promise-based.
      if (typeof path !== 'string') throw missingPath
      if (looseObject.test(path)) {
        // `objects/` is listed once: a fan-out folder it lacks (all of them, in a fresh clone) costs no failing syscall.
        const folder = dirname(path)
        const fanOut = await listing(dirname(folder))
        if (fanOut && !fanOut.has(basename(folder))) throw missingObject
        const names = await listing(folder)
        // Most objects are packed: one shared error for every miss, as building an error per object costs more than reading it.
        if (!names?.has(basename(path))) throw missingObject
      }
      if (basename(path) === 'packed-refs') {
        let found = packedRefs.get(path)
        if (!found) {
          found = fs.readFile(path)
          found.catch(() => undefined)
          packedRefs.set(path, found)
        }
        const bytes = await found
        return typeof options === 'string' || (options as { encoding?: string } | undefined)?.encoding ? new TextDecoder().decode(bytes) : bytes
      }
      return fs.readFile(path, options as Parameters<typeof fs.readFile>[1]) as Promise<Uint8Array | string>
    },
    async readdir(path) {
      const names = await listing(path)
      if (!names) throw notFound(path)
      return [...names]
    },
    stat(path) {
      let found = stats.get(path)
      if (!found) {
        found = fs.stat(path)
        // A failed stat is remembered too; keep the rejection from being reported as unhandled.
        found.catch(() => undefined)
        stats.set(path, found)
      }
      return found
    },
    lstat: (path) => fs.lstat(path),
    readlink: (path) => fs.readlink(path),
    writeFile: readOnly,
    mkdir: readOnly,
    rmdir: readOnly,
    unlink: readOnly,
    symlink: readOnly,
  }
  return { promises }
}

const missingPath = Object.freeze(new TypeError('Expected a path'))

const missingObject: NodeJS.ErrnoException = Object.freeze(
  Object.assign(new Error('ENOENT: no such loose object'), { code: 'ENOENT' }),
)

function notFound(path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`ENOENT: no such file or directory, '${path}'`)
  error.code = 'ENOENT'
  return error
}

async function readOnly(): Promise<never> {
  const error: NodeJS.ErrnoException = new Error('EROFS: the history is read, never written')
  error.code = 'EROFS'
  throw error
}
