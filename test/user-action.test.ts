/**
 * `userActionRequired` follows what the bulletin says, in the phrasings a
 * bulletin not yet written may use; `userActions` holds steps, never a
 * sentence that says no step is needed. Each bulletin here also says, under
 * Patching, that the packages "are to be installed" — which alone would make
 * the answer `true` — so a "no action" that is not read shows.
 */
import { describe, expect, it } from 'vitest'
import { parse } from '../src/read/index.js'
import type { Bulletin } from '../src/record/schema.js'

function bulletin(userAction: string): Bulletin {
  return parse(`
             ---===[ Qubes Security Bulletin 131 ]===---

                             2025-10-01

                    What users are asked to do

User action
------------

${userAction}

Patching
---------

The following packages contain security updates:

  For Qubes 4.2, in dom0:
  - Xen packages, version 4.17.5-4

Once available, the packages are to be installed via the Qubes Update tool.

--
The Qubes Security Team
https://www.qubes-os.example/security/
`) as Bulletin
}

describe('no action, in words', () => {
  it.each([
    'No user action is required.',
    'No other user action is required in response to this QSB.',
    'No further action is needed.',
    'No user intervention is necessary.',
    'No additional steps are required.',
    'Users do not need to take any action.',
    'Users do not need to take any further action.',
    'You don’t need to do anything.',
    "Users don't have to do anything.",
    'Nothing else needs to be done.',
  ])('%s → false, and it is no step', (sentence) => {
    const record = bulletin(sentence)
    expect(record.userActionRequired).toBe(false)
    expect(record.userActions).not.toContain(sentence)
  })
})

describe('a step, in words', () => {
  it.each([
    ['Users must remove the affected template and recreate it.', true],
    ['You should run `qvm-prefs dom0 kernel` after the update.', true],
  ])('%s → %s', (sentence, required) => {
    expect(bulletin(sentence).userActionRequired).toBe(required)
  })

  it('a sentence that says a step is not needed is not a step', () => {
    const record = bulletin('Continue to update normally. There is no need to update the templates.')
    expect(record.userActions).toEqual(['Continue to update normally.', 'Once available, the packages are to be installed via the Qubes Update tool.'])
  })
})
