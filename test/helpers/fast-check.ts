/**
 * Every property test is bounded in time, shrinking included: a property that
 * fails on a large input (a 1,500-line post) can take many minutes to shrink,
 * synchronously, where vitest's own timeout cannot stop it. Past the limit the
 * property fails with the counterexample reached so far, and the seed to
 * replay it — a failure fails the run, it never stalls it.
 */
import fc from 'fast-check'

fc.configureGlobal({ interruptAfterTimeLimit: 45_000, markInterruptAsFailure: true })
