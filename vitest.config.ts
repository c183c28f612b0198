// The test run: unit tests beside the code, integration tests under test/, all sharing the emulators started once.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "stacks/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/e2e/**"],
    globalSetup: ["test/setup/global.ts"],
    // Fake credentials in every worker, whatever the shell holds; an empty AWS_PROFILE keeps the SDK on them.
    env: {
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PROFILE: "",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    // A generous ceiling, not a speed goal (those are benchmarks): on two busy cores an integration test waits its
    // turn at DynamoDB Local.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CI has two cores; the JVM behind DynamoDB Local needs its share too.
    pool: "forks",
    maxWorkers: 2,
  },
});
