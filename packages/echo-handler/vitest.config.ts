import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // esbuild bundles a handler in each test; CI runs several packages' tests at once.
    testTimeout: 30_000,
  },
});
