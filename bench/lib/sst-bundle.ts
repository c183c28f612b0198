// Bundles a Lambda entry the way `sst deploy` does: SST's own esbuild and the options SST derives from `nodejs` props.
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { NodeJSProps } from "sst/constructs";

type BuildOptions = NonNullable<NodeJSProps["esbuild"]>;

export interface Metafile {
  inputs: Record<string, { bytes: number }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }>; entryPoint?: string }>;
}

interface Esbuild {
  version: string;
  build(options: BuildOptions & { metafile: true }): Promise<{ metafile: Metafile }>;
}

/** The SST version these options were copied from (sst/runtime/handlers/node.js, `build`, mode "deploy"). */
export const MIRRORED_SST_VERSION = "2.49.8";

const require = createRequire(import.meta.url);
const sstRequire = createRequire(require.resolve("sst/package.json"));

/** esbuild as SST resolves it from its own dependency tree, not whatever version the workspace hoists. */
export function sstEsbuild(): { esbuild: Esbuild; sstVersion: string } {
  const sstVersion = (sstRequire("./package.json") as { version: string }).version;
  return { esbuild: sstRequire("esbuild") as Esbuild, sstVersion };
}

/** SST's esbuild options for an ESM function in deploy mode, with the app's `nodejs` props applied as SST applies them. */
export function sstBuildOptions(entry: string, outfile: string, nodejs: NodeJSProps): BuildOptions {
  if ((nodejs.format ?? "esm") !== "esm") throw new Error("Only the ESM path of SST's bundler is mirrored here.");
  const { external, ...override } = nodejs.esbuild ?? {};
  return {
    entryPoints: [entry],
    platform: "node",
    external: ["sharp", "pg-native", ...(nodejs.install ?? []), ...(external ?? [])],
    loader: nodejs.loader,
    keepNames: true,
    bundle: true,
    logLevel: "silent",
    splitting: nodejs.splitting,
    metafile: true,
    outExtension: nodejs.splitting ? { ".js": ".mjs" } : undefined,
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
        nodejs.banner || "",
      ].join("\n"),
    },
    outfile: nodejs.splitting ? undefined : outfile,
    outdir: nodejs.splitting ? path.dirname(outfile) : undefined,
    // Deploy mode: on unless turned off; SST then uploads the .map apart from the function code.
    sourcemap: nodejs.sourcemap !== false,
    minify: nodejs.minify,
    ...override,
  };
}

export interface Bundle {
  /** The file Lambda loads. */
  entryFile: string;
  /** JavaScript shipped in the function package (every output but source maps). */
  bytes: number;
  /** JavaScript loaded before the handler runs: the entry file and the chunks it imports statically. */
  initBytes: number;
  /** The output files making up `initBytes`. */
  initOutputs: string[];
  metafile: Metafile;
}

export async function bundleLikeSst(
  entry: string,
  outfile: string,
  nodejs: NodeJSProps,
  extra: BuildOptions = {},
): Promise<Bundle> {
  const { esbuild } = sstEsbuild();
  const { metafile } = await esbuild.build({ ...sstBuildOptions(entry, outfile, nodejs), ...extra, metafile: true });
  const code = Object.keys(metafile.outputs).filter((f) => !f.endsWith(".map"));
  const bytes = code.reduce((sum, f) => sum + statSync(f).size, 0);
  // With splitting, every dynamically imported module is an entry point of its own; the function's is ours.
  const entryOut = code.find((f) => metafile.outputs[f]?.entryPoint === path.relative(process.cwd(), entry));
  if (!entryOut) throw new Error(`esbuild produced no output for ${entry}`);
  const initOutputs = staticClosure(metafile, entryOut);
  const initBytes = initOutputs.reduce((sum, f) => sum + statSync(f).size, 0);
  return { entryFile: path.resolve(entryOut), bytes, initBytes, initOutputs, metafile };
}

function staticClosure(metafile: Metafile, entry: string): string[] {
  const outputs = metafile.outputs as Record<string, { bytes: number; imports?: { path: string; kind: string }[] }>;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !outputs[file]) return;
    seen.add(file);
    for (const i of outputs[file].imports ?? []) if (i.kind === "import-statement") visit(i.path);
  };
  visit(entry);
  return [...seen];
}

/** Bytes each npm package (or workspace package) contributes to the output files (default: all), largest first. */
export function bytesByPackage(metafile: Metafile, files?: string[]): [string, number][] {
  const totals = new Map<string, number>();
  for (const [file, out] of Object.entries(metafile.outputs)) {
    if (file.endsWith(".map") || (files && !files.includes(file))) continue;
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const owner = packageOf(input);
      totals.set(owner, (totals.get(owner) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

export function packageOf(input: string): string {
  const i = input.lastIndexOf("node_modules/");
  if (i < 0) return input.startsWith("packages/") ? input.split("/").slice(0, 2).join("/") : "(app)";
  const rest = input.slice(i + "node_modules/".length).split("/");
  return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
}
