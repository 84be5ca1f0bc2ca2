/** The vitest configuration every chapter package uses (its vitest.config.ts re-exports it). */
// The matchers' types, for every package whose tests use this configuration.

import { fileURLToPath } from 'node:url';
import type {} from 'aws-sdk-client-mock-vitest/extend';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // aws-sdk-client-mock's matchers: expect(mock).toHaveReceivedCommandWith(...)
    setupFiles: [fileURLToPath(new URL('./vitest-setup.ts', import.meta.url))],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Loaded by Node as it is, not through Vite: its published source maps name sources that
    // the package does not ship, and Vite warned about each ("points to missing source files").
    server: { deps: { external: [/aws-sdk-client-mock-vitest/] } },
  },
});
