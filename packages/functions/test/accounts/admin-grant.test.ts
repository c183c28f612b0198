// `pnpm admin:grant <email>`: the script run as a process against DynamoDB Local, and its role change.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { findUserByEmail } from "@pactly/core/accounts";
import { devLogIn } from "@pactly/core/auth";
import { describe, expect, it } from "vitest";
import { emulatorEndpoints } from "../../../core/test/helpers/emulators.js";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { changeRoleByEmail } from "../../src/local/admin-grant.js";

const ROOT = resolve(import.meta.dirname, "../../../..");

function runScript(args: string[], env: Record<string, string>) {
  return spawnSync(
    resolve(ROOT, "node_modules/.bin/tsx"),
    [resolve(ROOT, "packages/functions/src/local/admin-grant.ts"), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

describe("admin:grant", () => {
  it("grants and revokes the admin role of an existing account, as a command", async () => {
    const { platform: p, tableName } = await testPlatform({ domains: DOMAIN_MODULES, config: { devSignIn: true } });
    await devLogIn(p, { email: "ops@example.com", name: "Ops" });
    const env = { PACTLY_DYNAMO_ENDPOINT: emulatorEndpoints().dynamoEndpoint, PACTLY_TABLE: tableName };

    const grant = runScript(["OPS@example.com"], env);
    expect(grant.stderr).toBe("");
    expect(grant.status).toBe(0);
    expect(grant.stdout).toMatch(/^ops@example\.com is now an admin \[user [0-9A-Z]{26}\]\n$/);
    expect((await findUserByEmail(p, "ops@example.com"))?.role).toBe("admin");

    const revoke = runScript(["ops@example.com", "--revoke"], env);
    expect(revoke.status).toBe(0);
    expect((await findUserByEmail(p, "ops@example.com"))?.role).toBe("learner");

    const missing = runScript(["nobody@example.com"], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("No account uses nobody@example.com");
  }, 120_000);

  it("answers usage without an email", () => {
    const res = runScript([], {});
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("Usage: pnpm admin:grant <email>");
  });

  it("reports an unchanged role as such", async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, config: { devSignIn: true } });
    await devLogIn(p, { email: "boss@example.com", role: "admin" });
    expect(await changeRoleByEmail(p, "boss@example.com", "admin")).toMatchObject({ ok: true, changed: false });
  });
});
