// How every Lambda is bundled: one options object for the deployed functions and for the cold-start benchmark.
import type { FunctionProps, NodeJSProps } from "sst/constructs";

/**
 * esbuild options on top of SST's own (SST adds `bundle`, `platform: "node"`, `mainFields` and an ESM banner that
 * defines `require` and `__dirname` through `createRequire`, so adding that banner here would declare them twice).
 */
export const NODEJS_BUNDLING = {
  format: "esm",
  minify: true,
  // Core loads each AWS SDK client with a dynamic import; split out, a client is read and compiled only when a
  // request first needs it, instead of all of them during init (measured in docs/benchmarks.md). The SDK stays
  // bundled rather than taken from the runtime, so its version is the lockfile's.
  splitting: true,
  esbuild: {
    // The runtime below is Node 20; esbuild may then keep syntax Node 20 runs natively.
    target: "node20",
  },
} satisfies NodeJSProps;

/** Defaults for every function in the app. */
export const FUNCTION_DEFAULTS = {
  runtime: "nodejs20.x",
  architecture: "arm_64",
  nodejs: NODEJS_BUNDLING,
} satisfies FunctionProps;
