// Vitest global setup: one in-memory DynamoDB Local and one S3 emulator for the whole run, on free ports.
//
// The endpoints reach the test files through vitest's provide/inject (read them with `emulatorEndpoints()` or
// `testPlatform()` from packages/core/test/helpers): unlike environment variables set here, provided values do
// not depend on when the worker processes are forked. Each test platform then creates its own table and bucket.
import type { TestProject } from "vitest/node";
import type { EmulatorState } from "../../packages/core/test/helpers/emulators.js";
import {
  type RunningEmulator,
  startDynamoLocal,
  startS3Emulator,
  useLocalAwsEnvironment,
} from "../../packages/functions/src/local/emulators.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Fake credentials and no metadata lookups for this process and the workers forked from it.
  useLocalAwsEnvironment();
  const started = await Promise.allSettled([startDynamoLocal(), startS3Emulator()]);
  const running = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const stopAll = async () => {
    await Promise.allSettled(running.map((e: RunningEmulator) => e.stop()));
  };

  const [dynamo, s3] = started;
  let state: EmulatorState;
  if (dynamo?.status === "fulfilled" && s3?.status === "fulfilled") {
    state = { dynamoEndpoint: dynamo.value.endpoint, s3Endpoint: s3.value.endpoint };
  } else {
    // Unit tests need no emulator and should still run (e.g. without Java); the tests that do need one fail
    // with this message, via emulatorEndpoints().
    const reasons = started.flatMap((s) => (s.status === "rejected" ? [(s.reason as Error).message] : []));
    state = { error: reasons.join("\n") };
    process.stderr.write(
      `\n[test setup] The local emulators did not start; tests that need them will fail:\n${state.error}\n\n`,
    );
    await stopAll();
  }
  project.provide("emulators", state);
  return stopAll;
}
