// Where module init time goes: CPU profiles of fresh imports, self time mapped back to packages via the source map.
//
// esbuild hoists every ES module's top-level code into the bundle's one top-level function, so attribution uses the
// profile's per-line ticks on an unminified build (a minified bundle is a few very long lines).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { packageOf } from "./sst-bundle.js";

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  positionTicks?: { line: number; ticks: number }[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const CHILD = "await import(process.env.BENCH_MODULE_URL);";

/**
 * Self time in ms per owner (an npm package, a workspace package, or Node itself), averaged over `runs` processes.
 * It covers the whole child process, so Node's own start-up is in "(node)".
 */
export function initProfile(file: string, env: Record<string, string>, runs: number): [string, number][] {
  const url = pathToFileURL(file).href;
  // With code splitting the entry imports chunks beside it; each has its own source map.
  const bundleDir = pathToFileURL(`${path.dirname(file)}/`).href;
  const maps = new Map<string, SourceMap>();
  const ownerOfLine = (chunkUrl: string, line: number) => {
    const chunk = new URL(chunkUrl).pathname;
    let map = maps.get(chunk);
    if (!map) {
      map = new SourceMap(JSON.parse(readFileSync(`${chunk}.map`, "utf8")));
      maps.set(chunk, map);
    }
    const entry = map.findEntry(line - 1, 0);
    if (!("originalSource" in entry)) return "(bundle glue)";
    const source = entry.originalSource.startsWith("file://")
      ? new URL(entry.originalSource).pathname
      : entry.originalSource;
    return packageOf(path.relative(process.cwd(), path.resolve(path.dirname(chunk), source)));
  };
  const totals = new Map<string, number>();
  const add = (key: string, ms: number) => totals.set(key, (totals.get(key) ?? 0) + ms / runs);
  const dir = mkdtempSync(path.join(tmpdir(), "pactly-prof-"));
  try {
    for (let i = 0; i < runs; i++) {
      execFileSync(
        process.execPath,
        ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=100", "--input-type=module", "-e", CHILD],
        { env: { PATH: process.env.PATH ?? "", ...env, BENCH_MODULE_URL: url }, stdio: "ignore" },
      );
    }
    for (const name of readdirSync(dir)) {
      const profile = JSON.parse(readFileSync(path.join(dir, name), "utf8")) as CpuProfile;
      const selfMs = new Map<number, number>();
      for (const [k, id] of profile.samples.entries()) {
        selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
      }
      for (const node of profile.nodes) {
        const ms = selfMs.get(node.id) ?? 0;
        if (ms === 0) continue;
        if (!node.callFrame.url.startsWith(bundleDir)) {
          add(node.callFrame.url ? "(node)" : `(${node.callFrame.functionName || "v8"})`, ms);
          continue;
        }
        const ticks = node.positionTicks ?? [];
        const all = ticks.reduce((n, t) => n + t.ticks, 0);
        if (all === 0) add("(bundle glue)", ms);
        for (const t of ticks) add(ownerOfLine(node.callFrame.url, t.line), (ms * t.ticks) / all);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}
