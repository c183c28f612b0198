// DynamoDB Local and the S3 emulator on loopback, shared by the one-command local runtime and the test suite.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { assertJava, DYNAMODB_LOCAL_JAR, ensureDynamoLocalJar } from "./dynamodb-local-jar.js";
import { PortInUseError, probePort } from "./ports.js";
import { postPolicyProblem } from "./post-policy-check.js";
import { presignedSignatureProblem } from "./presigned-url-check.js";
import { stopOnExit } from "./stop-on-exit.js";

export { assertJava, ensureDynamoLocalJar, JAVA_REQUIRED, repoRoot } from "./dynamodb-local-jar.js";
export { PortInUseError } from "./ports.js";

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`, for the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  /** Stops the emulator and waits until it is gone; safe to call twice. */
  stop(): Promise<void>;
}

/** Made-up credentials: the emulators accept them, and no real AWS account can be reached with them. */
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local", region: "us-east-1" } as const;

/**
 * Points the AWS SDK of this process at nothing real: fake static credentials, no instance metadata lookups.
 * Overrides what the shell holds on purpose; AWS_PROFILE is removed because the SDK skips environment
 * credentials when a profile is named.
 */
export function useLocalAwsEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_EC2_METADATA_DISABLED = "true";
  env.AWS_ACCESS_KEY_ID = LOCAL_AWS_CREDENTIALS.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = LOCAL_AWS_CREDENTIALS.secretAccessKey;
  env.AWS_REGION = LOCAL_AWS_CREDENTIALS.region;
  // The SDK's notice about future Node versions says nothing about local work and buries the runtime's output.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
}

/** Keeps the last few kilobytes a child printed, to explain a failed start. */
function outputTail(child: ChildProcess, limit = 4000): () => string {
  let text = "";
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString("utf8")).slice(-limit);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => text.trim();
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once("exit", () => r()));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL if the JVM has not left within `graceMs`; resolves once the process has been reaped. */
async function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  const gone = exited(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = sleep(graceMs).then(() => "late" as const);
  if ((await Promise.race([gone.then(() => "gone" as const), timer])) === "late") {
    child.kill("SIGKILL");
    await gone;
  }
}

/**
 * A JVM in its own process group gets no signal meant for ours, and exit hooks do not run when this process is
 * killed outright or dies while starting. A small watchdog process polls for us and ends the JVM's group once we
 * are gone, however we went; it leaves by itself when the JVM has.
 */
const WATCHDOG = `
const [parent, jvm] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const end = (signal) => { try { process.kill(-jvm, signal); } catch {} };
const timer = setInterval(() => {
  if (!alive(jvm)) process.exit(0);
  if (alive(parent)) return;
  clearInterval(timer);
  end("SIGTERM");
  setTimeout(() => { end("SIGKILL"); process.exit(0); }, 5000);
}, 250);
`;

function watchParent(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const watchdog = spawn(process.execPath, ["-e", WATCHDOG, String(process.pid), String(child.pid)], {
    detached: true,
    stdio: "ignore",
  });
  watchdog.on("error", () => undefined);
  watchdog.unref();
}

export interface DynamoLocalOptions {
  /** Omit for a free port. */
  port?: number;
  /** Where the database file lives (the local runtime: `.data/dynamodb`); omit for an in-memory database (tests). */
  dataDir?: string;
  /** Where DynamoDB Local is kept; defaults to `<repo>/.cache/dynamodb-local`. */
  installDir?: string;
  /** How long to wait for the first answer. */
  readyTimeoutMs?: number;
}

/** Starts DynamoDB Local as a Java child process and resolves once it answers ListTables. */
export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<RunningEmulator> {
  useLocalAwsEnvironment();
  const what = "DynamoDB Local";
  const [, installDir] = await Promise.all([assertJava(), ensureDynamoLocalJar({ dir: options.installDir })]);
  const port = await probePort(options.port ?? 0, what);
  const storage = options.dataDir ? ["-dbPath", resolve(options.dataDir)] : ["-inMemory"];
  if (options.dataDir) await mkdir(resolve(options.dataDir), { recursive: true });

  const child = spawn(
    "java",
    [
      "-Djava.library.path=./DynamoDBLocal_lib",
      "-jar",
      DYNAMODB_LOCAL_JAR,
      "-disableTelemetry",
      "-port",
      String(port),
      ...storage,
      // One database whatever the access key and region, so any local tool sees the same data.
      "-sharedDb",
    ],
    // Its own process group: Ctrl-C in the terminal reaches the runtime, which then stops the database in order.
    { cwd: installDir, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const forget = stopOnExit(child);
  watchParent(child);
  const output = outputTail(child);
  // A spawn or kill failure arrives as an 'error' event, which would end the process if nobody listened;
  // the start-up wait below reports a failed spawn, and a failed kill shows as a process that does not exit.
  child.on("error", () => undefined);
  const endpoint = `http://127.0.0.1:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= terminate(child).finally(forget);
    return stopped;
  };

  try {
    await waitForDynamo(endpoint, child, options.readyTimeoutMs ?? 30_000);
  } catch (e) {
    await stop();
    const log = output();
    if (/Address already in use|BindException/i.test(log)) throw new PortInUseError(port, what);
    throw new Error(`${(e as Error).message}${log ? `\nDynamoDB Local said:\n${log}` : ""}`, { cause: e });
  }
  return { endpoint, port, stop };
}

async function waitForDynamo(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const { DynamoDBClient, ListTablesCommand } = await import("@aws-sdk/client-dynamodb");
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_CREDENTIALS.region,
    credentials: LOCAL_AWS_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
  });
  let exitedEarly = false;
  const onExit = () => {
    exitedEarly = true;
  };
  child.once("exit", onExit);
  child.once("error", onExit);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      if (exitedEarly)
        throw new Error(`DynamoDB Local stopped while starting (exit code ${child.exitCode ?? "none"}).`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (e) {
        lastError = e;
        await sleep(150);
      }
    }
    throw new Error(
      `DynamoDB Local did not answer at ${endpoint} within ${Math.round(timeoutMs / 1000)} s` +
        (lastError ? ` (last error: ${(lastError as Error).message})` : "."),
    );
  } finally {
    child.off("exit", onExit);
    child.off("error", onExit);
    client.destroy();
  }
}

export interface S3EmulatorOptions {
  /** Omit for a free port. */
  port?: number;
  /** Where objects are kept (the local runtime: `.data/s3`); omit for a temporary folder removed on stop (tests). */
  dataDir?: string;
  /** Buckets to create at start. */
  buckets?: string[];
}

let localKeyRegistered = false;

/** What the front reads of a form upload before refusing it; S3 itself stops at 5 GB. */
const FORM_UPLOAD_LIMIT = 64 * 1024 * 1024;

const isFormUpload = (req: IncomingMessage) =>
  req.method === "POST" &&
  (req.headers["content-type"] ?? "").startsWith("multipart/form-data") &&
  /^\/[^/?]+\/?$/.test(req.url ?? "");

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "Content-Type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/**
 * Reads a browser form upload whole, checks its policy as S3 would, and hands s3rver a copy of the request to
 * store; undefined when it was refused (the answer is sent).
 */
async function checkFormUpload(
  req: IncomingMessage,
  res: ServerResponse,
  secretFor: (id: string) => string | undefined,
): Promise<IncomingMessage | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > FORM_UPLOAD_LIMIT) {
      refuse(res, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.");
      req.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const form = await new Response(raw, { headers: { "content-type": req.headers["content-type"]! } }).formData();
  const fields = new Map<string, string>();
  let fileSize = 0;
  for (const [name, value] of form) {
    if (typeof value === "string") fields.set(name, value);
    else if (name === "file") fileSize = value.size;
  }
  const bucket = decodeURIComponent((req.url ?? "/").split("/")[1] ?? "");
  const problem = postPolicyProblem({ fields, fileSize, bucket }, secretFor, new Date());
  if (problem) {
    refuse(
      res,
      problem.includes("maximum allowed size") ? 400 : 403,
      problem.includes("size") ? "EntityTooLarge" : "AccessDenied",
      problem,
    );
    return undefined;
  }
  return Object.assign(Readable.from([raw]), {
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    socket: req.socket,
    connection: req.socket,
  }) as unknown as IncomingMessage;
}

/**
 * Starts s3rver in this process behind a thin front that S3 itself has but s3rver lacks:
 * presigned URLs are verified (an upload with another content type than signed is refused), and every bucket
 * answers CORS for any origin, so the browser can upload straight to a presigned URL as it would on S3.
 */
export async function startS3Emulator(options: S3EmulatorOptions = {}): Promise<RunningEmulator> {
  useLocalAwsEnvironment();
  const what = "the S3 emulator";
  const [{ default: S3rver }, { default: accounts }] = await Promise.all([
    import("s3rver"),
    import("s3rver/lib/models/account.js"),
  ]);
  if (!localKeyRegistered) {
    // s3rver only knows its own S3RVER key; ours must exist there or every SDK call fails with InvalidAccessKeyId.
    accounts.DUMMY_ACCOUNT.createKeyPair(LOCAL_AWS_CREDENTIALS.accessKeyId, LOCAL_AWS_CREDENTIALS.secretAccessKey);
    localKeyRegistered = true;
  }
  const secrets: Record<string, string> = {
    [LOCAL_AWS_CREDENTIALS.accessKeyId]: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    S3RVER: "S3RVER",
  };

  const temporary = options.dataDir === undefined;
  const directory = options.dataDir ? resolve(options.dataDir) : await mkdtemp(resolve(tmpdir(), "pactly-s3-"));
  await mkdir(directory, { recursive: true });
  const s3rver = new S3rver({
    directory,
    silent: true,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();

  const server: Server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Expose-Headers", "ETag");
      res.setHeader("Vary", "Origin");
    }
    if (req.method === "OPTIONS" && origin && req.headers["access-control-request-method"]) {
      res.writeHead(200, {
        "Access-Control-Allow-Methods": "GET, PUT, POST, HEAD, DELETE",
        "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "*",
        "Access-Control-Max-Age": "3000",
      });
      res.end();
      return;
    }
    const problem = presignedSignatureProblem(
      { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers },
      (id) => secrets[id],
    );
    if (problem) {
      req.resume();
      res.writeHead(403, { "Content-Type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`,
      );
      return;
    }
    if (isFormUpload(req)) {
      void checkFormUpload(req, res, (id) => secrets[id]).then(
        (replay) => replay && handle(replay, res),
        () => refuse(res, 400, "MalformedPOSTRequest", "The body of your POST request is not well-formed."),
      );
      return;
    }
    handle(req, res);
  });

  try {
    await new Promise<void>((ok, fail) => {
      server.once("error", fail);
      server.listen({ port: options.port ?? 0, host: "127.0.0.1", exclusive: true }, () => {
        server.off("error", fail);
        ok();
      });
    });
  } catch (e) {
    s3rver.logger.close();
    if (temporary) await rm(directory, { recursive: true, force: true });
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new PortInUseError(options.port ?? 0, what);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      s3rver.logger.close();
      if (temporary) await rm(directory, { recursive: true, force: true });
    })();
    return stopped;
  };
  return { endpoint: `http://127.0.0.1:${port}`, port, stop };
}
