import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * The Next.js end-to-end run: builds and packs react-glock, installs the tarball into examples/nextjs,
 * runs `next build` and `next start` on 127.0.0.1 and drives the page in Chromium.
 * Run with `npx vitest run --config e2e/nextjs/vitest.config.ts`. Not part of the unit suite.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['e2e/nextjs/**/*.e2e.test.ts'],
    environment: 'node',
    // Building takes a while on two cores; each wait inside has its own, shorter limit.
    hookTimeout: 600_000,
    testTimeout: 60_000,
    fileParallelism: false,
  },
})
