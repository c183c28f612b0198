// `pnpm dev`: the whole product on one machine, no cloud account. Ctrl-C stops it; data stays in .data/ (or
// PACTLY_DATA_DIR).
import { resolve } from "node:path";
import { REPO_ROOT, startLocalRuntime } from "./runtime.js";

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.PACTLY_DATA_DIR ?? `${REPO_ROOT}.data`);

try {
  const runtime = await startLocalRuntime({ port, dataDir });
  const u = runtime.url;
  process.stdout.write(
    [
      "",
      "  Pactly is running locally",
      `  App        ${u}/`,
      `  API        ${u}/v1/health`,
      `  API docs   ${u}/docs  (${u}/openapi.json)`,
      `  Outbox     ${u}/dev/outbox`,
      `  Queues     ${u}/dev/queues`,
      `  Data       ${dataDir}`,
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n  ${signal}: stopping…\n`);
    await runtime.stop();
    process.stdout.write(`  Stopped. Your data is kept in ${dataDir}.\n`);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
} catch (e) {
  process.stderr.write(`\n  Pactly could not start: ${(e as Error).message}\n\n`);
  process.exit(1);
}
