// The web app's field limits are the API's: a field that lets a learner type more than the server takes fails here.
import { expect, it } from "vitest";
import { createPlatform, loadConfig } from "../../core/src/platform/index.js";
import { createApp } from "../../functions/src/api/app.js";
import { LIMITS } from "../src/lib/limits.js";
import { PROOF_MAX_BYTES, PROOF_TYPES } from "../src/lib/sessions.js";

type JsonSchema = {
  properties?: Record<string, { maxLength?: number; minLength?: number; maximum?: number; enum?: string[] }>;
};

it("matches the lengths the OpenAPI document allows", async () => {
  const app = createApp(createPlatform(loadConfig({}, { runtime: "local", logLevel: "error" })));
  const doc = (await (await app.request("/openapi.json")).json()) as {
    components: { schemas: Record<string, JsonSchema> };
  };
  const field = (schema: string, name: string) => doc.components.schemas[schema]?.properties?.[name];
  expect(field("SignupInput", "name")?.maxLength).toBe(LIMITS.name.max);
  expect(field("SignupInput", "password")).toMatchObject({
    minLength: LIMITS.password.min,
    maxLength: LIMITS.password.max,
  });
  expect(field("ProfilePatch", "name")?.maxLength).toBe(LIMITS.name.max);
  expect(field("ProfilePatch", "bio")?.maxLength).toBe(LIMITS.bio.max);
  expect(field("GoalInput", "title")?.maxLength).toBe(LIMITS.goalTitle.max);
  expect(field("GoalInput", "description")?.maxLength).toBe(LIMITS.goalDescription.max);
  expect(field("MessageInput", "text")?.maxLength).toBe(LIMITS.tutorMessage.max);
  expect(field("AttemptInput", "answer")?.maxLength).toBe(LIMITS.tutorAnswer.max);
  expect(field("SubmitCode", "code")?.maxLength).toBe(LIMITS.submissionCode.max);
  // What the browser lets a learner pick as proof is what the upload policy signs for.
  expect([...PROOF_TYPES].sort()).toEqual([...(field("ProofUploadInput", "contentType")?.enum ?? [])].sort());
  expect(field("ProofUploadInput", "size")?.maximum).toBe(PROOF_MAX_BYTES);
}, 30_000);
