// The web client's generated API types match the API as it is now: a route changed without `gen:api` fails here.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { generateSchemaSource, SCHEMA_FILE } from "../scripts/api-schema.js";

it("src/api/schema.gen.ts is generated from the current OpenAPI document", async () => {
  const { source } = await generateSchemaSource();
  const committed = readFileSync(SCHEMA_FILE, "utf8");
  expect(committed === source, "run `pnpm --filter @pactly/web gen:api` and commit src/api/schema.gen.ts").toBe(true);
}, 30_000);
