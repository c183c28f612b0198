// Content filter benchmark: time to screen a 10 000-character learner text (median and p95), with the built-in
// dataset alone and with 500 configured words, plus building the matcher once. `pnpm bench content-filter`
// (options: --runs 500).
import { loadConfig } from "../packages/core/src/platform/config.js";
import type { Platform } from "../packages/core/src/platform/index.js";
import { screenText } from "../packages/core/src/safety/filter.js";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** About 10 000 characters of ordinary check-in prose, with a borderline word now and then. */
const TEXT = Array.from(
  { length: 140 },
  (_, i) =>
    `Session ${i}: passed the class assessment on analysis, ${i % 17 === 0 ? "damn that was hard, " : ""}next time more recursion.`,
)
  .join(" ")
  .slice(0, 10_000);

function measure(label: string, p: Platform, runs: number) {
  const t0 = performance.now();
  screenText(p, { "checkin.win": "warm-up" });
  const build = performance.now() - t0;
  for (let i = 0; i < 20; i++) screenText(p, { "checkin.win": TEXT });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    screenText(p, { "checkin.win": TEXT });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: build ${build.toFixed(1)} ms; screen ${TEXT.length} chars median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`,
  );
}

export async function run(args: string[]): Promise<void> {
  const i = args.indexOf("--runs");
  const runs = i >= 0 ? Number(args[i + 1]) : 500;
  measure("dataset only", { config: loadConfig({}) } as Platform, runs);
  const words = Array.from({ length: 500 }, (_, n) => `customword${n}`).join(",");
  measure("dataset + 500 configured words", { config: loadConfig({ PACTLY_CONTENT_BLOCK: words }) } as Platform, runs);
}
