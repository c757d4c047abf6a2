import { defineConfig } from 'vitest/config';

// The browser test: Debian's Chromium, driven by playwright-core, against the real backend in standalone mode
// serving the built UI (`make test-browser` builds both first).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
