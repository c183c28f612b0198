// `pnpm admin:grant <email> [--revoke]`: gives an existing account the admin role (or takes it back) in the local
// data (.data/, also while `pnpm dev` runs), or in any table reached through PACTLY_DYNAMO_ENDPOINT / --cloud.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { systemActor } from "@pactly/core/access";
import { findUserByEmail, normalizeEmail, setRole } from "@pactly/core/accounts";
import { createLogger, createPlatform, ensureTable, loadConfig, type Platform } from "@pactly/core/platform";
import { repoRoot, startDynamoLocal } from "./emulators.js";

export type GrantResult =
  | { ok: true; userId: string; role: "admin" | "learner"; changed: boolean }
  | { ok: false; reason: string };

/** The role change itself: only for an account that exists, by the system actor. */
export async function changeRoleByEmail(p: Platform, email: string, role: "admin" | "learner"): Promise<GrantResult> {
  const user = await findUserByEmail(p, email);
  if (!user)
    return { ok: false, reason: `No account uses ${normalizeEmail(email)}. Sign up (or use dev sign-in) first.` };
  const changed = user.role !== role;
  if (changed) await setRole(p, systemActor, user.id, role);
  return { ok: true, userId: user.id, role, changed };
}

const USAGE = "Usage: pnpm admin:grant <email> [--revoke] [--cloud]";

async function main(argv: string[]): Promise<number> {
  const email = argv.find((a) => !a.startsWith("--"));
  if (!email || argv.includes("--help")) {
    process.stderr.write(`${USAGE}\n`);
    return email ? 0 : 2;
  }
  const role = argv.includes("--revoke") ? "learner" : "admin";
  const cloud = argv.includes("--cloud");
  let stop = async () => {};
  let dynamoEndpoint = process.env.PACTLY_DYNAMO_ENDPOINT;
  if (!cloud && !dynamoEndpoint) {
    // DynamoDB Local on the runtime's database file; SQLite's locking lets it share the file with `pnpm dev`.
    const dataDir = resolve(process.env.PACTLY_DATA_DIR ?? `${repoRoot()}/.data`);
    const ddb = await startDynamoLocal({ dataDir: `${dataDir}/dynamodb` });
    stop = () => ddb.stop();
    dynamoEndpoint = ddb.endpoint;
  }
  try {
    if (cloud && !process.env.PACTLY_TABLE) throw new Error("--cloud needs PACTLY_TABLE (and AWS credentials).");
    // Only the store is used: the local adapters for the rest are created and never touched.
    const config = loadConfig(process.env, { runtime: "local", ...(dynamoEndpoint ? { dynamoEndpoint } : {}) });
    const p = createPlatform(config, { log: createLogger({ level: "warn" }) });
    if (!cloud) await ensureTable({ tableName: config.tableName, region: config.region, endpoint: dynamoEndpoint });
    const result = await changeRoleByEmail(p, email, role);
    if (!result.ok) {
      process.stderr.write(`${result.reason}\n`);
      return 1;
    }
    const what = role === "admin" ? "is now an admin" : "is no longer an admin";
    process.stdout.write(
      `${normalizeEmail(email)} ${result.changed ? what : `${what} (no change)`} [user ${result.userId}]\n`,
    );
    return 0;
  } finally {
    await stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`admin:grant failed: ${e.message}\n`);
      process.exit(1);
    },
  );
}
