/** The vitest configuration every chapter package uses (its vitest.config.ts re-exports it). */
// The matchers' types, for every package whose tests use this configuration.
import type {} from 'aws-sdk-client-mock-vitest/extend';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // aws-sdk-client-mock's matchers: expect(mock).toHaveReceivedCommandWith(...)
    setupFiles: ['aws-sdk-client-mock-vitest/extend'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
