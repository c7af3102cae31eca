import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * Two projects: `unit` (everything in `test/` but `test/e2e/`: the quick loop,
 * `npm run test:quick`) and `e2e` (the package as users get it: packed,
 * installed, type-checked by a consumer, bundled for and run in a browser, run
 * on the oldest Node `engines` admits; the API reference regenerated). `npm
 * test` runs both.
 */
export default defineConfig({
  resolve: {
    // The sources run on Node: `#crypto` is Node's backend (package.json `imports` maps the built files).
    alias: { '#crypto': fileURLToPath(new URL('./src/verify/backend/node.ts', import.meta.url)) },
  },
  test: {
    // vitest leaves a core to its main process, which on two cores means one test file at a time;
    // the main process is mostly idle and the e2e files mostly wait on child processes, so use both.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // What was skipped, and why, is listed at the end of every run.
    reporters: ['default', './test/helpers/skips-reporter.ts'],
    // Property tests fail within 45 s, shrinking included, rather than stall past the test timeout.
    setupFiles: ['test/helpers/fast-check.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'] } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Packs the project and installs the tarball into a consumer once, for every e2e file.
          globalSetup: ['test/e2e/setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
