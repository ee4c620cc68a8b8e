import { defineConfig } from 'vitest/config';

// End-to-end tests: real parley, real Chromium. One file at a time, steps in order.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
