/**
 * A vitest reporter beside the default one: at the end of a run it lists
 * every skipped test by file and full name, so that what this machine could
 * not check (a missing corpus folder, git, Chromium, the registry) is read in
 * the output, not only counted.
 */
import { relative } from 'node:path'
import type { Reporter, TestModule } from 'vitest/node'

/** The reporter. */
export default class SkipsReporter implements Reporter {
  /**
   * Print the skipped tests.
   *
   * @param modules
   *   The test files of the run.
   * @returns
   *   Nothing.
   */
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines: string[] = []
    for (const module of modules) {
      for (const test of module.children.allTests('skipped')) {
        lines.push(`  ↓ ${relative(process.cwd(), module.moduleId)} > ${test.fullName}`)
      }
    }
    if (lines.length === 0) return
    process.stdout.write(`\nSkipped tests (${lines.length}):\n${lines.join('\n')}\n`)
  }
}
