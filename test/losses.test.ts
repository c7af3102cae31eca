/**
 * No silent loss, on small bulletins written here: what looks like data but
 * is not in the record is a warning with its place (`unread-release`,
 * `unread-version`, `unread-advisory`), never dropped without a word.
 */
import { describe, expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import type { Bulletin, Canary, Diagnostic } from '../src/record/schema.js'

function bulletin(patching: string, summary = 'A guest can crash the host (XSA-480, CVE-2025-1234).'): string {
  return `
             ---===[ Qubes Security Bulletin 130 ]===---

                             2025-09-09

                    A bulletin with loose ends

Summary
--------

${summary}

Patching
---------

${patching}

--
The Qubes Security Team
https://www.qubes-os.example/security/
`
}

function unread(record: Bulletin): Array<Pick<Diagnostic, 'ruleId' | 'line' | 'column' | 'message'>> {
  return record.diagnostics
    .filter((diagnostic) => diagnostic.ruleId?.startsWith('unread-'))
    .map(({ ruleId, line, column, message }) => ({ ruleId, line, column, message }))
}

describe('unread data is reported with its place', () => {
  it('reads everything of a clean package list, and says nothing', () => {
    const record = parse(bulletin('  For Qubes 4.2, in dom0:\n  - Xen packages, version 4.17.5-3')) as Bulletin
    expect(record.patches).toHaveLength(1)
    expect(unread(record)).toEqual([])
  })

  it.each([
    ['name version', '  - qubes-core-qrexec-dom0 4.2.21'],
    ['name, version', '  - qubes-core-qrexec-dom0, version 4.2.21'],
    ['name version N', '  - qubes-core-qrexec-dom0 version 4.2.21'],
    ['name: version', '  - qubes-core-qrexec-dom0: 4.2.21'],
    ['name: version N', '  - qubes-core-qrexec-dom0: version 4.2.21'],
    ['name: version (note)', '  - qubes-core-qrexec-dom0: 4.2.21 (for R4.2 only)'],
  ])('a package written as `%s`: the same name and version, nothing unread', (_shape, item) => {
    const record = parse(bulletin(`  For Qubes 4.2, in dom0:\n${item}`)) as Bulletin
    expect(record.patches.flatMap((patch) => patch.packages.map(({ name, version }) => ({ name, version })))).toEqual([{ name: 'qubes-core-qrexec-dom0', version: '4.2.21' }])
    expect(unread(record)).toEqual([])
  })

  it.each([
    ['two names joined by and', '  - qubes-core-qrexec-dom0 and qubes-core-qrexec-vm, version 4.2.21', ['qubes-core-qrexec-dom0', 'qubes-core-qrexec-vm']],
    ['three, with a serial comma', '  - qubes-core-qrexec-dom0, qubes-core-qrexec-vm, and qubes-core-qrexec, version 4.2.21', ['qubes-core-qrexec-dom0', 'qubes-core-qrexec-vm', 'qubes-core-qrexec']],
    ['three, without it', '  - qubes-core-qrexec-dom0, qubes-core-qrexec-vm and qubes-core-qrexec, version 4.2.21', ['qubes-core-qrexec-dom0', 'qubes-core-qrexec-vm', 'qubes-core-qrexec']],
    ['a name of several words stays one', '  - Xen and libxl packages, version 4.2.21', ['Xen and libxl packages']],
    ['a minimum version', '  - qubes-core-qrexec-dom0 >= 4.2.21', ['qubes-core-qrexec-dom0']],
  ])('%s', (_what, item, names) => {
    const record = parse(bulletin(`  For Qubes 4.2, in dom0:\n${item}`)) as Bulletin
    expect(record.patches.flatMap((patch) => patch.packages.map(({ name, version }) => ({ name, version })))).toEqual(names.map((name) => ({ name, version: '4.2.21' })))
    expect(unread(record)).toEqual([])
  })

  it('an epoch in a version: read whole, and its version without the epoch is not reported unread', () => {
    const record = parse(bulletin('  For Qubes 4.2, in dom0:\n  - qubes-core-qrexec-dom0 version 2:4.2.21-1')) as Bulletin
    expect(record.patches[0]?.packages).toMatchObject([{ name: 'qubes-core-qrexec-dom0', version: '2:4.2.21-1' }])
    expect(unread(record)).toEqual([])
  })

  it('a release line with no package under it', () => {
    const record = parse(bulletin('  For Qubes 4.2, in dom0:\n  - Xen packages (see the advisory)\n\n  For Qubes 4.3, in dom0:\n  - Xen packages, version 4.19.1-1')) as Bulletin
    expect(record.patches.map((patch) => patch.release)).toEqual(['4.3'])
    expect(unread(record)).toEqual([
      {
        ruleId: 'unread-release',
        line: 16,
        column: 3,
        message: 'Unexpected release line `For Qubes 4.2, in dom0:` with no package read under it: it is not in `patches`',
      },
    ])
  })

  it('a version in a patching section that no package holds, and a release it names that no patch has', () => {
    const record = parse(
      bulletin('  For Qubes 4.2, in dom0:\n  - Xen packages, version 4.17.5-3\n\nUsers of Qubes 4.1 also need qubes-utils 4.1.70-1.'),
    ) as Bulletin
    expect(unread(record).map(({ ruleId, line, column, message }) => [ruleId, line, column, message.match(/`(.+?)`/)?.[1]])).toEqual([
      ['unread-version', 19, 16, '4.1'],
      ['unread-version', 19, 42, '4.1.70-1'],
    ])
  })

  it('an advisory or CVE written in a form that is not read', () => {
    const record = parse(bulletin('  For Qubes 4.2, in dom0:\n  - Xen packages, version 4.17.5-3', 'See XSA-480 and XSA-12.1, and CVE 2025-99.')) as Bulletin
    expect(record.xsas).toEqual([480])
    expect(unread(record).map(({ ruleId, message }) => [ruleId, message])).toEqual([
      ['unread-advisory', 'Unexpected advisory `XSA-12.1`: it is not in `xsas`'],
      ['unread-advisory', 'Unexpected CVE `CVE 2025-99`: it is not in `cves`'],
    ])
  })

  it('names the first 100 of one rule, then counts the rest in one more warning', () => {
    const lines = Array.from({ length: 150 }, (_, i) => `Also relevant: qubes-example ${i + 1}.0.${i}-1 in some setups.`).join('\n\n')
    const record = parse(bulletin(`  For Qubes 4.2, in dom0:\n  - Xen packages, version 4.17.5-3\n\n${lines}`)) as Bulletin
    const versions = unread(record).filter((diagnostic) => diagnostic.ruleId === 'unread-version')
    expect(versions).toHaveLength(101)
    expect(versions.at(-1)?.message).toMatch(/^50 more version-like tokens .* are not named one by one \(the first is here\)$/)
  })
})

describe('canary statements whose value is not read say so', () => {
  const canary = (statements: string): string => `
                    ---===[ Qubes Canary 041 ]===---


Statements
-----------

The Qubes security team members who have digitally signed this file [1]
state the following:

${statements}

Footnotes
----------

[1] Signed.

--
The Qubes Security Team
https://www.qubes-os.example/security/
`
  const statements = (count: string, next: string, fingerprint = '427F 11FD 0FAA 4B08 0123  F01C DDFA 1A3E 3687 9494'): string =>
    `1. The date of issue of this canary is 2025-01-02.

2. There have been ${count} Qubes security bulletins published so far.

3. The Qubes Master Signing Key fingerprint is:

       ${fingerprint}

4. We plan to publish the next of these canary statements in ${next}. Special note should be taken if no new canary is published by that time.`

  const read = (text: string): { record: Canary; unread: Array<Pick<Diagnostic, 'line' | 'column' | 'message'>> } => {
    const record = parse(canary(text)) as Canary
    return { record, unread: record.diagnostics.filter((d) => d.ruleId === 'unread-statement').map(({ line, column, message }) => ({ line, column, message })) }
  }

  it('reads what it can, and says nothing', () => {
    const { record, unread } = read(statements('112', 'the first fourteen days of April 2025'))
    expect([record.bulletinCount, record.masterKeyFingerprint, record.nextCanary?.month]).toEqual([112, '427F11FD0FAA4B080123F01CDDFA1A3E36879494', '2025-04'])
    expect(unread).toEqual([])
  })

  it('a count with a thousands separator keeps every digit', () => {
    expect(read(statements('1,112', 'the first fourteen days of April 2025')).record.bulletinCount).toBe(1112)
  })

  it('a month written `April, 2025`', () => {
    expect(read(statements('112', 'the first fourteen days of April, 2025')).record.nextCanary?.month).toBe('2025-04')
  })

  it('a count in words: null, and a warning at the statement', () => {
    const { record, unread } = read(statements('one hundred twelve', 'the first fourteen days of April 2025'))
    expect(record.bulletinCount).toBeNull()
    expect(unread).toEqual([{ line: 13, column: 1, message: 'Unexpected statement 2: it speaks of `bulletinCount` in words not read, so `bulletinCount` is null' }])
  })

  it('a fingerprint cut short, and a window with no month: null, each with a warning', () => {
    const { record, unread } = read(statements('112', 'the first fourteen days of next quarter', '427F 11FD 0FAA 4B08'))
    expect([record.masterKeyFingerprint, record.nextCanary?.month ?? null]).toEqual([null, null])
    expect(unread.map((d) => d.message)).toEqual([
      'Unexpected statement 3: it speaks of `masterKeyFingerprint` in words not read, so `masterKeyFingerprint` is null',
      'Unexpected statement 4: it speaks of `nextCanary.month` in words not read, so `nextCanary.month` is null',
    ])
  })
})
