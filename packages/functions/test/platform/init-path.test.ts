// What a cold start of the API Lambda reads: bundled as deployed, the init path holds no full zod, no OpenAPI
// extension and no route, so a new domain's schemas and routes never reach init.

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleLikeSst } from "../../../../bench/lib/sst-bundle.js";
import { NODEJS_BUNDLING } from "../../../../stacks/bundling.js";

const out = mkdtempSync(path.join(os.tmpdir(), "pactly-init-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the API Lambda's init path", () => {
  it("loads the config's small zod, but neither the full zod, its OpenAPI extension nor any route", async () => {
    const bundle = await bundleLikeSst("packages/functions/src/api/lambda.ts", `${out}/lambda.mjs`, NODEJS_BUNDLING);
    const outputs = bundle.metafile.outputs;
    const atInit = bundle.initOutputs.flatMap((f) => Object.keys(outputs[f]?.inputs ?? {}));
    const shipped = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));

    expect(atInit.some((i) => /zod[\\/]v4[\\/]mini[\\/]/.test(i))).toBe(true);
    expect(atInit.filter((i) => /zod[\\/]v4[\\/]classic[\\/]|zod-to-openapi|@hono[\\/]zod-openapi/.test(i))).toEqual(
      [],
    );
    // Only the parts of zod's core the config uses: shared with the routes' zod, every part any route uses would load.
    const zodAtInit = bundle.initOutputs
      .flatMap((f) => Object.entries(outputs[f]?.inputs ?? {}))
      .filter(([i]) => /[\\/]zod[\\/]/.test(i))
      .reduce((sum, [, v]) => sum + v.bytesInOutput, 0);
    expect(zodAtInit).toBeLessThan(64 * 1024);
    expect(atInit.filter((i) => /functions[\\/]src[\\/]api[\\/]routes[\\/]/.test(i))).toEqual([]);
    // The routes and the full zod are still in the package, loaded on first use.
    expect(shipped.some((i) => /functions[\\/]src[\\/]api[\\/]routes[\\/]pods\.ts$/.test(i))).toBe(true);
    expect(shipped.some((i) => /zod[\\/]v4[\\/]classic[\\/]/.test(i))).toBe(true);
  }, 120_000);
});
