// Times `await import()` of a bundle in fresh Node processes: the module-init part of a Lambda cold start.
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";

/** Measured inside the child, so process start-up is left out and only loading and running the module counts. */
const CHILD = `
const url = process.env.BENCH_MODULE_URL;
const cpu0 = process.cpuUsage();
const start = performance.now();
const mod = await import(url);
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpu0);
if (typeof mod.handler !== "function") throw new Error("the bundle exports no handler");
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

/** Wall time of the import; CPU time (user + system) of the process meanwhile, which others' load barely moves. */
export interface ImportTiming {
  ms: number;
  cpuMs: number;
}

export function importOnce(file: string, env: Record<string, string>): ImportTiming {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", CHILD], {
    env: { PATH: process.env.PATH ?? "", ...env, BENCH_MODULE_URL: pathToFileURL(file).href },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out.toString()) as ImportTiming;
}

export interface Summary {
  median: number;
  p90: number;
  min: number;
  runs: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, p90: at(0.9), min: s[0]!, runs: s.length };
}
