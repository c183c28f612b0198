// The unit tests that `pnpm mutation` runs against each mutant of the security code: only the tests beside the
// four files it mutates, with no emulators (none of them touches a store).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: [
      "packages/core/src/auth/passwords.test.ts",
      "packages/core/src/auth/access-tokens.test.ts",
      "packages/core/src/platform/logging.test.ts",
      "packages/core/src/platform/breaker.test.ts",
    ],
    env: {
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PROFILE: "",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    testTimeout: 20_000,
  },
});
