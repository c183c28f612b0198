// The local runtime: emulators, table and bucket, API + web on one port, queue workers and the scheduler together.
import { type AddressInfo, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { type ServerType, serve } from "@hono/node-server";
import type { DomainModule } from "@pactly/core/domain";
import { recurringSchedulesOf } from "@pactly/core/domain";
import {
  type Clock,
  type Config,
  createPlatform,
  ensureTable,
  type Logger,
  loadConfig,
  type Platform,
  QUEUE_NAMES,
  type S3Blob,
} from "@pactly/core/platform";
import { createApp } from "../api/app.js";
import { DOMAIN_MODULES } from "../domains.js";
import { runScheduledJob } from "../jobs/registry.js";
import { effectStreamHandler } from "../outbox/stream.js";
import { jobHandlersFor } from "../workers/handlers.js";
import { jobWorker } from "../workers/job-worker.js";
import { DEV_LOGIN_ROUTES } from "./dev-login.js";
import { devRoutes } from "./dev-routes.js";
import { startDynamoLocal, startS3Emulator } from "./emulators.js";
import { guardHost } from "./host-guard.js";
import { QueueRunner } from "./queue-runner.js";
import { SchedulerRunner } from "./scheduler-runner.js";
import { staticWeb } from "./static-web.js";
import { StreamRunner } from "./stream-runner.js";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const WEB_DIST = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

export interface LocalRuntimeOptions {
  /** 0 picks a free port. */
  port: number;
  /** Where DynamoDB Local and the S3 emulator keep their data; undefined keeps the database in memory. */
  dataDir?: string;
  /** Reuse running emulators (tests) instead of starting new ones. */
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  config?: Partial<Config>;
  env?: Record<string, string | undefined>;
  clock?: Clock;
  log?: Logger;
  /** Milliseconds between queue polls and scheduler ticks. */
  pollMs?: number;
  /** Milliseconds between reads of the table's stream (new outbox effects); 250 unless set. */
  streamPollMs?: number;
  webDist?: string;
  /** The domains to serve; the list's unless a test adds one. */
  domains?: readonly DomainModule<string>[];
  /** How long a client may take to send its headers, and its whole request (SLOW_CLIENT_LIMITS by default). */
  slowClientLimits?: { headersMs: number; requestMs: number };
}

/**
 * A client sending a byte a second, or a header line every two seconds, would otherwise hold its connection as long
 * as it likes: the headers must arrive within 10 s and the whole request within 30 s.
 */
export const SLOW_CLIENT_LIMITS = { headersMs: 10_000, requestMs: 30_000 };

export interface LocalRuntime {
  url: string;
  port: number;
  platform: Platform;
  queueRunners: Record<string, QueueRunner>;
  schedulerRunner: SchedulerRunner;
  streamRunner: StreamRunner;
  stop(): Promise<void>;
}

/** Resolves when the port can be bound; rejects with a message a person can act on. */
async function claimPort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === "EADDRINUSE"
            ? `Port ${port} is already in use. Stop what is using it or start with PORT=<another port>.`
            : `Cannot listen on port ${port}: ${e.message}`,
        ),
      ),
    );
    probe.listen(port, "127.0.0.1", () => {
      const chosen = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(chosen));
    });
  });
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const port = await claimPort(options.port);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    for (const [k, v] of Object.entries({
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_REGION: "us-east-1",
    }))
      process.env[k] ??= v;

    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      const ddb = await startDynamoLocal({ ...(options.dataDir ? { dataDir: `${options.dataDir}/dynamodb` } : {}) });
      stops.push(() => ddb.stop());
      dynamoEndpoint = ddb.endpoint;
    }
    let s3Endpoint = options.s3Endpoint;
    if (!s3Endpoint) {
      const s3 = await startS3Emulator({ dataDir: `${options.dataDir ?? `${REPO_ROOT}.data/tmp-${port}`}/s3` });
      stops.push(() => s3.stop());
      s3Endpoint = s3.endpoint;
    }

    const url = `http://localhost:${port}`;
    const config = loadConfig(options.env ?? process.env, {
      runtime: "local",
      dynamoEndpoint,
      s3Endpoint,
      apiUrl: url,
      webUrl: url,
      // Dev sign-in is switched on here and nowhere else: the Lambda's config never has it.
      devSignIn: true,
      ...options.config,
    });
    const platform = createPlatform(config, {
      domains: options.domains ?? DOMAIN_MODULES,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    await ensureTable({ tableName: config.tableName, region: config.region, endpoint: dynamoEndpoint });
    await (platform.blob as S3Blob).ensureBucket();
    // What a deploy does once: seed the catalog and the content bank; then keep the domains' recurring schedules.
    await runScheduledJob(platform, { job: "catalog.seed", payload: {} });
    await runScheduledJob(platform, { job: "content.seed", payload: {} });
    await runScheduledJob(platform, { job: "notifications.backfill-weekly-summaries", payload: {} });
    for (const s of recurringSchedulesOf(platform.domains)) {
      await platform.scheduler.recurring(s.name, s.expression, s.timezone, { job: s.job, payload: s.payload });
    }

    const app = createApp(platform, {
      extraRoutes: platform.config.devSignIn ? [DEV_LOGIN_ROUTES] : [],
      extend: (a) => {
        a.route("/dev", devRoutes(platform));
        a.get("*", staticWeb(options.webDist ?? WEB_DIST));
      },
    });
    const server: ServerType = await new Promise((resolve) => {
      const limits = options.slowClientLimits ?? SLOW_CLIENT_LIMITS;
      const s = serve(
        {
          fetch: guardHost(app.fetch, port),
          port,
          hostname: "127.0.0.1",
          serverOptions: {
            headersTimeout: limits.headersMs,
            requestTimeout: limits.requestMs,
            // How often Node checks those limits (30 s by default, longer than the limits themselves).
            connectionsCheckingInterval: Math.min(1000, limits.headersMs / 2),
          },
        },
        () => resolve(s),
      );
    });
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const queueRunners: Record<string, QueueRunner> = {};
    for (const q of QUEUE_NAMES) {
      const runner = new QueueRunner(platform, {
        queue: q,
        handler: jobWorker(platform, jobHandlersFor(platform, q)),
        pollMs: options.pollMs ?? 250,
      }).start();
      queueRunners[q] = runner;
      stops.push(() => runner.stop());
    }
    // New outbox effects, from the table's stream to the same dispatcher the cloud's stream invokes.
    const streamRunner = await new StreamRunner(
      platform,
      effectStreamHandler(platform),
      options.streamPollMs ?? 250,
    ).start();
    stops.push(() => streamRunner.stop());

    const schedulerRunner = new SchedulerRunner(
      platform,
      (event) => runScheduledJob(platform, event),
      options.pollMs ?? 1000,
    ).start();
    stops.push(() => schedulerRunner.stop());

    return { url, port, platform, queueRunners, schedulerRunner, streamRunner, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
