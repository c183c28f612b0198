// Coach benchmark: the offline coach's document time (an agenda, and notes from a long transcript), the coach
// worker's overhead per job (a job that does nothing, through the local queue and the same worker handler), and
// the coach queue's throughput with one worker (agenda jobs end to end, against DynamoDB Local).
// `pnpm bench coach` (options: --runs 200 --jobs 100).
import { systemActor } from "../packages/core/src/access/index.js";
import { devLogIn } from "../packages/core/src/auth/index.js";
import { seedCatalog } from "../packages/core/src/catalog/index.js";
import type { SessionContext } from "../packages/core/src/coach/index.js";
import { offlineAgenda, offlineNotes, requestAgenda } from "../packages/core/src/coach/index.js";
import { enqueueJob } from "../packages/core/src/jobs/index.js";
import {
  createPlatform,
  deliverDueEffects,
  loadConfig,
  ManualClock,
  memoryLogger,
} from "../packages/core/src/platform/index.js";
import { ensureTable } from "../packages/core/src/platform/store/bootstrap.js";
import { createApp } from "../packages/functions/src/api/app.js";
import { DOMAIN_MODULES } from "../packages/functions/src/domains.js";
import { startDynamoLocal } from "../packages/functions/src/local/emulators.js";
import { QueueRunner } from "../packages/functions/src/local/queue-runner.js";
import { jobHandlersFor } from "../packages/functions/src/workers/handlers.js";
import { jobWorker } from "../packages/functions/src/workers/job-worker.js";

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
const ms = (n: number) => `${n.toFixed(n < 10 ? 3 : 1)} ms`;

function sample(): SessionContext {
  const members = ["Ada", "Bob", "Cy", "Dee"].map((name, i) => ({
    userId: `u${i}`,
    displayName: name,
    goal: `Ship a prompt-driven tool (${name})`,
    weakestTags: [
      { tag: "few-shot", mastery: 0.2 + i / 20 },
      { tag: "json-output", mastery: 0.3 },
    ],
    complexMoments: [{ questionTitle: "Schema-checked replies", reason: "repeated_wrong", at: "2026-03-02T10:00:00Z" }],
  }));
  return {
    sessionId: "POD-003",
    sprintType: { id: "net_prompting", name: "Prompting", proofMethod: "prompt artifact", track: "net-prompting" },
    sessionNumber: 3,
    sessionsTotal: 8,
    startsAt: "2026-03-10T18:00:00Z",
    timeAllocation: 60,
    previousNotes: [{ sessionNumber: 2, summary: "JSON output and schemas.", decisions: ["Validate replies."] }],
    openActionItems: [
      { id: "t1", ownerId: "u0", ownerName: "Ada", text: "Write examples", dueDate: "2026-03-09", done: false },
    ],
    members,
    nextSessionDate: "2026-03-12",
  };
}

const LINES = [
  "Ada: I will rewrite the summariser prompt with three examples by Friday.",
  "Bob: The model still adds prose around the JSON when the temperature is high.",
  "Cy: We decided to validate every reply against the schema before using it.",
  "Dee: Retrieval worked better once the chunks overlapped by a sentence.",
  "Ada: Let's compare the two prompts on the same ten inputs next time.",
  "Bob: I'll log the token usage of each run so we can see the cost.",
];

async function timed(fn: () => unknown, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

export async function run(args: string[]): Promise<void> {
  const opt = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const runs = opt("--runs", 200);
  const jobs = Math.min(opt("--jobs", 100), 226);

  const ctx = sample();
  // About 100,000 characters: the transcript bound.
  const transcript = Array.from({ length: Math.floor(100_000 / 75) }, (_, i) => LINES[i % LINES.length]!).join("\n");
  const agenda = await timed(() => offlineAgenda(ctx), runs);
  const notes = await timed(() => offlineNotes(ctx, transcript), Math.max(5, Math.floor(runs / 10)));
  console.log("coach — offline documents, worker overhead and queue throughput\n");
  console.log(
    `offline agenda (4 members)              median ${ms(percentile(agenda, 0.5))}  p95 ${ms(percentile(agenda, 0.95))}`,
  );
  console.log(
    `offline notes (${transcript.length.toLocaleString("en")} chars)        median ${ms(percentile(notes, 0.5))}  p95 ${ms(percentile(notes, 0.95))}`,
  );

  const dynamo = await startDynamoLocal();
  try {
    const tableName = "bench_coach";
    const clock = new ManualClock("2026-03-02T09:00:00Z");
    const config = loadConfig(
      {},
      {
        runtime: "local",
        stage: "bench",
        region: "us-east-1",
        dynamoEndpoint: dynamo.endpoint,
        tableName,
        bucketName: "b",
        devSignIn: true,
        depositsRequired: false,
      },
    );
    const p = createPlatform(config, { clock, log: memoryLogger(), domains: DOMAIN_MODULES });
    await ensureTable({ tableName, region: config.region, endpoint: dynamo.endpoint });
    await seedCatalog(p);

    // Worker overhead: a job kind that does nothing, through the queue, the job record and the worker handler.
    const noop = new QueueRunner(p, {
      queue: "coach",
      handler: jobWorker(p, { "bench.noop": async () => ({}) }),
      retryDelaySeconds: 0,
    });
    for (let i = 0; i < 50; i++) await enqueueJob(p, { queue: "coach", kind: "bench.noop", ownerId: "bench" });
    const overhead = await timed(() => noop.deliverOne(), 50);
    console.log(
      `worker overhead per job (no-op, 50)     median ${ms(percentile(overhead, 0.5))}  p95 ${ms(percentile(overhead, 0.95))}`,
    );

    // A pod of three with its sessions, through the API as a learner would make it.
    const app = createApp(p);
    const token = async (email: string, role?: "admin") =>
      (await devLogIn(p, { email, name: email.split("@")[0]!, ...(role ? { role } : {}) })).accessToken;
    const call = async (t: string, method: string, path: string, body?: unknown) =>
      (
        await app.request(`/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${t}`, ...(body ? { "content-type": "application/json" } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
      ).json() as Promise<any>;
    const members = await Promise.all(["ada", "bob", "cy"].map((n) => token(`${n}@example.com`)));
    const prefs = {
      sprintType: "net_prompting",
      timezone: "Europe/London",
      locale: "en-GB",
      windows: [
        { weekday: 2, start: "18:00", end: "21:00" },
        { weekday: 4, start: "18:00", end: "21:00" },
      ],
      experienceLevel: "beginner",
      collaborationStyle: "social",
    };
    for (const t of members) await call(t, "POST", "/waitlist", prefs);
    const run = await call(await token("root@example.com", "admin"), "POST", "/admin/matching/run", {
      sprintType: "net_prompting",
    });
    const podId = run.podIds[0] as string;
    for (const t of members) await call(t, "POST", `/pods/${podId}/accept`);
    await deliverDueEffects(p);
    const sessionId = (await call(members[0]!, "GET", `/pods/${podId}/sessions`)).items[0].id as string;

    // Throughput: distinct agenda requests (each time allocation is another input), drained by one worker.
    for (let i = 0; i < jobs; i++) await requestAgenda(p, systemActor, sessionId, { timeAllocationMinutes: 15 + i });
    const worker = new QueueRunner(p, {
      queue: "coach",
      handler: jobWorker(p, jobHandlersFor(p, "coach")),
      retryDelaySeconds: 0,
    });
    const t0 = performance.now();
    let done = 0;
    while (done < jobs) {
      const n = await worker.drain(jobs);
      if (n === 0) break;
      done += n;
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `queue throughput, one worker (${done} agenda jobs)  ${(done / seconds).toFixed(1)} jobs/s  (${((seconds * 1000) / Math.max(1, done)).toFixed(0)} ms per job)`,
    );
  } finally {
    await dynamo.stop();
  }
}
