// lambda-init: the API Lambda's init (time and bytes loaded) against a bare Hono Lambda bundled the same way, and
// what one more domain in the list adds to it.
// `pnpm bench lambda-init [--runs=N] [--profile]`
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NODEJS_BUNDLING } from "../stacks/bundling.js";
import { type ImportTiming, importOnce, type Summary, summarize } from "./lib/cold-import.js";
import { initProfile } from "./lib/init-profile.js";
import { type Bundle, bundleLikeSst, bytesByPackage, MIRRORED_SST_VERSION, sstEsbuild } from "./lib/sst-bundle.js";

/** Init against the bare Hono bundle, bytes loaded at init, and what one more domain may add to init. */
const GOALS = { ratio: 3, initKB: 250, extraDomainMs: 0.5 };
const OUT = path.resolve(".cache/bench/lambda-init");

/** What the function sees in Lambda, with fake credentials: nothing may reach AWS while a module loads. */
const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_LAMBDA_FUNCTION_NAME: "bench-pactly-api",
  AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
  NODE_ENV: "production",
  PACTLY_RUNTIME: "aws",
  PACTLY_STAGE: "bench",
  PACTLY_TABLE: "bench-pactly-table",
  PACTLY_BUCKET: "bench-pactly-uploads",
  PACTLY_QUEUE_URLS: JSON.stringify(
    Object.fromEntries(
      ["coach", "scoring", "tasks"].map((q) => [
        q,
        `https://sqs.us-east-1.amazonaws.com/123456789012/bench-pactly-${q}.fifo`,
      ]),
    ),
  ),
  PACTLY_SCHEDULER_GROUP: "pactly-bench",
  PACTLY_SCHEDULER_ROLE_ARN: "arn:aws:iam::123456789012:role/bench-pactly-scheduler",
  PACTLY_JOBS_FUNCTION_ARN: "arn:aws:lambda:us-east-1:123456789012:function:bench-pactly-jobs",
  PACTLY_API_URL: "https://api.bench.example",
  PACTLY_WEB_URL: "https://web.bench.example",
  PACTLY_CORS_ORIGINS: "https://web.bench.example",
};

const kb = (bytes: number) => bytes / 1024;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const AWS_SDK = /^@(aws-sdk|smithy|aws-crypto|aws)\//;

export async function run(args: string[]): Promise<void> {
  const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice("--runs=".length) ?? 25);
  if (!(runs >= 20)) throw new Error("--runs must be at least 20");
  const { esbuild, sstVersion } = sstEsbuild();
  if (sstVersion !== MIRRORED_SST_VERSION) {
    console.warn(
      `! sst is ${sstVersion}; the bundler options were mirrored from ${MIRRORED_SST_VERSION}. Re-check them.`,
    );
  }

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const app = await bundleLikeSst("packages/functions/src/api/lambda.ts", `${OUT}/api/lambda.mjs`, NODEJS_BUNDLING);
  // The same entry with one synthetic domain more in the list (its routes, a job and an erasure step).
  const extra = await bundleLikeSst(
    "packages/functions/test/fixtures/extra-domain-lambda.ts",
    `${OUT}/extra/lambda.mjs`,
    NODEJS_BUNDLING,
  );
  // hono resolves from the functions package, so the baseline runs the same hono the API does.
  const hello = await bundleLikeSst("bench/fixtures/hello-lambda.mjs", `${OUT}/hello/lambda.mjs`, NODEJS_BUNDLING, {
    nodePaths: [path.resolve("packages/functions/node_modules")],
  });

  // Warm the OS file cache once (Lambda reads the code from a warm local copy too), then alternate the two bundles
  // so that changes in machine load hit both alike.
  importOnce(app.entryFile, LAMBDA_ENV);
  importOnce(hello.entryFile, LAMBDA_ENV);
  importOnce(extra.entryFile, LAMBDA_ENV);
  const samples = { app: [] as ImportTiming[], hello: [] as ImportTiming[], extra: [] as ImportTiming[] };
  for (let i = 0; i < runs; i++) {
    samples.app.push(importOnce(app.entryFile, LAMBDA_ENV));
    samples.hello.push(importOnce(hello.entryFile, LAMBDA_ENV));
    samples.extra.push(importOnce(extra.entryFile, LAMBDA_ENV));
  }
  const wall = (s: ImportTiming[]) => summarize(s.map((t) => t.ms));
  const cpuOf = (s: ImportTiming[]) => summarize(s.map((t) => t.cpuMs));
  const appInit = wall(samples.app);
  const helloInit = wall(samples.hello);
  const extraInit = wall(samples.extra);
  const cpuRatio = cpuOf(samples.app).median / cpuOf(samples.hello).median;
  const ratio = appInit.median / helloInit.median;
  const growth = extraInit.median - appInit.median;

  const cpu = os.cpus();
  console.log(
    `lambda-init, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpu.length} × ${cpu[0]?.model}`,
  );
  console.log(
    `bundled as deployed: SST ${sstVersion}'s esbuild ${esbuild.version}, ${JSON.stringify(NODEJS_BUNDLING)}`,
  );
  console.log("externals: none beyond SST's own (sharp, pg-native; unused). @aws-sdk/* is bundled, not the runtime's.");
  console.log(`init = await import() of the bundle, median of ${runs} fresh node processes each\n`);
  console.log(row("", "shipped bytes", "shipped KB", "loaded at init KB", "init median ms", "p90 ms", "min ms"));
  console.log(line("API (packages/functions/src/api/lambda.ts)", app, appInit));
  console.log(line("hello (bare Hono + hono/aws-lambda)", hello, helloInit));
  console.log(line("API + one synthetic domain", extra, extraInit));
  console.log("");
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(`init ratio API/hello: ${fmt(ratio, 2)}   goal ≤ ${GOALS.ratio}: ${met(ratio <= GOALS.ratio)}`);
  console.log(
    `CPU time of the import, median (API, hello, API + one domain): ${[samples.app, samples.hello, samples.extra].map((s) => fmt(cpuOf(s).median, 2)).join(" ms, ")} ms; ratio ${fmt(cpuRatio, 2)} (load: ${os
      .loadavg()
      .map((l) => fmt(l, 2))
      .join(" ")})`,
  );
  console.log(
    `API loaded at init: ${fmt(kb(app.initBytes))} KB   goal ≤ ${GOALS.initKB} KB: ${met(kb(app.initBytes) <= GOALS.initKB)}`,
  );
  console.log(
    `one more domain: ${growth >= 0 ? "+" : ""}${fmt(growth, 2)} ms init, ${fmt(kb(extra.initBytes - app.initBytes))} KB more at init   goal: no measurable growth (≤ ${GOALS.extraDomainMs} ms, 0 KB): ${met(growth <= GOALS.extraDomainMs && extra.initBytes <= app.initBytes + 1024)}`,
  );
  console.log(`(API shipped in all: ${fmt(kb(app.bytes))} KB; routes and the SDK load on first use)\n`);

  const shipped = bytesByPackage(app.metafile);
  const atInit = new Map(bytesByPackage(app.metafile, app.initOutputs));
  const sdk = shipped.filter(([pkg]) => AWS_SDK.test(pkg)).reduce((sum, [, b]) => sum + b, 0);
  console.log(`largest inputs of the API bundle, KB shipped / loaded at init (AWS SDK together: ${fmt(kb(sdk))} KB):`);
  for (const [pkg, bytes] of shipped.slice(0, 14)) {
    console.log(`  ${fmt(kb(bytes)).padStart(8)} ${fmt(kb(atInit.get(pkg) ?? 0)).padStart(8)}  ${pkg}`);
  }

  if (args.includes("--profile")) {
    // Attribution reads the profile's per-line ticks, which needs the unminified form of the same bundle.
    const readable = { ...NODEJS_BUNDLING, minify: false };
    const appReadable = await bundleLikeSst(
      "packages/functions/src/api/lambda.ts",
      `${OUT}/api-unminified/lambda.mjs`,
      readable,
    );
    const helloReadable = await bundleLikeSst(
      "bench/fixtures/hello-lambda.mjs",
      `${OUT}/hello-unminified/lambda.mjs`,
      readable,
      { nodePaths: [path.resolve("packages/functions/node_modules")] },
    );
    const profileRuns = 8;
    const helloSelf = new Map(initProfile(helloReadable.entryFile, LAMBDA_ENV, profileRuns));
    console.log(`\nCPU self time by owner in the unminified bundles, mean of ${profileRuns} processes (API, hello).`);
    console.log('"(node)" is Node itself: start-up, module loading, parsing and compiling the bundle.');
    for (const [owner, ms] of initProfile(appReadable.entryFile, LAMBDA_ENV, profileRuns).slice(0, 12)) {
      console.log(`  ${fmt(ms).padStart(7)} ms ${fmt(helloSelf.get(owner) ?? 0).padStart(7)} ms  ${owner}`);
    }
  }
}

function row(...cells: string[]): string {
  return [cells[0]!.padEnd(44), ...cells.slice(1).map((c) => c.padStart(18))].join("");
}

function line(label: string, b: Bundle, s: Summary): string {
  return row(
    label,
    String(b.bytes),
    fmt(kb(b.bytes)),
    fmt(kb(b.initBytes)),
    fmt(s.median, 2),
    fmt(s.p90, 2),
    fmt(s.min, 2),
  );
}
