/**
 * The hostile suite's world: a synthetic master key, a team key certified by
 * it, a designated revoker and a stranger, all made at test time, and a
 * runner that gives each case to this verifier and to GnuPG (when it is on
 * the machine) and checks both against the case's table row.
 *
 * A row says what this verifier answers, what GnuPG answers, and how the two
 * relate: `agrees` (both accept, or both refuse), `stricter` (GnuPG accepts,
 * this verifier refuses, for the reason written in `why`), or `finer` (GnuPG
 * says "Good signature" with a warning — a revoked or expired key — and this
 * verifier applies RFC 9580's finer rule, written in `why`). GnuPG "accepts"
 * when it says GOODSIG with full or ultimate validity.
 */
import { describe, expect, it } from 'vitest'
import { readKeyring, type SignatureStatus, verifyDocument } from '../../src/index.js'
import { Verification } from '../../src/schema.js'
import { gnupgVerify } from '../helpers/gnupg.js'
import { gpg } from '../helpers/needs.js'
import {
  armor,
  type HashName,
  join,
  keyPacket,
  rsaKey,
  type SignatureSpec,
  signature,
  signatureBody,
  sub,
  type TestKey,
  userId,
} from '../helpers/openpgp-writer.js'

/** User ids of the world. */
export const ids = {
  master: 'Example Master Signing Key',
  alice: 'Alice Example (Qubes security pack) <alice@example.org>',
  bob: 'Bob Revoker <bob@example.org>',
}

/** The document every data signature signs. */
export const bulletin = new TextEncoder().encode(
  '\n             ---===[ Qubes Security Bulletin 903 ]===---\n\n                             2016-01-01\n\nA synthetic bulletin for the hostile suite.\n',
)

/** The keys of the world, made once per test file (RSA 2048 unless a case makes its own). */
export const world = {
  master: rsaKey('2010-01-01'),
  alice: rsaKey('2015-01-01'),
  bob: rsaKey('2014-01-01'),
  mallory: rsaKey('2014-01-01'),
}

/** A positive self-certification (0x13) of a user id, with key flags (default certify and sign). */
export function selfCert(key: TestKey, id: string, extra: Partial<SignatureSpec> & { flags?: number } = {}): Uint8Array {
  const { flags, hashed, ...rest } = extra
  return signature(
    { by: key, type: 0x13, created: new Date(key.created * 1000), hashed: [sub.keyFlags(flags ?? 0x03), ...(hashed ?? [])], ...rest },
    { key, userId: id },
  )
}

/** A certification of a user id by the master key (generic, 0x10, unless said otherwise). */
export function masterCert(key: TestKey, id: string, extra: Partial<SignatureSpec> = {}): Uint8Array {
  return signature({ by: world.master, type: 0x10, created: '2015-01-02', ...extra }, { key, userId: id })
}

/** A detached signature of the bulletin (default by Alice, 2016-01-01, SHA-256). */
export function dataSig(extra: Partial<SignatureSpec> = {}, document = bulletin): Uint8Array {
  return signature({ by: world.alice, type: 0x00, created: '2016-01-01', ...extra }, { document })
}

/** A key revocation (0x20) of a key (default by itself, 2017-01-01, reason as given). */
export function keyRevocation(key: TestKey, extra: Partial<SignatureSpec> = {}): Uint8Array {
  return signature({ by: key, type: 0x20, created: '2017-01-01', ...extra }, { key })
}

/** A reason-for-revocation subpacket by name. */
export const reasons = {
  none: (text = '') => sub.reason(0, text),
  superseded: (text = 'superseded') => sub.reason(1, text),
  compromised: (text = 'compromised') => sub.reason(2, text),
  retired: (text = 'retired') => sub.reason(3, text),
}

/** Armored text of some packets, as bytes. */
export function armorText(type: string, bytes: Uint8Array): Uint8Array {
  return new TextEncoder().encode(armor(type, bytes))
}

/**
 * A subkey bound to a primary key: the subkey packet and its binding
 * signature (flags as given, default sign), with a back-signature (0x19)
 * embedded unless `back` is false.
 */
export function boundSubkey(
  primary: TestKey,
  subkey: TestKey,
  options: { flags?: number; back?: boolean | Partial<SignatureSpec>; binding?: Partial<SignatureSpec> } = {},
): Uint8Array {
  const hashed = [sub.keyFlags(options.flags ?? 0x02)]
  if (options.back !== false) {
    const back = typeof options.back === 'object' ? options.back : {}
    hashed.push(sub.embedded(signatureBody({ by: subkey, type: 0x19, created: '2015-06-01', ...back }, { key: primary, subkey })))
  }
  const { hashed: extra, ...rest } = options.binding ?? {}
  const binding = signature({ by: primary, type: 0x18, created: '2015-06-01', hashed: [...hashed, ...(extra ?? [])], ...rest }, { key: primary, subkey })
  return join(keyPacket(subkey, true), binding)
}

/** The master key's file, with key-level signatures (direct-key, revocations) right after its key packet. */
export function masterFile(onKey: Uint8Array[] = []): Uint8Array {
  return join(keyPacket(world.master), ...onKey, userId(ids.master), selfCert(world.master, ids.master))
}

/**
 * A team key's file: key packet, key-level signatures (direct-key, revocations),
 * the user id with its self-certification and the master's certification,
 * then anything else.
 */
export function teamFile(options: {
  key?: TestKey
  onKey?: Uint8Array[]
  id?: string
  self?: Partial<SignatureSpec> & { flags?: number }
  cert?: Partial<SignatureSpec> | null
  onUser?: Uint8Array[]
  rest?: Uint8Array[]
} = {}): Uint8Array {
  const key = options.key ?? world.alice
  const id = options.id ?? ids.alice
  return join(
    keyPacket(key),
    ...(options.onKey ?? []),
    userId(id),
    selfCert(key, id, options.self ?? {}),
    ...(options.cert === null ? [] : [masterCert(key, id, options.cert ?? {})]),
    ...(options.onUser ?? []),
    ...(options.rest ?? []),
  )
}

/** A plain key file for the designated revoker or the stranger. */
export function plainFile(key: TestKey, id: string): Uint8Array {
  return join(keyPacket(key), userId(id), selfCert(key, id))
}

/** How this verifier's verdict relates to GnuPG's. */
export type Relation = 'agrees' | 'stricter' | 'finer'

/** One row of the hostile table. */
export interface HostileCase {
  name: string
  /** Key files, in order (the same bytes go to GnuPG's import). */
  keys: Uint8Array[]
  /** The detached signature (default over {@link bulletin}). */
  signature: Uint8Array
  document?: Uint8Array
  /** This verifier's status, and a note that must be among its notes. */
  ours: SignatureStatus
  note?: RegExp
  /** GnuPG's verdict: `GOODSIG/FULLY`, `REVKEYSIG/UNDEFINED`, `BADSIG`, `ERRSIG 9`, `NODATA`, … */
  gnupg: string
  relation: Relation
  /** Why, when this verifier does not give GnuPG's answer. */
  why?: string
  /** The signer named by the file suffix (default `alice`). */
  signer?: string
  /** The master key pinned (default the world's). */
  master?: TestKey
}

/** Whether GnuPG accepts: a good signature from a fully valid key. */
export function gnupgAccepts(verdict: string): boolean {
  return /^GOODSIG\/(?:FULLY|ULTIMATE)$/.test(verdict)
}

/**
 * Register a table of hostile cases: each case runs through this verifier
 * (always) and GnuPG (when present), and the relation is checked.
 *
 * @param title
 *   The describe block's title.
 * @param table
 *   The cases.
 */
export function hostileTable(title: string, table: HostileCase[]): void {
  describe(title, () => {
    it('has a consistent relation and a written reason for every departure from GnuPG', () => {
      const counts = { agrees: 0, stricter: 0, finer: 0 }
      for (const row of table) {
        counts[row.relation]++
        const accepts = gnupgAccepts(row.gnupg)
        const good = row.ours === 'good'
        if (row.relation === 'agrees') expect({ row: row.name, same: accepts === good }).toEqual({ row: row.name, same: true })
        if (row.relation === 'stricter') expect({ row: row.name, accepts, good }).toEqual({ row: row.name, accepts: true, good: false })
        if (row.relation === 'finer') {
          expect({ row: row.name, warned: /^(?:REVKEYSIG|EXPKEYSIG)(?:\/|$)/.test(row.gnupg), good }).toEqual({ row: row.name, warned: true, good: true })
        }
        if (row.relation !== 'agrees') expect(row.why?.length ?? 0, row.name).toBeGreaterThan(20)
      }
      expect(new Set(table.map((row) => row.name)).size).toBe(table.length)
      console.log(`[hostile] ${title}: ${table.length} cases, ${counts.agrees} agree with GnuPG, ${counts.stricter} stricter, ${counts.finer} finer (RFC 9580)`)
    })

    it.each(table.map((row) => [row.name, row] as const))('ours: %s', async (_, row) => {
      const keyring = await readKeyring(
        row.keys.map((bytes, index) => ({ source: `key-${index}.gpg`, bytes })),
        { master: (row.master ?? world.master).fingerprint },
      )
      const result = Verification.parse(
        await verifyDocument(row.document ?? bulletin, [{ source: row.name, bytes: row.signature, signer: row.signer ?? 'alice' }], keyring),
      )
      expect(result.master).toBe((row.master ?? world.master).fingerprint)
      const [verdict] = result.signatures
      expect({ status: verdict?.status, notes: verdict?.notes }).toMatchObject({ status: row.ours })
      if (row.note) expect(verdict?.notes.join(' | ')).toMatch(row.note)
      expect(result.authentic).toBe(row.ours === 'good')
    })

    // Without gpg: one skipped test saying so, not one per case.
    if (!gpg.present) it.skip(`GnuPG: every case — skipped: ${gpg.missing}`, () => {})
    else {
      it.each(table.map((row) => [row.name, row] as const))('GnuPG: %s', (_, row) => {
        const verdict = gnupgVerify({ keys: row.keys, master: (row.master ?? world.master).fingerprint, document: row.document ?? bulletin, signature: row.signature })
        const said = `${verdict.status}${verdict.trust ? `/${verdict.trust}` : ''}${verdict.code ? ` ${verdict.code}` : ''}`
        expect(said, verdict.lines.join('\n')).toBe(row.gnupg)
      })
    }
  })
}

/** Shorthand: a signature spec's digest. */
export function digest(hash: HashName): Partial<SignatureSpec> {
  return { hash }
}
