// The access-pattern tables of docs/data-model.md and the entities in the code name the same patterns, keys alike.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { indexColumn, isEntity, keyExpression } from "../../src/platform/index.js";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const DOC = fileURLToPath(new URL("../../../../docs/data-model.md", import.meta.url));

interface Row {
  pattern: string;
  expression: string;
  index: string;
}
const line = (r: Row) => `| ${r.pattern} | ${r.expression} | ${r.index} |`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Every pattern of every entity any core module exports: nothing to register, a new entity is found. */
async function codeRows(): Promise<{ rows: Row[]; owners: Map<string, string> }> {
  const rows: Row[] = [];
  const owners = new Map<string, string>();
  const seen = new Set<unknown>();
  for (const file of sourceFiles(SRC)) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (!isEntity(value) || seen.has(value)) continue;
      seen.add(value);
      for (const spec of Object.values(value.patterns)) {
        const row = { pattern: spec.name, expression: keyExpression(spec), index: indexColumn(spec) };
        rows.push(row);
        owners.set(line(row), `${value.name} in ${relative(SRC, file)}`);
      }
    }
  }
  return { rows, owners };
}

/** Rows of every table whose header is `| pattern | key expression | index |`. */
function docRows(markdown: string): Row[] {
  const rows: Row[] = [];
  let inTable = false;
  for (const text of markdown.split("\n")) {
    const cells = text.trim().startsWith("|")
      ? text
          .trim()
          .slice(1, -1)
          .split(" | ")
          .map((c) => c.trim())
      : null;
    if (!cells) {
      inTable = false;
      continue;
    }
    if (cells.join("|") === "pattern|key expression|index") {
      inTable = true;
      continue;
    }
    if (!inTable || /^[-| ]+$/.test(text.trim())) continue;
    const [pattern, expression, index] = cells as [string, string, string];
    rows.push({ pattern, expression, index });
  }
  return rows;
}

describe("access patterns", () => {
  it("docs/data-model.md lists exactly the patterns the entities declare, with the same key expressions", async () => {
    const { rows: code, owners } = await codeRows();
    const docs = docRows(readFileSync(DOC, "utf8"));
    expect(code.length).toBeGreaterThan(30);
    const inDocs = new Set(docs.map(line));
    const inCode = new Set(code.map(line));
    const missingFromDocs = code.filter((r) => !inDocs.has(line(r))).map((r) => `${line(r)}  ← ${owners.get(line(r))}`);
    const missingFromCode = docs.filter((r) => !inCode.has(line(r))).map(line);
    expect({ missingFromDocs, missingFromCode }).toEqual({ missingFromDocs: [], missingFromCode: [] });
    expect(new Set(code.map((r) => r.pattern)).size).toBe(code.length);
  });
});
