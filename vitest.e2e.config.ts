// The browser end-to-end run: real Debian Chromium driven by playwright-core against a local runtime each test file
// starts itself. `pnpm exec vitest run -c vitest.e2e.config.ts` (the web app is built first if it is stale).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["packages/functions/test/e2e/**/*.e2e.test.ts"],
    globalSetup: ["packages/functions/test/e2e/global-setup.ts"],
    env: {
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PROFILE: "",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    // A journey is many page loads in a real browser; each step waits on what the user would see.
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One browser journey at a time: each file runs its own emulators and Chromium, and CI has two cores.
    fileParallelism: false,
  },
});
