// db-calls: DynamoDB requests per API route, counted on the wire against DynamoDB Local, with the read goal.
// `pnpm bench db-calls [--json]`
import os from "node:os";
import {
  createPlatform,
  ensureTable,
  loadConfig,
  ManualClock,
  memoryLogger,
  S3Blob,
} from "../packages/core/src/platform/index.js";
import { DOMAIN_MODULES } from "../packages/functions/src/domains.js";
import { startWireCounter } from "../packages/functions/src/local/dynamo-wire-counter.js";
import { startDynamoLocal, startS3Emulator } from "../packages/functions/src/local/emulators.js";
import { measureRoutes, READ_GOAL, type RouteMeasure } from "./lib/db-calls-scenario.js";

const ops = (m: RouteMeasure) =>
  Object.entries(m.byOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`)
    .join(", ") || "—";

function table(measures: RouteMeasure[]): string {
  const rows = measures.map((m) => {
    const total = m.reads + m.writes;
    const goal = m.kind === "read" ? `≤ ${READ_GOAL}` : "—";
    const met = m.kind === "read" ? (total + m.standIn <= READ_GOAL && m.writes === 0 ? "met" : "not met") : "—";
    const route = m.note ? `${m.route} (${m.note})` : m.route;
    const standIn = m.standIn > 0 ? String(m.standIn) : "—";
    return `| ${route} | ${m.kind} | ${m.reads} | ${m.writes} | ${total} | ${ops(m)} | ${standIn} | ${goal} | ${met} |`;
  });
  return [
    "| route | kind | reads | writes | DynamoDB requests | by operation | local stand-ins | goal | met |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

export async function run(args: string[]): Promise<void> {
  const [dynamo, s3] = await Promise.all([startDynamoLocal(), startS3Emulator()]);
  const wire = await startWireCounter(dynamo.endpoint);
  try {
    const tableName = "bench_db_calls";
    const config = loadConfig(
      {},
      {
        runtime: "local",
        stage: "bench",
        region: "us-east-1",
        devSignIn: true,
        // The routes' own reads and writes: the pod is accepted without the deposit step (payments are measured apart).
        depositsRequired: false,
        dynamoEndpoint: wire.endpoint,
        s3Endpoint: s3.endpoint,
        tableName,
        bucketName: "bench-db-calls",
      },
    );
    const p = createPlatform(config, {
      clock: new ManualClock("2026-03-02T09:00:00Z"),
      log: memoryLogger(),
      domains: DOMAIN_MODULES,
    });
    await ensureTable({ tableName, region: config.region, endpoint: dynamo.endpoint });
    if (p.blob instanceof S3Blob) await p.blob.ensureBucket();
    const measures = await measureRoutes(p, wire, tableName);
    if (args.includes("--json")) {
      console.log(
        JSON.stringify(
          measures.map(({ answer: _a, ...m }) => m),
          null,
          2,
        ),
      );
      return;
    }
    const date = new Date().toISOString().slice(0, 10);
    console.log(`db-calls, ${date}, ${os.cpus().length} cores, Node ${process.version}, DynamoDB Local (in memory)`);
    console.log("A learner with an active pod of three; requests counted at a proxy in front of DynamoDB Local.\n");
    console.log(table(measures));
    const failing = measures.filter(
      (m) => m.kind === "read" && (m.reads + m.writes + m.standIn > READ_GOAL || m.writes > 0),
    );
    console.log(
      failing.length === 0
        ? `\nEvery read route: ≤ ${READ_GOAL} requests, authentication included (goal met).`
        : `\nOver the goal: ${failing.map((m) => m.route).join(", ")}`,
    );
  } finally {
    await wire.stop();
    await Promise.allSettled([dynamo.stop(), s3.stop()]);
  }
}
