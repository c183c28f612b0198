// The emulator endpoints that the run's global setup (test/setup/global.ts) hands to every test file.
import { inject } from "vitest";

/** What the global setup provides: both endpoints, or why the emulators could not start. */
export type EmulatorState = { dynamoEndpoint: string; s3Endpoint: string } | { error: string };

declare module "vitest" {
  export interface ProvidedContext {
    emulators: EmulatorState;
  }
}

/**
 * The endpoints of the shared DynamoDB Local and S3 emulator. Throws the start-up failure (for instance a
 * missing Java) in the tests that need them, so tests that do not still run.
 */
export function emulatorEndpoints(): { dynamoEndpoint: string; s3Endpoint: string } {
  const state = inject("emulators");
  if (!state)
    throw new Error("No emulators: run the tests through the root vitest.config.ts, whose global setup starts them.");
  if ("error" in state) throw new Error(`The local emulators did not start: ${state.error}`);
  return state;
}
