// How every Lambda is bundled: one options object for the deployed functions and for the cold-start benchmark.
import { dirname, join } from "node:path";
import type { FunctionProps, NodeJSProps } from "sst/constructs";

type EsbuildPlugin = NonNullable<NonNullable<NodeJSProps["esbuild"]>["plugins"]>[number];

/**
 * zod 4's `z` namespace re-exports every locale (`z.locales`), and `@hono/zod-openapi` hands that namespace to
 * `extendZodWithOpenApi`, so esbuild must keep all of them: about a megabyte of source parsed at every cold start.
 * Pactly's messages are English only; this replaces zod's locale index with one that holds `en` alone.
 */
export const englishOnlyZodLocales: EsbuildPlugin = {
  name: "zod-english-only-locales",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), "../locales/index.js"), namespace: "zod-locales-en" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales-en" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};`,
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

/** Our own sources: the workspace packages' `src` folders. */
const OUR_SOURCES = /[\\/]packages[\\/](core|functions)[\\/]src[\\/]/;
/** The platform's barrel, in the same checkout as one of our modules. */
const platformBarrelBeside = (file: string) =>
  join(file.slice(0, file.search(OUR_SOURCES)), "packages", "core", "src", "platform", "index.ts");

/**
 * With splitting, esbuild writes a module into a chunk by the set of entry points that reach it, and every
 * dynamically imported module is an entry point. The platform modules a cold start needs (config, store, errors,
 * tracing, …) are also imported by the lazily loaded routes, domain code and adapters, each reaching a slightly
 * different subset: the init path was then several small chunks, and each file a cold start reads costs its own
 * resolution and compilation (about half a millisecond here; docs/benchmarks.md). A lazily loaded module of ours is
 * loaded after the platform is up, so bundling it as if it also imported the platform's barrel costs nothing at run
 * time; every such module then reaches the same platform modules, and the init path's share of them is one chunk.
 */
export const lazyModulesReachThePlatform: EsbuildPlugin = {
  name: "lazy-modules-reach-the-platform",
  setup(build) {
    const NS = "lazy-module";
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== "dynamic-import" || args.namespace !== "file" || !OUR_SOURCES.test(args.importer)) {
        return undefined;
      }
      const found = await build.resolve(args.path, { kind: "import-statement", resolveDir: args.resolveDir });
      if (found.errors.length || found.namespace !== "file" || !OUR_SOURCES.test(found.path)) return undefined;
      return { path: found.path, namespace: NS, pluginData: platformBarrelBeside(found.path) };
    });
    // Our modules export by name only (no default export), which `export *` carries whole.
    build.onLoad({ filter: /.*/, namespace: NS }, (args) => ({
      contents: `import ${JSON.stringify(args.pluginData)};\nexport * from ${JSON.stringify(args.path)};`,
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

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
    // Lambda runs NODE_RUNTIME (below), but the same bundles are measured on the local Node 20 (`pnpm bench
    // lambda-init`): syntax both run natively.
    target: "node20",
    plugins: [englishOnlyZodLocales, lazyModulesReachThePlatform],
  },
} satisfies NodeJSProps;

/**
 * The Node.js runtime of every function: the app's own (FUNCTION_DEFAULTS) and the helpers SST and CDK add to each
 * stack (set by the LatestNodeRuntime aspect, stacks/runtime.ts). The latest CDK knows, as cdk-nag's L1 asks.
 */
export const NODE_RUNTIME = "nodejs24.x";

/** Defaults for every function in the app. */
export const FUNCTION_DEFAULTS = {
  runtime: NODE_RUNTIME,
  architecture: "arm_64",
  nodejs: NODEJS_BUNDLING,
  // Logs are redacted, but ids and paths are still personal data: they are not kept forever (LOG_RETENTION_DAYS).
  logRetention: "one_month",
  // Every invocation is traced with X-Ray (SST's default too, stated here so it stays on).
  tracing: "active",
} satisfies FunctionProps;
