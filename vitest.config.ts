import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // The sources run on Node: `#crypto` is Node's backend (package.json `imports` maps the built files).
    alias: { '#crypto': fileURLToPath(new URL('./src/verify/backend/node.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
