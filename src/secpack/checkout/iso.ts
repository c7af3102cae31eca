/**
 * `matchIso`: which signed `DIGESTS` file vouches for a downloaded ISO. The
 * ISO's SHA-256 and SHA-512 (computed by the caller, streaming) must equal
 * the signed digests listed under the ISO's own name, in a `DIGESTS` file
 * whose signature is good and made by the release key its name calls for.
 * A digest under another name, or in an unsigned or untrusted file, vouches
 * for nothing; the answer says why none does.
 */
import type { IsoMatch } from '../checkout-schema.js'
import type { ScanEntry } from '../schema.js'

/** A file's computed digests. */
export interface ComputedDigests {
  /** The file as given. */
  file: string
  /** Its name (last path component), as the `DIGESTS` files list it. */
  name: string
  size: number
  sha256: string
  sha512: string
}

/**
 * Find the signed entry for an ISO.
 *
 * @param iso
 *   The ISO's name and digests.
 * @param digests
 *   The scan entries of a checkout's `digests/` (with `digests` records and verifications).
 * @returns
 *   The answer: `authentic` only when a good, release-signed `DIGESTS` file
 *   lists this name with these digests (every SHA-256 and SHA-512 listed for
 *   it agrees, and at least one is listed).
 */
export function matchIso(iso: Readonly<ComputedDigests>, digests: readonly ScanEntry[]): IsoMatch {
  const answer: IsoMatch = {
    file: iso.file,
    size: iso.size,
    sha256: iso.sha256,
    sha512: iso.sha512,
    authentic: false,
    digests: null,
    signer: null,
    release: null,
    matched: [],
    error: null,
  }
  const computed: Record<string, string> = { SHA256: iso.sha256, SHA512: iso.sha512 }
  const reasons: string[] = []
  for (const entry of digests) {
    const listed = (entry.digests?.entries ?? []).filter((digest) => digest.file === iso.name && digest.algorithm in computed)
    if (listed.length === 0) continue
    const differs = listed.filter((digest) => digest.hex !== computed[digest.algorithm])
    if (differs.length > 0) {
      reasons.push(`${entry.file} lists ${iso.name} with another ${differs.map((digest) => digest.algorithm).join(' and ')}: the file is not the one released (or is damaged)`)
      answer.digests ??= entry.file
      continue
    }
    const signature = entry.verification?.signatures[0]
    answer.digests = entry.file
    answer.matched = [...new Set(listed.map((digest) => digest.algorithm))] as IsoMatch['matched']
    if (!entry.digests?.signed) {
      reasons.push(`${entry.file} lists these digests, but it is not signed`)
      continue
    }
    if (!entry.verification?.authentic || !signature) {
      const why = signature ? `${signature.status}: ${signature.notes[0] ?? ''}` : (entry.error?.message ?? 'not verified')
      reasons.push(`${entry.file} lists these digests, but its signature is not good (${why})`)
      continue
    }
    return { ...answer, authentic: true, signer: signature.fingerprint, release: entry.digests.release, error: null }
  }
  const elsewhere = digests.flatMap((entry) =>
    (entry.digests?.entries ?? [])
      .filter((digest) => digest.file !== iso.name && digest.hex === computed[digest.algorithm])
      .map((digest) => `${entry.file} (as ${digest.file})`),
  )
  if (reasons.length === 0) {
    reasons.push(`no DIGESTS file lists ${iso.name}`)
    if (elsewhere.length > 0) reasons.push(`its digest is listed under another name in ${[...new Set(elsewhere)].join(', ')}`)
  }
  return { ...answer, error: reasons.join('; ') }
}
