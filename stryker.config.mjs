// `pnpm mutation`: StrykerJS over the security code, with the unit tests beside it (vitest.mutation.config.ts).
// Run through scripts/mutation.ts, which supplies the Node 22 that StrykerJS 10 needs.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  mutate: [
    "packages/core/src/auth/passwords.ts",
    "packages/core/src/auth/access-tokens.ts",
    "packages/core/src/platform/logging.ts",
    "packages/core/src/platform/breaker.ts",
  ],
  // Only what the tests import is copied into the sandbox.
  ignorePatterns: [
    "/*",
    "!/packages",
    "/packages/*",
    "!/packages/core",
    "!/package.json",
    "!/tsconfig*.json",
    "!/vitest.mutation.config.ts",
  ],
  coverageAnalysis: "perTest",
  // The machine is shared: one test process at a time.
  concurrency: 1,
  tempDirName: "node_modules/.cache/stryker-tmp",
  cleanTempDir: "always",
  reporters: ["clear-text", "progress", "html", "json"],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null },
};
