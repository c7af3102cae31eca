/**
 * The command's record schemas (`src/cli/schema.ts`) describe the library's
 * own records field for field: a field added to one and not the other fails
 * the type check (`tsc --noEmit`, run by `npm test`), not a CI run on the
 * corpus. The match and index records are the ones written twice (a
 * TypeScript interface in `secpack/`, a zod schema for the JSON Schema).
 */
import { describe, expectTypeOf, it } from 'vitest'
import type * as z from 'zod'
import type {
  Difference as DifferenceSchema,
  Match as MatchSchema,
  MatchedRevision as MatchedRevisionSchema,
  SecpackIndex as SecpackIndexSchema,
} from '../src/cli/schema.js'
import type { Difference, Match, MatchedRevision, SecpackIndex } from '../src/secpack/index.js'

describe('command schemas and library types', () => {
  it('a match, its revision and its differences are the same shape in both', () => {
    expectTypeOf<z.infer<typeof DifferenceSchema>>().toEqualTypeOf<Difference>()
    expectTypeOf<z.infer<typeof MatchedRevisionSchema>>().toEqualTypeOf<MatchedRevision>()
    expectTypeOf<z.infer<typeof MatchSchema>>().toEqualTypeOf<Match>()
  })

  it('the index is the same shape in both', () => {
    expectTypeOf<z.infer<typeof SecpackIndexSchema>>().toEqualTypeOf<SecpackIndex>()
  })
})
