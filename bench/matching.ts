// Matching benchmark: pod formation on synthetic waitlists (time, memory, quality) against a greedy baseline and optima.
//
// `pnpm bench matching` or `npx tsx bench/matching.ts`. Options: --sizes 1000,10000,100000,1000000 --seed 7 --quick
// --sprint weekly|gym (default: both), --scale-only (no optimum checks). Each size runs in its own child process, so its peak RSS is its own.
import { spawnSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  buildSuggestions,
  type FormationOptionsInput,
  type FormationResult,
  firstFitPods,
  formPods,
  type MatchingSignals,
  optimalPods,
  snapshotWaitlist,
  type WaitlistSignalsInput,
} from "../packages/core/src/matching/index.js";
import { seededRandom } from "../packages/core/src/platform/ids.js";

const REFERENCE_WEEK = "2025-05-05";
/** The two sprint shapes of the catalog: one 60-minute session a week, and three of 30 minutes on different days. */
const SPRINTS = {
  weekly: { minSize: 3, targetSize: 4, maxSize: 5, sessionMinutes: 60, sessionsPerWeek: 1 },
  gym: { minSize: 3, targetSize: 4, maxSize: 5, sessionMinutes: 30, sessionsPerWeek: 3 },
} satisfies Record<string, FormationOptionsInput>;
type SprintName = keyof typeof SPRINTS;
/** Sizes from which the greedy baseline and suggestions are left out: they say nothing new and cost minutes. */
const EXTRAS_UP_TO = 100_000;

// ---------------------------------------------------------------------------------------------------------------
// Synthetic waitlists: where learners live, which language they learn in, and when they are free in local time.

/** [timezone, weight, languages with their shares]. Weights follow rough learner populations, not exact data. */
const ZONES: [string, number, [string, number][]][] = [
  [
    "America/New_York",
    14,
    [
      ["en-US", 0.85],
      ["es-US", 0.15],
    ],
  ],
  [
    "America/Chicago",
    7,
    [
      ["en-US", 0.85],
      ["es-US", 0.15],
    ],
  ],
  ["America/Denver", 3, [["en-US", 1]]],
  [
    "America/Los_Angeles",
    9,
    [
      ["en-US", 0.8],
      ["es-US", 0.2],
    ],
  ],
  ["America/Mexico_City", 4, [["es-MX", 1]]],
  ["America/Bogota", 2, [["es-CO", 1]]],
  [
    "America/Sao_Paulo",
    5,
    [
      ["pt-BR", 0.9],
      ["en", 0.1],
    ],
  ],
  ["America/Argentina/Buenos_Aires", 2, [["es-AR", 1]]],
  ["Europe/London", 9, [["en-GB", 1]]],
  ["Europe/Dublin", 1, [["en-IE", 1]]],
  [
    "Europe/Berlin",
    6,
    [
      ["de-DE", 0.7],
      ["en", 0.3],
    ],
  ],
  [
    "Europe/Paris",
    5,
    [
      ["fr-FR", 0.75],
      ["en", 0.25],
    ],
  ],
  [
    "Europe/Madrid",
    3,
    [
      ["es-ES", 0.85],
      ["en", 0.15],
    ],
  ],
  ["Europe/Warsaw", 2, [["en", 1]]],
  ["Europe/Istanbul", 2, [["en", 1]]],
  ["Africa/Lagos", 2, [["en-NG", 1]]],
  ["Africa/Nairobi", 1, [["en-KE", 1]]],
  ["Asia/Kolkata", 8, [["en-IN", 1]]],
  ["Asia/Dubai", 1, [["en", 1]]],
  ["Asia/Singapore", 3, [["en-SG", 1]]],
  ["Asia/Manila", 2, [["en-PH", 1]]],
  ["Asia/Shanghai", 2, [["en", 1]]],
  [
    "Asia/Tokyo",
    4,
    [
      ["ja-JP", 0.8],
      ["en", 0.2],
    ],
  ],
  ["Asia/Kathmandu", 0.5, [["en", 1]]],
  ["Australia/Sydney", 2, [["en-AU", 1]]],
  ["Pacific/Auckland", 0.5, [["en-NZ", 1]]],
];

function pickWeighted<T>(rand: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

const hhmm = (minutes: number) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

function pickDays(rand: () => number, from: number[], count: number): number[] {
  const days = [...from];
  for (let i = days.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [days[i], days[j]] = [days[j]!, days[i]!];
  }
  return days.slice(0, count).sort((a, b) => a - b);
}

/** Local weekly windows from a few common routines: evenings, weekends, early mornings, lunch breaks, late nights. */
function windowsFor(rand: () => number): { weekday: number; start: string; end: string }[] {
  const weekdays = [1, 2, 3, 4, 5];
  const profile = pickWeighted(rand, [
    ["evening", 55],
    ["weekend", 15],
    ["early", 10],
    ["lunch", 10],
    ["night", 10],
  ] as const);
  const out: { weekday: number; start: string; end: string }[] = [];
  const add = (days: number[], start: number, length: number) => {
    for (const d of days) out.push({ weekday: d, start: hhmm(start), end: hhmm(start + length) });
  };
  switch (profile) {
    case "evening": {
      const start = pickWeighted(rand, [
        [17 * 60, 2],
        [18 * 60, 4],
        [18 * 60 + 30, 3],
        [19 * 60, 4],
        [19 * 60 + 30, 2],
        [20 * 60, 2],
      ] as const);
      const length = pickWeighted(rand, [
        [90, 2],
        [120, 4],
        [150, 2],
        [180, 2],
      ] as const);
      add(pickDays(rand, weekdays, 2 + Math.floor(rand() * 4)), start, length);
      if (rand() < 0.4)
        add(pickDays(rand, [6, 7], 1), (9 + Math.floor(rand() * 7)) * 60, 120 + 60 * Math.floor(rand() * 2));
      break;
    }
    case "weekend":
      add(
        pickDays(rand, [6, 7], 1 + Math.floor(rand() * 2)),
        (9 + Math.floor(rand() * 8)) * 60,
        120 + 30 * Math.floor(rand() * 4),
      );
      break;
    case "early":
      add(
        pickDays(rand, weekdays, 3 + Math.floor(rand() * 3)),
        6 * 60 + 30 * Math.floor(rand() * 3),
        90 + 30 * Math.floor(rand() * 2),
      );
      break;
    case "lunch":
      add(
        pickDays(rand, weekdays, 2 + Math.floor(rand() * 4)),
        12 * 60 + 30 * Math.floor(rand() * 2),
        75 + 15 * Math.floor(rand() * 2),
      );
      break;
    case "night":
      // 21:00–00:30 style windows run past midnight; a Friday one would touch Saturday's, so stay Monday–Thursday.
      add(
        pickDays(rand, [1, 2, 3, 4], 2 + Math.floor(rand() * 3)),
        21 * 60 + 30 * Math.floor(rand() * 3),
        150 + 30 * Math.floor(rand() * 2),
      );
      break;
  }
  return out;
}

/** A synthetic waitlist of `n` learners, the same for the same seed. */
export function syntheticWaitlist(n: number, seed: number): WaitlistSignalsInput[] {
  const rand = seededRandom(seed);
  const zoneChoices = ZONES.map(([zone, w]) => [zone, w] as const);
  const languages = new Map(ZONES.map(([zone, , langs]) => [zone, langs] as const));
  const joinedFrom = Date.parse("2025-04-01T00:00:00Z");
  return Array.from({ length: n }, (_, i) => {
    const timezone = pickWeighted(rand, zoneChoices);
    const locale = pickWeighted(rand, languages.get(timezone)!);
    const priority = rand() < 0.03;
    return {
      userId: `u${String(i).padStart(6, "0")}`,
      timezone,
      locale,
      experienceLevel: pickWeighted(rand, [
        ["beginner", 45],
        ["intermediate", 35],
        ["advanced", 20],
      ] as const),
      collaborationStyle: pickWeighted(rand, [
        ["structured", 30],
        ["flexible", 30],
        ["social", 20],
        ["quiet", 20],
      ] as const),
      windows: windowsFor(rand),
      prioritySince: priority ? new Date(joinedFrom + rand() * 30 * 86_400_000).toISOString() : null,
      joinedAt: new Date(joinedFrom + rand() * 30 * 86_400_000).toISOString(),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements.

interface ScaleRow {
  sprint: SprintName;
  n: number;
  snapshotMs: number;
  formMs: number;
  /** CPU time (user + system, all threads) of snapshot + formation: stable when the machine is shared. */
  cpuMs: number;
  peakRssMb: number;
  heapUsedMb: number;
  matchedShare: number;
  meanScore: number;
  pods: number;
  /** Share of pods of the target size. */
  targetShare: number;
  /** Share of pods of each size, from minSize. */
  sizeShares: number[];
  greedyRatio: number;
  greedyMatchedShare: number;
  greedyMeanScore: number;
  greedyMs: number;
  suggestionsMs: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

function measureScale(sprint: SprintName, n: number, seed: number): ScaleRow {
  const options = SPRINTS[sprint];
  let entries: WaitlistSignalsInput[] | undefined = syntheticWaitlist(n, seed);
  const cpu = process.cpuUsage();
  let t = performance.now();
  const snapshots = snapshotWaitlist(entries, REFERENCE_WEEK);
  const snapshotMs = performance.now() - t;
  // What a formation job holds is the snapshots; the raw entries were only the generator's output.
  entries = undefined;
  t = performance.now();
  const result = formPods(snapshots, { ...options, seed });
  const formMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  // maxRSS is the process's peak so far (kilobytes): generation, snapshot and formation, before the baseline runs.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const heapUsedMb = mb(process.memoryUsage().heapUsed);
  const sizeShares: number[] = [];
  for (let size = options.minSize; size <= options.maxSize; size++) {
    sizeShares.push(result.pods.filter((p) => p.members.length === size).length / Math.max(1, result.pods.length));
  }
  // First fit scans every open pod for each learner; with three sessions a week few pods fill up and close, so
  // it is quadratic in practice (over four minutes at 30k): measured up to 10k there.
  const extras = n <= (options.sessionsPerWeek > 1 ? 10_000 : EXTRAS_UP_TO);
  t = performance.now();
  const greedy = extras ? firstFitPods(snapshots, options) : undefined;
  const greedyMs = performance.now() - t;
  t = performance.now();
  if (extras) buildSuggestions(snapshots, { k: 10, sessionMinutes: options.sessionMinutes });
  const suggestionsMs = performance.now() - t;
  return {
    sprint,
    n,
    snapshotMs,
    formMs,
    cpuMs,
    peakRssMb,
    heapUsedMb,
    matchedShare: result.stats.matched / n,
    meanScore: result.stats.meanScore,
    pods: result.stats.pods,
    targetShare: result.stats.targetSized / Math.max(1, result.stats.pods),
    sizeShares,
    greedyRatio: greedy ? result.stats.totalScore / greedy.stats.totalScore : Number.NaN,
    greedyMatchedShare: greedy ? greedy.stats.matched / n : Number.NaN,
    greedyMeanScore: greedy ? greedy.stats.meanScore : Number.NaN,
    greedyMs,
    suggestionsMs: extras ? suggestionsMs : Number.NaN,
  };
}

function measureScaleInChild(sprint: SprintName, n: number, seed: number): ScaleRow {
  const self = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, self, "--child", String(n), "--sprint", sprint, "--seed", String(seed)];
  const child = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`benchmark child for n=${n} failed:\n${child.stderr}`);
  const line = child.stdout.trim().split("\n").pop()!;
  return JSON.parse(line) as ScaleRow;
}

/** Heuristic vs the exact optimum on many small waitlists (all one language, so they form one pool). */
function measureOptimum(
  sprint: SprintName,
  seed: number,
  instances: number,
): { instances: number; ratio: number; worst: number; hits: number } {
  const options = SPRINTS[sprint];
  let heuristic = 0;
  let optimum = 0;
  let worst = 1;
  let hits = 0;
  for (let k = 0; k < instances; k++) {
    const n = 6 + (k % 7); // 6..12
    const entries = syntheticWaitlist(n * 4, seed * 1000 + k)
      .filter((e) => e.locale.startsWith("en"))
      .slice(0, n);
    const snapshots = snapshotWaitlist(entries, REFERENCE_WEEK);
    const ours = formPods(snapshots, { ...options, seed }).stats.objective;
    const best = optimalPods(snapshots, options).stats.objective;
    heuristic += ours;
    optimum += best;
    if (best > 0) worst = Math.min(worst, ours / best);
    if (ours >= best - 1e-9) hits++;
  }
  return { instances, ratio: heuristic / optimum, worst, hits };
}

/** Default formation vs a long search (many more restarts and passes) on waitlists of 60. */
function measureBestKnown(
  sprint: SprintName,
  seed: number,
  instances: number,
  restarts: number,
): { ratio: number; worst: number } {
  const options = SPRINTS[sprint];
  let ours = 0;
  let known = 0;
  let worst = 1;
  for (let k = 0; k < instances; k++) {
    const entries = syntheticWaitlist(200, seed * 7000 + k)
      .filter((e) => e.locale.startsWith("en"))
      .slice(0, 60);
    const snapshots: MatchingSignals[] = snapshotWaitlist(entries, REFERENCE_WEEK);
    const fast = formPods(snapshots, { ...options, seed }).stats.objective;
    const long: FormationResult = formPods(snapshots, { ...options, seed: seed + 1, restarts, maxPasses: 200 });
    const best = Math.max(fast, long.stats.objective);
    ours += fast;
    known += best;
    worst = Math.min(worst, fast / best);
  }
  return { ratio: ours / known, worst };
}

// ---------------------------------------------------------------------------------------------------------------
// Report.

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

const fixed = (x: number, d = 2) => x.toFixed(d);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A figure that was not measured: NaN in the child, null once through JSON. */
const num = (x: number | null, f: (x: number) => string) => (x === null || Number.isNaN(x) ? "—" : f(x));

export async function run(args: string[]): Promise<void> {
  const seed = Number(argValue(args, "--seed") ?? 7);
  const child = argValue(args, "--child");
  const only = argValue(args, "--sprint") as SprintName | undefined;
  if (only && !(only in SPRINTS)) throw new Error(`--sprint is one of ${Object.keys(SPRINTS).join(", ")}`);
  if (child) {
    console.log(JSON.stringify(measureScale(only ?? "weekly", Number(child), seed)));
    return;
  }
  const quick = args.includes("--quick");
  const sizes = (argValue(args, "--sizes") ?? (quick ? "1000,10000" : "1000,10000,100000")).split(",").map(Number);
  const sprints: SprintName[] = only ? [only] : ["weekly", "gym"];

  console.log(`Matching benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, seed ${seed}`);
  for (const name of sprints) {
    const o = SPRINTS[name];
    console.log(
      `${name}: pods ${o.minSize}–${o.maxSize} (target ${o.targetSize}), ${o.sessionsPerWeek} × ${o.sessionMinutes}-minute sessions a week`,
    );
  }
  console.log(`reference week ${REFERENCE_WEEK}\n`);

  const rows = sprints.flatMap((name) => sizes.map((n) => measureScaleInChild(name, n, seed)));
  console.log(
    table(
      [
        "sprint",
        "N",
        "snapshot s",
        "formPods s",
        "CPU s",
        "peak RSS MB",
        "matched",
        "mean score",
        "pods",
        "target size",
        "sizes 3/4/5",
        "vs greedy",
        "greedy matched",
        "greedy mean",
        "suggestions s",
      ],
      rows.map((r) => [
        r.sprint,
        String(r.n),
        fixed(r.snapshotMs / 1000),
        fixed(r.formMs / 1000),
        fixed(r.cpuMs / 1000),
        fixed(r.peakRssMb, 0),
        pct(r.matchedShare),
        fixed(r.meanScore, 3),
        String(r.pods),
        pct(r.targetShare),
        r.sizeShares.map((x) => (x * 100).toFixed(0)).join("/"),
        num(r.greedyRatio, (x) => `${fixed(x, 3)}×`),
        num(r.greedyMatchedShare, pct),
        num(r.greedyMeanScore, (x) => fixed(x, 3)),
        num(r.suggestionsMs, (x) => fixed(x / 1000)),
      ]),
    ),
  );

  const checks: string[][] = [];
  for (const name of args.includes("--scale-only") ? [] : sprints) {
    const optimum = measureOptimum(name, seed, quick ? 21 : 70);
    const bestKnown = measureBestKnown(name, seed, quick ? 3 : 10, quick ? 200 : 1000);
    checks.push(
      [
        `${name}: vs exact optimum, n = 6..12 (${optimum.instances} waitlists, ${optimum.hits} optimal)`,
        fixed(optimum.ratio, 4),
        fixed(optimum.worst, 4),
        "≥ 0.98",
      ],
      [`${name}: vs long local search, n = 60`, fixed(bestKnown.ratio, 4), fixed(bestKnown.worst, 4), "≥ 0.98"],
    );
  }
  for (const r of rows) {
    if (r.greedyRatio !== null && !Number.isNaN(r.greedyRatio))
      checks.push([`${r.sprint}: vs first-fit greedy, N = ${r.n}`, `${fixed(r.greedyRatio, 3)}×`, "", "≥ 1.2×"]);
  }
  console.log(`\n${table(["check (objective)", "ratio (total)", "worst instance", "goal"], checks)}`);

  const goals: [number, number, number][] = [
    [100_000, 10, 1024],
    [1_000_000, 100, 3072],
  ];
  for (const r of rows) {
    const goal = goals.find(([n]) => n === r.n);
    if (!goal) continue;
    const wall = (r.snapshotMs + r.formMs) / 1000;
    const ok = Math.min(wall, r.cpuMs / 1000) <= goal[1] && r.peakRssMb <= goal[2];
    console.log(
      `\n${r.sprint} ${r.n}: snapshot + formation ${fixed(wall)} s wall, ${fixed(r.cpuMs / 1000)} s CPU, peak RSS ${fixed(r.peakRssMb, 0)} MB` +
        ` — goal ≤ ${goal[1]} s on one core and ≤ ${goal[2]} MB: ${ok ? "met" : "NOT met"}`,
    );
  }
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")} on ${os.cpus().length} cores`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
