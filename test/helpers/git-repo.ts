/**
 * A builder for synthetic git repositories, written object by object with
 * isomorphic-git (no index, no work tree, any graph and any dates), and a
 * fake verifier to go with it.
 *
 * TEST DOUBLE: `fakeSignature(text)` is the SHA-256 hex of the text, and
 * `fakeVerifier` calls such a signature `good` when it matches the document's
 * bytes, `bad` otherwise — no cryptography, only enough to check history states.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import { init, writeBlob, writeCommit, writeRef, writeTree } from 'isomorphic-git'
import type { DocumentVerification, CheckoutSignature, Verifier } from '../../src/secpack/types.js'

/** One commit to make. */
export interface CommitSpec {
  /** Parents; default: the commit made just before (none for the first). */
  parents?: readonly string[] | undefined
  /** Changes from the first parent's files: path → content, or null to remove the file. */
  files?: Readonly<Record<string, string | Uint8Array | null>> | undefined
  /** Committer time, seconds since the epoch. */
  time: number
  /** Committer offset from UTC in minutes (`60` for `+0100`); default 0. */
  offset?: number | undefined
  /** Commit message; default `commit at TIME`. */
  message?: string | undefined
}

/** A repository being built. */
export interface GitRepo {
  /** Its folder (a checkout: `DIR/.git`). */
  dir: string
  /** Make a commit; returns its id. HEAD (branch `main`) moves to it unless `setHead` is called later. */
  commit(spec: Readonly<CommitSpec>): Promise<string>
  /** Point `main` (and so HEAD) at a commit. */
  setHead(oid: string): Promise<void>
  /** The files of a commit made here: path → blob id. */
  files(oid: string): ReadonlyMap<string, string>
}

/**
 * Start an empty repository.
 *
 * @param dir
 *   An empty folder.
 * @returns
 *   The builder; HEAD is `refs/heads/main`.
 */
export async function createGitRepo(dir: string): Promise<GitRepo> {
  await init({ fs, dir, defaultBranch: 'main' })
  const snapshots = new Map<string, Map<string, string>>()
  const blobs = new Map<string, string>()
  let last: string | null = null

  async function blobOf(content: string | Uint8Array): Promise<string> {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
    const key = createHash('sha256').update(bytes).digest('hex')
    let oid = blobs.get(key)
    if (!oid) {
      oid = await writeBlob({ fs, dir, blob: bytes })
      blobs.set(key, oid)
    }
    return oid
  }

  async function treeOf(files: ReadonlyMap<string, string>, prefix: string): Promise<string> {
    const entries: Array<{ mode: string; path: string; oid: string; type: 'blob' | 'tree' }> = []
    const folders = new Set<string>()
    for (const [path, oid] of files) {
      if (!path.startsWith(prefix)) continue
      const rest = path.slice(prefix.length)
      const slash = rest.indexOf('/')
      if (slash === -1) entries.push({ mode: '100644', path: rest, oid, type: 'blob' })
      else folders.add(rest.slice(0, slash))
    }
    for (const folder of folders) {
      entries.push({ mode: '040000', path: folder, oid: await treeOf(files, `${prefix}${folder}/`), type: 'tree' })
    }
    return writeTree({ fs, dir, tree: entries })
  }

  const repo: GitRepo = {
    dir,
    async commit(spec) {
      const parents = [...(spec.parents ?? (last ? [last] : []))]
      const files = new Map(parents[0] ? snapshots.get(parents[0]) : undefined)
      for (const [path, content] of Object.entries(spec.files ?? {})) {
        if (content === null) files.delete(path)
        else files.set(path, await blobOf(content))
      }
      const person = { name: 'Test', email: 'test@example.invalid', timestamp: spec.time, timezoneOffset: -(spec.offset ?? 0) }
      const oid = await writeCommit({
        fs,
        dir,
        commit: {
          message: `${spec.message ?? `commit at ${spec.time}`}\n`,
          tree: await treeOf(files, ''),
          parent: parents,
          author: person,
          committer: person,
        },
      })
      snapshots.set(oid, files)
      last = oid
      await repo.setHead(oid)
      return oid
    },
    async setHead(oid) {
      await writeRef({ fs, dir, ref: 'refs/heads/main', value: oid, force: true })
    },
    files(oid) {
      return snapshots.get(oid) ?? new Map()
    },
  }
  return repo
}

/**
 * TEST DOUBLE: a "signature" of a text, the SHA-256 hex of its bytes.
 *
 * @param text
 *   The document's text.
 * @returns
 *   The fake signature.
 */
export function fakeSignature(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex')
}

/** One call of {@link fakeVerifier}: digests of the document and of each signature given. */
export interface FakeVerifierCall {
  /** SHA-256 of the document. */
  document: string
  /** `SOURCE SHA-256-OF-THE-SIGNATURE` for each signature. */
  signatures: string[]
}

/**
 * TEST DOUBLE: a verifier that calls a signature `good` when it is the
 * SHA-256 hex of the document, `bad` otherwise. It records its calls.
 */
export const fakeVerifier: Verifier & { calls: FakeVerifierCall[] } = Object.assign(
  async (document: Uint8Array, signatures: CheckoutSignature[]): Promise<DocumentVerification> => {
    fakeVerifier.calls.push({
      document: fakeSignature(document),
      signatures: signatures.map((signature) => `${signature.source} ${fakeSignature(signature.bytes)}`),
    })
    const digest = fakeSignature(document)
    const verdicts = signatures.map((signature) => {
      const good = new TextDecoder().decode(signature.bytes).trim() === digest
      return {
        source: signature.source,
        signer: signature.signer,
        fingerprint: good ? 'F'.repeat(40) : null,
        created: null,
        hash: 'SHA256',
        status: good ? ('good' as const) : ('bad' as const),
        notes: good ? [] : ['fake verifier: not the SHA-256 of this text'],
      }
    })
    return { authentic: verdicts.length > 0 && verdicts.every((verdict) => verdict.status === 'good'), signatures: verdicts }
  },
  { calls: [] as FakeVerifierCall[] },
)
