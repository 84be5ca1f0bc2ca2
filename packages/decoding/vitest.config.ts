import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property-based tests run hundreds of cases; CI runs several packages' tests at once.
    testTimeout: 30_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    benchmark: {
      include: ['bench/**/*.bench.ts'],
      // The default table, then the figures the README records: ns per record and the ratio.
      reporters: ['default', './bench/per-record-reporter.ts'],
    },
  },
});
