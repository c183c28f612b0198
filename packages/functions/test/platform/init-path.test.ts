// What a cold start of the API Lambda reads: bundled as deployed, the init path holds no zod, no OpenAPI extension
// and no route, so a new domain's schemas and routes never reach init.

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleLikeSst } from "../../../../bench/lib/sst-bundle.js";
import { NODEJS_BUNDLING } from "../../../../stacks/bundling.js";

const out = mkdtempSync(path.join(os.tmpdir(), "pactly-init-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the API Lambda's init path", () => {
  it("loads neither zod, its OpenAPI extension nor any route, and one file per part, not per domain", async () => {
    const bundle = await bundleLikeSst("packages/functions/src/api/lambda.ts", `${out}/lambda.mjs`, NODEJS_BUNDLING);
    const outputs = bundle.metafile.outputs;
    const atInit = bundle.initOutputs.flatMap((f) => Object.keys(outputs[f]?.inputs ?? {}));
    const shipped = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));

    expect(atInit.filter((i) => /[\\/]zod[\\/]|zod-to-openapi|@hono[\\/]zod-openapi/.test(i))).toEqual([]);
    expect(atInit.filter((i) => /functions[\\/]src[\\/]api[\\/]routes[\\/]/.test(i))).toEqual([]);
    // Every file read at init costs its own resolution and compilation: the domain modules are in the entry file,
    // not one chunk each (a lazily loaded file that imported a module would split it out).
    const entry = Object.entries(outputs).find(([, o]) => o.entryPoint?.endsWith("api/lambda.ts"))?.[1];
    const modules = atInit.filter((i) => /core[\\/]src[\\/][a-z]+[\\/]module\.ts$/.test(i));
    expect(modules.length).toBeGreaterThan(15);
    expect(modules.filter((m) => !(m in (entry?.inputs ?? {})))).toEqual([]);
    // The entry, Hono's core (the routes import it too), the platform and esbuild's helpers.
    expect(bundle.initOutputs.length).toBeLessThanOrEqual(4);
    // The routes and the full zod are still in the package, loaded on first use.
    expect(shipped.some((i) => /functions[\\/]src[\\/]api[\\/]routes[\\/]pods\.ts$/.test(i))).toBe(true);
    expect(shipped.some((i) => /zod[\\/]v4[\\/]classic[\\/]/.test(i))).toBe(true);
  }, 120_000);
});
