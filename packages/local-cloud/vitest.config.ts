import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // What a test waits for (a log line, a page's drawing) comes in milliseconds on an idle
    // machine; the bound only stops a hang, as other tests may keep the machine busy.
    expect: { poll: { timeout: 10_000 } },
    // Most of these tests wait on sockets, child processes and the AWS CLI rather than compute:
    // three files at a time on a 2-core machine (vitest's default there is one).
    maxWorkers: 3,
    // The files share a worker's loaded modules (the AWS SDK above all) instead of loading them
    // again for each file: every test starts its own cloud on port 0, and what a test changes
    // of the process (fake timers, environment, spies) is put back after it.
    isolate: false,
    unstubEnvs: true,
    unstubGlobals: true,
    restoreMocks: true,
  },
});
