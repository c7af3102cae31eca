/**
 * Global setup of the e2e project: pack the project and install the tarball
 * into a consumer once, for every e2e test file (`inject('packed')`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { packAndInstall } from '../helpers/packed.js'

/**
 * Pack and install; provide the result; remove it after the run.
 *
 * @param project
 *   The e2e project.
 * @returns
 *   The teardown.
 */
export default function setup(project: TestProject): () => void {
  const temp = mkdtempSync(join(tmpdir(), 'qsb-packed-'))
  const remove = (): void => rmSync(temp, { recursive: true, force: true })
  try {
    project.provide('packed', packAndInstall(temp))
  } catch (error) {
    remove()
    throw error
  }
  return remove
}
