// Scoring benchmark: time to a verdict for a 10-test exercise in a warm sandbox (median and p95), the cold start of
// the sandbox (first run in a fresh process: loading QuickJS and the TypeScript stripper), and the same tests in
// plain `node:vm` as a reference ratio. `pnpm bench scoring` (options: --runs 200).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import type { RunRequest } from "../packages/core/src/platform/runner/port.js";
import { QuickJsRunner } from "../packages/core/src/platform/runner/quickjs.js";

/** A typical exercise: a small pure function, ten tests of a few values each. */
export const EXERCISE: RunRequest = {
  language: "typescript",
  entry: "chunkText",
  source: `function chunkText(text: string, size: number, overlap: number): string[] {
  const out: string[] = [];
  if (size <= 0) return out;
  const step = Math.max(1, size - overlap);
  for (let i = 0; i < text.length; i += step) {
    out.push(text.slice(i, i + size));
    if (i + size >= text.length) break;
  }
  return out;
}`,
  tests: Array.from({ length: 10 }, (_, i) => {
    const text = "abcdefghijklmnopqrstuvwxyz".repeat(i + 1);
    const size = 5 + i;
    const overlap = i % 3;
    const expected: string[] = [];
    const step = Math.max(1, size - overlap);
    for (let j = 0; j < text.length; j += step) {
      expected.push(text.slice(j, j + size));
      if (j + size >= text.length) break;
    }
    return { name: `case ${i + 1}`, args: [text, size, overlap], expected, hidden: i >= 4 };
  }),
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

function inVm(req: RunRequest): number {
  const js = req.source.replace(/: string\[\]|: string|: number/g, "");
  let passed = 0;
  for (const t of req.tests) {
    const context = vm.createContext({ args: t.args });
    vm.runInContext(js, context, { timeout: 1000 });
    const got = vm.runInContext(`JSON.stringify(${req.entry}(...args))`, context, { timeout: 1000 });
    if (got === JSON.stringify(t.expected)) passed++;
  }
  return passed;
}

async function timed(fn: () => unknown, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export async function run(args: string[]) {
  if (args.includes("--cold-child")) {
    const t0 = performance.now();
    const r = await new QuickJsRunner().run(EXERCISE);
    process.stdout.write(JSON.stringify({ ms: performance.now() - t0, verdict: r.verdict }));
    return;
  }
  const runs = Number(args[args.indexOf("--runs") + 1]) || 200;
  const colds: number[] = [];
  for (let i = 0; i < 5; i++) {
    const out = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--cold-child"], {
      encoding: "utf8",
    });
    const parsed = JSON.parse(out.stdout) as { ms: number; verdict: string };
    if (parsed.verdict !== "accepted") throw new Error(`cold run: ${parsed.verdict}`);
    colds.push(parsed.ms);
  }
  colds.sort((a, b) => a - b);
  const runner = new QuickJsRunner();
  const first = await runner.run(EXERCISE);
  if (first.verdict !== "accepted") throw new Error(`warm run: ${first.verdict} ${JSON.stringify(first.tests)}`);
  const warm = await timed(() => runner.run(EXERCISE), runs);
  if (inVm(EXERCISE) !== 10) throw new Error("node:vm reference failed");
  const reference = await timed(() => inVm(EXERCISE), runs);
  const median = percentile(warm, 0.5);
  const row = (label: string, v: number) => console.log(`${label.padEnd(44)} ${v.toFixed(2)} ms`);
  console.log(`scoring — a 10-test TypeScript exercise, ${runs} warm runs\n`);
  row("warm sandbox: median time to a verdict", median);
  row("warm sandbox: p95", percentile(warm, 0.95));
  row("cold start (fresh process, first verdict): median of 5", percentile(colds, 0.5));
  row("node:vm reference: median", percentile(reference, 0.5));
  console.log(`${"ratio sandbox / node:vm (median)".padEnd(44)} ${(median / percentile(reference, 0.5)).toFixed(2)}×`);
  console.log(`\ngoal: median ≤ 50 ms → ${median <= 50 ? "met" : "NOT met"}`);
}

if (process.argv.includes("--cold-child")) await run(process.argv.slice(2));
