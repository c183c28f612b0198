// The API description passes Spectral's OpenAPI rules and the OWASP API Security ruleset (.spectral.yaml) with no
// error: the document is generated as the API serves it and linted by the Spectral command line.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { accountsApp } from "../accounts/helpers.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const SPECTRAL = join(
  dirname(createRequire(import.meta.url).resolve("@stoplight/spectral-cli/package.json")),
  "dist/index.js",
);

interface Finding {
  code: string;
  message: string;
  path: (string | number)[];
  severity: number;
}

async function lint(doc: unknown): Promise<Finding[]> {
  const dir = await mkdtemp(join(tmpdir(), "openapi-lint-"));
  try {
    const file = join(dir, "openapi.json");
    await writeFile(file, JSON.stringify(doc));
    const run = promisify(execFile);
    const args = [SPECTRAL, "lint", file, "--ruleset", join(ROOT, ".spectral.yaml"), "--format", "json", "--quiet"];
    // Spectral exits 1 when it finds errors; its findings are on stdout either way.
    const { stdout } = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).catch(
      (e: { stdout?: string; stderr?: string }) => {
        if (!e.stdout) throw new Error(`spectral failed: ${e.stderr}`);
        return { stdout: e.stdout };
      },
    );
    return JSON.parse(stdout) as Finding[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const SEVERITY_ERROR = 0;

describe("the OpenAPI document under Spectral's OAS and OWASP rules", () => {
  it("has no error-level finding", { timeout: 120_000 }, async () => {
    const { app } = await accountsApp();
    const doc = await (await app.request("/openapi.json")).json();
    const findings = await lint(doc);
    const errors = findings
      .filter((f) => f.severity === SEVERITY_ERROR)
      .map((f) => `${f.code} at ${f.path.join("/")}: ${f.message}`);
    expect(errors).toEqual([]);
  });

  it("does find errors: an unbounded string and an unsecured write are reported", { timeout: 120_000 }, async () => {
    const { app } = await accountsApp();
    const doc = (await (await app.request("/openapi.json")).json()) as any;
    doc.paths["/v1/goals"].post.security = [];
    doc.paths["/v1/goals"].post.requestBody.content["application/json"].schema = {
      type: "object",
      properties: { note: { type: "string" } },
    };
    const codes = (await lint(doc)).filter((f) => f.severity === SEVERITY_ERROR).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["owasp:api4:2023-string-limit", "owasp:api2:2023-write-restricted"]));
  });
});
