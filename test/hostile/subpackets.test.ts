/**
 * Hostile subpackets: every entry of the one table of implemented subpackets
 * (`src/verify/subpackets.ts`), critical and not, in a data signature; the
 * subpackets not implemented, critical (refused, naming the subpacket) and
 * not; critical subpackets in self-signatures, certifications, bindings and
 * back-signatures; and two copies of a single value. GnuPG beside each.
 */
import { describe, expect, it } from 'vitest'
import { implementedSubpackets } from '../../src/verify/subpackets.js'
import { rsaKey, signatureBody, sub, subpacket } from '../helpers/openpgp-writer.js'
import { boundSubkey, dataSig, type HostileCase, hostileTable, ids, masterFile, selfCert, teamFile, world } from './world.js'

const { alice, bob } = world
const subkey = rsaKey('2015-06-01')
const created = '2016-01-01'
const embeddedBody = signatureBody({ by: alice, type: 0x00, created }, { document: new Uint8Array([1]) })

/** A data signature carrying one implemented subpacket, critical or not. */
const withImplemented: Record<number, (critical: boolean) => Uint8Array> = {
  2: (critical) => dataSig({ bare: true, hashed: [sub.created(created, critical), sub.issuerFingerprint(alice)], unhashed: [sub.issuer(alice)] }),
  3: (critical) => dataSig({ hashed: [sub.signatureExpiry(0, critical)] }),
  4: (critical) => dataSig({ hashed: [sub.exportable(true, critical)] }),
  5: (critical) => dataSig({ hashed: [sub.trust(1, 60, critical)] }),
  6: (critical) => dataSig({ hashed: [sub.regularExpression('<[^>]+[@.]example\\.org>$', critical)] }),
  7: (critical) => dataSig({ hashed: [sub.revocable(true, critical)] }),
  9: (critical) => dataSig({ hashed: [sub.keyExpiry(0, critical)] }),
  11: (critical) => dataSig({ hashed: [sub.preferredCiphers(critical)] }),
  12: (critical) => dataSig({ hashed: [sub.revocationKey(bob, critical)] }),
  16: (critical) => dataSig({ hashed: [sub.issuer(alice, critical)] }),
  21: (critical) => dataSig({ hashed: [sub.preferredHashes(critical)] }),
  22: (critical) => dataSig({ hashed: [sub.preferredCompression(critical)] }),
  24: (critical) => dataSig({ hashed: [sub.preferredKeyServer(critical)] }),
  25: (critical) => dataSig({ hashed: [sub.primaryUserId(critical)] }),
  27: (critical) => dataSig({ hashed: [sub.keyFlags(0x02, critical)] }),
  29: (critical) => dataSig({ hashed: [sub.reason(0, '', critical)] }),
  30: (critical) => dataSig({ hashed: [sub.features(critical)] }),
  32: (critical) => dataSig({ hashed: [sub.embedded(embeddedBody, critical)] }),
  33: (critical) => dataSig({ bare: true, hashed: [sub.created(created), sub.issuerFingerprint(alice, critical)], unhashed: [sub.issuer(alice)] }),
}

/** Subpackets this verifier does not implement, with GnuPG 2.2's verdict when critical. */
const notImplemented: Array<{ type: number; name: RegExp; make: (critical: boolean) => Uint8Array; gnupg: string; why?: string }> = [
  { type: 20, name: /critical notation `note@example.org`/, make: (critical) => sub.notation('note@example.org', 'x', critical), gnupg: 'BADSIG' },
  {
    type: 20,
    name: /critical notation `preferred-email-encoding@pgp.com`/,
    make: (critical) => sub.notation('preferred-email-encoding@pgp.com', 'partitioned', critical),
    gnupg: 'GOODSIG/FULLY',
    why: 'GnuPG knows two notation names of its own; this verifier implements no notation, so every critical one is refused',
  },
  { type: 23, name: /critical subpacket 23 \(key server preferences\)/, make: (critical) => sub.keyServerPreferences(critical), gnupg: 'BADSIG' },
  {
    type: 26,
    name: /critical subpacket 26 \(policy URI\)/,
    make: (critical) => sub.policy(critical),
    gnupg: 'GOODSIG/FULLY',
    why: 'GnuPG accepts a critical policy URI without reading the policy; a policy nobody reads is not implemented, so it is refused',
  },
  { type: 28, name: /critical subpacket 28 \(signer’s user id\)/, make: (critical) => sub.signersUserId(critical), gnupg: 'BADSIG' },
  { type: 31, name: /critical subpacket 31 \(signature target\)/, make: (critical) => sub.target(critical), gnupg: 'BADSIG' },
  { type: 34, name: /critical subpacket 34/, make: (critical) => subpacket(34, [9], critical), gnupg: 'BADSIG' },
  { type: 35, name: /critical subpacket 35 \(intended recipient fingerprint\)/, make: (critical) => sub.intendedRecipient(alice, critical), gnupg: 'BADSIG' },
  { type: 37, name: /critical subpacket 37/, make: (critical) => subpacket(37, new Uint8Array(32), critical), gnupg: 'BADSIG' },
  { type: 39, name: /critical subpacket 39 \(preferred AEAD ciphersuites\)/, make: (critical) => sub.preferredAead(critical), gnupg: 'BADSIG' },
  { type: 100, name: /critical subpacket 100 \(unknown\)/, make: (critical) => subpacket(100, [1], critical), gnupg: 'BADSIG' },
  { type: 110, name: /critical subpacket 110 \(unknown\)/, make: (critical) => subpacket(110, [1], critical), gnupg: 'BADSIG' },
]

const keys = [masterFile(), teamFile()]
const unknown = subpacket(100, [1], true)

const table: HostileCase[] = [
  ...[...implementedSubpackets.keys()].flatMap((type) =>
    [false, true].map(
      (critical): HostileCase => ({
        name: `implemented subpacket ${type} (${implementedSubpackets.get(type)?.name}), ${critical ? 'critical' : 'not critical'}`,
        keys,
        signature: (withImplemented[type] as (critical: boolean) => Uint8Array)(critical),
        ours: 'good',
        gnupg: 'GOODSIG/FULLY',
        relation: 'agrees',
      }),
    ),
  ),
  ...notImplemented.flatMap(({ type, name, make, gnupg, why }) => [
    {
      name: `subpacket ${type} not implemented, not critical${why ? ' (known name)' : ''}`,
      keys,
      signature: dataSig({ hashed: [make(false)] }),
      ours: 'good',
      gnupg: 'GOODSIG/FULLY',
      relation: 'agrees',
    } satisfies HostileCase,
    {
      name: `subpacket ${type} not implemented, critical${why ? ' (known name)' : ''}`,
      keys,
      signature: dataSig({ hashed: [make(true)] }),
      ours: 'error',
      note: name,
      gnupg,
      relation: why ? 'stricter' : 'agrees',
      ...(why ? { why } : {}),
    } satisfies HostileCase,
  ]),
  {
    name: 'critical unknown subpacket in the unsigned part of a data signature',
    keys,
    signature: dataSig({ unhashed: [unknown] }),
    ours: 'error',
    note: /critical subpacket 100 \(unknown\).*unsigned part/,
    gnupg: 'BADSIG',
    relation: 'agrees',
  },
  {
    name: 'the only self-signature holds a critical unknown subpacket',
    keys: [masterFile(), teamFile({ self: { hashed: [unknown] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /no valid self-signature \(its self-signature on `Alice.*critical subpacket 100/,
    gnupg: 'ERRSIG 9',
    relation: 'agrees',
  },
  {
    name: 'the only self-signature holds a critical policy URI',
    keys: [masterFile(), teamFile({ self: { hashed: [sub.policy(true)] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /critical subpacket 26 \(policy URI\)/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: 'GnuPG accepts a critical policy URI without reading the policy; a policy nobody reads is not implemented, so it is refused',
  },
  {
    name: 'a newer self-signature with a critical unknown subpacket beside a valid older one',
    keys: [masterFile(), teamFile({ onUser: [selfCert(alice, ids.alice, { created: '2015-03-01', hashed: [unknown] })] })],
    signature: dataSig(),
    ours: 'good',
    gnupg: 'GOODSIG/FULLY',
    relation: 'agrees',
  },
  {
    name: 'the master’s certification holds a critical unknown subpacket',
    keys: [masterFile(), teamFile({ cert: { hashed: [unknown] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /does not certify .*critical subpacket 100/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'the master’s certification holds a critical unknown subpacket in its unsigned part',
    keys: [masterFile(), teamFile({ cert: { unhashed: [unknown] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /unsigned part/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'the master’s certification holds a critical notation',
    keys: [masterFile(), teamFile({ cert: { hashed: [sub.notation('scope@example.org', 'tags only', true)] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /critical notation `scope@example.org`/,
    gnupg: 'GOODSIG/UNDEFINED',
    relation: 'agrees',
  },
  {
    name: 'the master’s certification is a critical trust signature',
    keys: [masterFile(), teamFile({ cert: { hashed: [sub.trust(1, 120, true)] } })],
    signature: dataSig(),
    ours: 'good',
    gnupg: 'GOODSIG/FULLY',
    relation: 'agrees',
  },
  {
    name: 'the master’s certification holds a critical regular expression',
    keys: [masterFile(), teamFile({ cert: { hashed: [sub.trust(1, 120), sub.regularExpression('<[^>]+[@.]example\\.org>$', true)] } })],
    signature: dataSig(),
    ours: 'good',
    gnupg: 'GOODSIG/FULLY',
    relation: 'agrees',
  },
  {
    name: 'the master’s certification is critically non-revocable',
    keys: [masterFile(), teamFile({ cert: { hashed: [sub.revocable(false, true)] } })],
    signature: dataSig(),
    ours: 'good',
    gnupg: 'GOODSIG/FULLY',
    relation: 'agrees',
  },
  {
    name: 'control: a signing subkey with binding and back-signature',
    keys: [masterFile(), teamFile({ rest: [boundSubkey(alice, subkey)] })],
    signature: dataSig({ by: subkey }),
    ours: 'good',
    note: /made by a signing subkey/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'agrees',
  },
  {
    name: 'the subkey binding holds a critical unknown subpacket',
    keys: [masterFile(), teamFile({ rest: [boundSubkey(alice, subkey, { binding: { hashed: [unknown] } })] })],
    signature: dataSig({ by: subkey }),
    ours: 'untrusted',
    note: /not bound to its primary key/,
    gnupg: 'ERRSIG 9',
    relation: 'agrees',
  },
  {
    name: 'the back-signature holds a critical unknown subpacket',
    keys: [masterFile(), teamFile({ rest: [boundSubkey(alice, subkey, { back: { hashed: [unknown] } })] })],
    signature: dataSig({ by: subkey }),
    ours: 'untrusted',
    note: /no valid back-signature/,
    gnupg: 'ERRSIG 1',
    relation: 'agrees',
  },
  {
    name: 'two creation times in a data signature',
    keys,
    signature: dataSig({ hashed: [sub.created('2030-01-01')] }),
    ours: 'error',
    note: /two copies of subpacket 2 \(signature creation time\)/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: 'GnuPG reads the first creation time and openpgp.js the last, so the signer picks what each sees; refused rather than picking one',
  },
  {
    name: 'two signature expiration times in a data signature (the first: one day)',
    keys,
    signature: dataSig({ hashed: [sub.signatureExpiry(86400), sub.signatureExpiry(0)] }),
    ours: 'error',
    note: /two copies of subpacket 3/,
    gnupg: 'EXPSIG/FULLY',
    relation: 'agrees',
  },
  {
    name: 'two issuer fingerprints in a data signature (Alice’s, then Bob’s)',
    keys,
    signature: dataSig({ hashed: [sub.issuerFingerprint(bob)] }),
    ours: 'error',
    note: /two copies of subpacket 33/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: 'GnuPG reads the first issuer fingerprint and openpgp.js the last; refused rather than picking one',
  },
  {
    name: 'two creation times in the master’s certification',
    keys: [masterFile(), teamFile({ cert: { hashed: [sub.created('2015-01-03')] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /two copies of subpacket 2/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: 'GnuPG reads the first creation time and openpgp.js the last, so the signer picks what each sees; refused rather than picking one',
  },
  {
    name: 'two key flags in the only self-signature (sign, then certify only)',
    keys: [masterFile(), teamFile({ self: { hashed: [sub.keyFlags(0x01)] } })],
    signature: dataSig(),
    ours: 'untrusted',
    note: /two copies of subpacket 27 \(key flags\)/,
    gnupg: 'GOODSIG/FULLY',
    relation: 'stricter',
    why: 'GnuPG reads the first key flags and openpgp.js the last; a self-signature that says two things is refused rather than read one way',
  },
  {
    name: 'no creation time at all',
    keys,
    signature: dataSig({ bare: true, hashed: [sub.issuerFingerprint(alice)], unhashed: [sub.issuer(alice)] }),
    ours: 'error',
    note: /no signature creation time/,
    gnupg: 'ERRSIG 39',
    relation: 'agrees',
  },
  {
    name: 'a creation time only in the unsigned part',
    keys,
    signature: dataSig({ bare: true, hashed: [sub.issuerFingerprint(alice)], unhashed: [sub.created(created), sub.issuer(alice)] }),
    ours: 'error',
    note: /no signature creation time/,
    gnupg: 'ERRSIG 39',
    relation: 'agrees',
  },
]

describe('the table of implemented subpackets', () => {
  it('has a test body for every entry, and no entry without one', () => {
    expect(Object.keys(withImplemented).map(Number).sort((a, b) => a - b)).toEqual([...implementedSubpackets.keys()].sort((a, b) => a - b))
  })
})

hostileTable('subpackets', table)
