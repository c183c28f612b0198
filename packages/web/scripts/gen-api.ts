// `pnpm --filter @pactly/web gen:api`: writes src/api/schema.gen.ts from the API's OpenAPI document, no server needed.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateSchemaSource, SCHEMA_FILE } from "./api-schema.js";

const { source, paths } = await generateSchemaSource();
writeFileSync(SCHEMA_FILE, source);
process.stdout.write(`Wrote ${fileURLToPath(SCHEMA_FILE)} (${paths} paths)\n`);
